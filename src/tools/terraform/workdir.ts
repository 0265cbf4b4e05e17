// Where terraform will act: the working directory (-chdir), the workspace and the backend, from the files terraform writes.
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { flagValues, type TerraformCommand } from './parser.js';

export interface Workdir {
  /** Absolute working directory after -chdir. */
  readonly dir: string;
  readonly workspace: string;
  readonly workspaceSource: string;
  /** Backend type (`local`, `s3`, `cloud`…) as `terraform init` recorded it. */
  readonly backend: string;
  readonly backendSource: string;
  /** For the local backend: the state file this workspace uses (it may not exist yet). */
  readonly localStatePath: string | null;
  /** What could not be read (a corrupt backend record, an unreadable environment file). */
  readonly problems: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

async function readText(ctx: Context, path: string): Promise<string | null> {
  if (!ctx.fileExists(path)) return null;
  return (await ctx.readFile(path)).toString('utf8');
}

/**
 * TF_WORKSPACE > $TF_DATA_DIR/environment > `default` (terraform's command/meta.go Workspace()).
 * The backend comes from $TF_DATA_DIR/terraform.tfstate, the JSON record `terraform init`
 * writes; guard does not parse HCL, so an uninitialised directory counts as the local backend
 * (terraform itself refuses to plan or apply against an uninitialised remote backend).
 */
export async function resolveWorkdir(command: TerraformCommand, ctx: Context): Promise<Workdir> {
  const dir = command.chdir === null ? ctx.cwd : isAbsolute(command.chdir) ? command.chdir : resolvePath(ctx.cwd, command.chdir);
  const dataDirSetting = ctx.env.TF_DATA_DIR;
  const dataDir = dataDirSetting ? resolvePath(dir, dataDirSetting) : join(dir, '.terraform');
  const problems: string[] = [];

  let workspace = 'default';
  let workspaceSource = 'default: no workspace selected';
  const fromEnvironment = ctx.env.TF_WORKSPACE;
  if (fromEnvironment) {
    workspace = fromEnvironment;
    workspaceSource = 'TF_WORKSPACE';
  } else {
    try {
      const selected = (await readText(ctx, join(dataDir, 'environment')))?.trim();
      if (selected) {
        workspace = selected;
        workspaceSource = `${join(dataDir, 'environment')}`;
      }
    } catch (error) {
      problems.push(`the selected workspace (${join(dataDir, 'environment')}): ${(error as Error).message}`);
    }
  }

  let backend = 'local';
  let backendSource = 'default: no backend recorded by terraform init';
  let localConfig: Json = {};
  const record = join(dataDir, 'terraform.tfstate');
  try {
    const raw = await readText(ctx, record);
    if (raw !== null) {
      const parsed: unknown = JSON.parse(raw);
      const block = isObject(parsed) ? parsed.backend : undefined;
      if (isObject(block) && typeof block.type === 'string') {
        backend = block.type;
        backendSource = record;
        if (isObject(block.config)) localConfig = block.config;
      }
    }
  } catch (error) {
    problems.push(`the backend record ${record}: ${(error as Error).message}`);
    backend = 'unknown';
  }

  let localStatePath: string | null = null;
  if (backend === 'local') {
    // The local backend's own defaults (internal/backend/local): path and workspace_dir.
    const explicit = flagValues(command, 'state').at(-1);
    const path = typeof localConfig.path === 'string' && localConfig.path ? localConfig.path : 'terraform.tfstate';
    const workspaceDir = typeof localConfig.workspace_dir === 'string' && localConfig.workspace_dir ? localConfig.workspace_dir : 'terraform.tfstate.d';
    const chosen = explicit ?? (workspace === 'default' ? path : join(workspaceDir, workspace, 'terraform.tfstate'));
    localStatePath = resolvePath(dir, chosen);
  }
  return { dir, workspace, workspaceSource, backend, backendSource, localStatePath, problems };
}
