// terraform's and tofu's subcommands and their single-dash flags, as tables (checked against `terraform <cmd> -help`).
import type { TerraformRuleKey } from './rules.js';

/** Go's flag package: a bool flag takes no argument (`-destroy`, `-destroy=false`); the others take one. */
export type FlagKind = 'bool' | 'value';
export type FlagTable = Readonly<Record<string, FlagKind>>;

export interface CommandSpec {
  readonly path: readonly string[];
  readonly flags: FlagTable;
  /** The rule when nothing in the flags changes it (apply, fmt, state rm -dry-run… decide in code). */
  readonly action: TerraformRuleKey;
  /** Positional arguments the command accepts; more makes terraform refuse, and guard fail closed. */
  readonly maxPositionals: number;
}

const LOCK: FlagTable = { lock: 'bool', 'lock-timeout': 'value' };
const LEGACY_STATE: FlagTable = { state: 'value', 'state-out': 'value', backup: 'value', 'ignore-remote-version': 'bool' };
const VARS: FlagTable = { var: 'value', 'var-file': 'value' };

/** `terraform plan -help` "Plan Customization Options": apply and destroy accept them too. */
export const PLAN_CUSTOMISATION: FlagTable = {
  destroy: 'bool',
  'refresh-only': 'bool',
  refresh: 'bool',
  replace: 'value',
  target: 'value',
  ...VARS,
};

/** OpenTofu's additions (opentofu.org/docs/cli/commands/plan, 1.9–1.10): -exclude and the file forms. */
export const TOFU_PLAN_CUSTOMISATION: FlagTable = { exclude: 'value', 'target-file': 'value', 'exclude-file': 'value' };

const PLAN_OTHER: FlagTable = {
  'compact-warnings': 'bool',
  input: 'bool',
  ...LOCK,
  'no-color': 'bool',
  parallelism: 'value',
  state: 'value',
  json: 'bool',
};

const PLAN: FlagTable = { ...PLAN_CUSTOMISATION, ...PLAN_OTHER, 'detailed-exitcode': 'bool', 'generate-config-out': 'value', out: 'value' };
const APPLY: FlagTable = { ...PLAN_CUSTOMISATION, ...PLAN_OTHER, 'auto-approve': 'bool', backup: 'value', 'state-out': 'value' };

const spec = (path: string, action: TerraformRuleKey, flags: FlagTable = {}, maxPositionals = 0): CommandSpec => ({
  path: path.split(' '),
  flags,
  action,
  maxPositionals,
});

const STATE_COMMANDS: readonly CommandSpec[] = [
  spec('state list', 'read', { state: 'value', id: 'value' }, Number.POSITIVE_INFINITY),
  spec('state show', 'read', { state: 'value' }, 1),
  spec('state pull', 'read'),
  spec('state rm', 'state-rm', { 'dry-run': 'bool', ...LOCK, ...LEGACY_STATE }, Number.POSITIVE_INFINITY),
  spec('state mv', 'write', { 'dry-run': 'bool', ...LOCK, ...LEGACY_STATE }, 2),
  spec('state push', 'state-push', { force: 'bool', ...LOCK, 'ignore-remote-version': 'bool' }, 1),
  spec('state replace-provider', 'write', { 'auto-approve': 'bool', ...LOCK, ...LEGACY_STATE }, 2),
];

const WORKSPACE_COMMANDS = (root: string): readonly CommandSpec[] => [
  spec(`${root} list`, 'read', {}, 1),
  spec(`${root} show`, 'read'),
  spec(`${root} new`, 'write', { ...LOCK, state: 'value' }, 1),
  spec(`${root} select`, 'write', { 'or-create': 'bool' }, 1),
  spec(`${root} delete`, 'workspace-delete', { force: 'bool', ...LOCK }, 1),
];

