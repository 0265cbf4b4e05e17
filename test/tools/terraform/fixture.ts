// A real terraform working directory in a temp dir: terraform_data resources, local backend, no provider download.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAS_TERRAFORM = spawnSync('terraform', ['-version'], { stdio: 'ignore' }).status === 0;

/** What every terraform run here needs: no prompts, no CLI config warnings, no checkpoint calls. */
export const TERRAFORM_ENV: Record<string, string> = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' };

export interface TerraformDir {
  /** The parent directory (for -chdir runs). */
  readonly root: string;
  /** The working directory, named `infra`. */
  readonly dir: string;
  terraform(...args: string[]): string;
  writeConfig(hcl: string): void;
  /** Managed resource addresses in a workspace's local state. */
  stateAddresses(workspace?: string): string[];
  cleanup(): void;
}

export const THREE_RESOURCES = `
resource "terraform_data" "a" { input = "a" }
resource "terraform_data" "b" {
  count = 2
  input = "b\${count.index}"
}
`;

export function createTerraformDir(hcl: string = THREE_RESOURCES): TerraformDir {
  const root = mkdtempSync(join(tmpdir(), 'guard-tf-'));
  const dir = join(root, 'infra');
  mkdirSync(dir);
  const env = { ...process.env, ...TERRAFORM_ENV };
  const terraform = (...args: string[]): string => {
    const result = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`terraform ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const writeConfig = (text: string) => writeFileSync(join(dir, 'main.tf'), text);
  writeConfig(hcl);
  terraform('init', '-input=false');
  return {
    root,
    dir,
    terraform,
    writeConfig,
    stateAddresses(workspace = 'default') {
      const path = workspace === 'default' ? join(dir, 'terraform.tfstate') : join(dir, 'terraform.tfstate.d', workspace, 'terraform.tfstate');
      const state = JSON.parse(readFileSync(path, 'utf8')) as { resources: { mode: string; type: string; name: string; instances: { index_key?: number }[] }[] };
      return state.resources
        .filter((r) => r.mode === 'managed')
        .flatMap((r) => r.instances.map((i) => `${r.type}.${r.name}${i.index_key === undefined ? '' : `[${i.index_key}]`}`))
        .sort();
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
