// Which stack a pulumi command acts on: -s/--stack > PULUMI_STACK > the workspace's selected stack; and its environment.
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { GuardConfig } from '../../config/types.js';
import type { Context } from '../../core/context.js';
import { environmentFacts, isProtectedName, unknownEnvironment } from '../../core/environment.js';
import type { EnvironmentFacts } from '../../core/types.js';
import { flagValue, type PulumiCommand } from './parser.js';
import { globMatches } from '../../config/glob.js';

export interface StackFacts {
  readonly dir: string;
  /** Path of Pulumi.yaml, or null when none was found upward from dir. */
  readonly projectFile: string | null;
  readonly project: string | null;
  /** As given or selected: `dev`, `acme/dev`, `acme/shop/prod`; null when none. */
  readonly stack: string | null;
  readonly stackSource: string;
  readonly problems: readonly string[];
}

// workspace.DetectProjectPathFrom: the nearest project file upward.
const PROJECT_FILES = ['Pulumi.yaml', 'Pulumi.yml', 'Pulumi.json'];

function findProjectFile(start: string, ctx: Context): string | null {
  let dir = start;
  for (;;) {
    for (const name of PROJECT_FILES) if (ctx.fileExists(join(dir, name))) return join(dir, name);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * sdk/go/common/workspace/workspace.go: settings live in
 * `$PULUMI_HOME/workspaces/<project>-<sha1(project file path)>-workspace.json`, `{"stack": …}`.
 */
export async function resolveStack(command: PulumiCommand, ctx: Context): Promise<StackFacts> {
  const cwdFlag = flagValue(command, 'cwd');
  const dir = cwdFlag === undefined ? ctx.cwd : isAbsolute(cwdFlag) ? cwdFlag : resolvePath(ctx.cwd, cwdFlag);
  const problems: string[] = [];
  const projectFile = findProjectFile(dir, ctx);
  let project: string | null = null;
  if (projectFile) {
    try {
      const parsed: unknown = parseYaml((await ctx.readFile(projectFile)).toString('utf8'));
      const name = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).name : undefined;
      if (typeof name === 'string' && name) project = name;
      else problems.push(`${projectFile} has no project name`);
    } catch (error) {
      problems.push(`${projectFile}: ${(error as Error).message}`);
    }
  }
  const named = command.path.join(' ') === 'stack rm' || command.path.join(' ') === 'stack select' ? command.positionals[0] : undefined;
  const fromFlag = flagValue(command, 'stack');
  if (named) return { dir, projectFile, project, stack: named, stackSource: `argument of pulumi ${command.path.join(' ')}`, problems };
  if (fromFlag) return { dir, projectFile, project, stack: fromFlag, stackSource: '--stack', problems };
  if (ctx.env.PULUMI_STACK) return { dir, projectFile, project, stack: ctx.env.PULUMI_STACK, stackSource: 'PULUMI_STACK', problems };
  if (projectFile && project) {
    const home = ctx.env.PULUMI_HOME || join(ctx.home, '.pulumi');
    const settings = join(home, 'workspaces', `${project}-${createHash('sha1').update(projectFile).digest('hex')}-workspace.json`);
    try {
      if (ctx.fileExists(settings)) {
        const parsed: unknown = JSON.parse((await ctx.readFile(settings)).toString('utf8'));
        const stack = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).stack : undefined;
        if (typeof stack === 'string' && stack) return { dir, projectFile, project, stack, stackSource: settings, problems };
      }
    } catch (error) {
      problems.push(`${settings}: ${(error as Error).message}`);
    }
  }
  return { dir, projectFile, project, stack: null, stackSource: 'no stack selected', problems };
}

/** A `match.pulumi` entry of guard's configuration (globs: * and ?). */
import type { PulumiMatch } from '../../config/types.js';
// Static: bundled, a dynamic import('yaml') loses its named exports (this family loads only for pulumi).
import { parse as parseYaml } from 'yaml';
export type { PulumiMatch };

const KNOWN_ENVIRONMENTS = new Set(['dev', 'development', 'staging', 'stage', 'test', 'testing', 'qa', 'sandbox', 'preview', 'local', 'demo', 'ci']);


type WithPulumi = { readonly pulumi?: readonly PulumiMatch[] } | undefined;

function matchLayer(layer: GuardConfig['user'], facts: StackFacts, label: string): { name: string; source: string } | null {
  if (!layer || !facts.stack) return null;
  for (const [name, environment] of Object.entries(layer.environments)) {
    for (const rule of (environment.match as WithPulumi)?.pulumi ?? []) {
      if (rule.stack !== undefined && !globMatches(rule.stack, facts.stack)) continue;
      if (rule.project !== undefined && !globMatches(rule.project, facts.project ?? '')) continue;
      return { name, source: `${label} ${layer.file}: pulumi ${Object.entries(rule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` };
    }
  }
  return null;
}

/** Defaults: "prod" in the stack name → production; a known environment name → that one; else unknown (protected). */
export function pulumiEnvironment(facts: StackFacts, config: GuardConfig): EnvironmentFacts {
  let chosen = matchLayer(config.user, facts, 'config');
  if (!chosen) {
    const short = facts.stack?.split('/').at(-1) ?? '';
    if (!facts.stack) chosen = { name: 'unknown', source: 'no stack selected (pulumi would ask, or fail without a terminal)' };
    else if (isProtectedName(short)) chosen = { name: 'production', source: `default: stack ${facts.stack} names production` };
    else if (KNOWN_ENVIRONMENTS.has(short.toLowerCase())) chosen = { name: short.toLowerCase(), source: `default: stack ${facts.stack}` };
    else chosen = { name: 'unknown', source: `no environment in the configuration matches stack ${facts.stack}` };
  }
  let env = chosen.name === 'unknown' ? unknownEnvironment(chosen.source) : environmentFacts(chosen.name, chosen.source, config);
  const project = matchLayer(config.project, facts, 'project config');
  if (project) {
    const projectFacts = environmentFacts(project.name, project.source, config);
    if (projectFacts.protected && (!env.protected || env.name === 'unknown')) env = projectFacts;
  }
  return env;
}