/** Every command of terraform 1.11 (`terraform -help`), nested ones listed by their full path. */
export const TERRAFORM_COMMANDS: readonly CommandSpec[] = [
  spec('init', 'write', {
    backend: 'bool', 'backend-config': 'value', 'force-copy': 'bool', 'from-module': 'value', get: 'bool', input: 'bool', ...LOCK,
    'no-color': 'bool', json: 'bool', 'plugin-dir': 'value', reconfigure: 'bool', 'migrate-state': 'bool', upgrade: 'bool',
    lockfile: 'value', 'ignore-remote-version': 'bool', 'test-directory': 'value',
  }),
  spec('validate', 'read', { json: 'bool', 'no-color': 'bool', 'no-tests': 'bool', 'test-directory': 'value' }),
  spec('plan', 'read', PLAN),
  spec('apply', 'apply-unseen', APPLY, 1),
  spec('destroy', 'destroy', APPLY),
  spec('console', 'read', { state: 'value', plan: 'bool', ...VARS }),
  spec('fmt', 'write', { list: 'bool', write: 'bool', diff: 'bool', check: 'bool', 'no-color': 'bool', recursive: 'bool' }, Number.POSITIVE_INFINITY),
  spec('force-unlock', 'write', { force: 'bool' }, 1),
  spec('get', 'write', { update: 'bool', 'no-color': 'bool', 'test-directory': 'value' }),
  spec('graph', 'read', { plan: 'value', 'draw-cycles': 'bool', type: 'value', 'module-depth': 'value' }),
  spec('import', 'write', { config: 'value', input: 'bool', ...LOCK, 'no-color': 'bool', ...VARS, ...LEGACY_STATE }, 2),
  spec('login', 'write', {}, 1),
  spec('logout', 'write', {}, 1),
  spec('metadata functions', 'read', { json: 'bool' }),
  spec('modules', 'read', { json: 'bool' }),
  spec('output', 'read', { state: 'value', 'no-color': 'bool', json: 'bool', raw: 'bool' }, 1),
  spec('providers', 'read', { 'test-directory': 'value' }, 1),
  spec('providers lock', 'write', { 'fs-mirror': 'value', 'net-mirror': 'value', platform: 'value', 'enable-plugin-cache': 'bool' }, Number.POSITIVE_INFINITY),
  spec('providers mirror', 'write', { platform: 'value', 'lock-file': 'bool' }, 1),
  spec('providers schema', 'read', { json: 'bool' }),
  spec('refresh', 'write', { 'compact-warnings': 'bool', input: 'bool', ...LOCK, 'no-color': 'bool', parallelism: 'value', target: 'value', ...VARS, ...LEGACY_STATE }),
  spec('show', 'read', { 'no-color': 'bool', json: 'bool' }, 1),
  ...STATE_COMMANDS,
  spec('taint', 'write', { 'allow-missing': 'bool', ...LOCK, ...LEGACY_STATE }, 1),
  spec('untaint', 'write', { 'allow-missing': 'bool', ...LOCK, ...LEGACY_STATE }, 1),
  // test applies the configuration for real (in its own state) and destroys what it created.
  spec('test', 'write', { 'cloud-run': 'value', filter: 'value', json: 'bool', 'no-color': 'bool', 'test-directory': 'value', ...VARS, verbose: 'bool' }),
  spec('version', 'read', { json: 'bool' }),
  ...WORKSPACE_COMMANDS('workspace'),
  // `terraform env …` is the deprecated name of `workspace` (still accepted by 1.11).
  ...WORKSPACE_COMMANDS('env'),
];

/** Commands that only group others: run bare they print help. */
export const GROUP_COMMANDS = new Set(['state', 'workspace', 'env', 'metadata']);

/** The longest command path that the leading words name (`state rm`, `providers`, `apply`). */
export function findCommand(words: readonly string[]): CommandSpec | null {
  let best: CommandSpec | null = null;
  for (const candidate of TERRAFORM_COMMANDS) {
    if (candidate.path.length > words.length) continue;
    if (!candidate.path.every((word, i) => words[i] === word)) continue;
    if (!best || candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}
