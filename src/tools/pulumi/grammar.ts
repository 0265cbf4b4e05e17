// pulumi's commands, aliases and flags as a table (cobra/pflag: flags anywhere, --long[=v], -s v, -sv, -yf).
import type { PulumiRuleKey } from './rules.js';

export type FlagKind = 'bool' | 'value';
/** Long name → kind; shorthands map to long names. */
export interface FlagSet {
  readonly long: Readonly<Record<string, FlagKind>>;
  readonly short: Readonly<Record<string, string>>;
}

export interface CommandNode {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly action?: PulumiRuleKey;
  readonly flags?: FlagSet;
  readonly children?: readonly CommandNode[];
}

const flags = (long: Record<string, FlagKind>, short: Record<string, string> = {}): FlagSet => ({ long, short });
const merge = (...sets: FlagSet[]): FlagSet => ({ long: Object.assign({}, ...sets.map((s) => s.long)), short: Object.assign({}, ...sets.map((s) => s.short)) });

/** Persistent flags of the root command (docs: "Options inherited from parent commands"). */
export const GLOBAL_FLAGS = flags(
  {
    color: 'value', cwd: 'value', 'disable-integrity-checking': 'bool', emoji: 'bool', 'fully-qualify-stack-names': 'bool', logflow: 'bool',
    logtostderr: 'bool', memprofilerate: 'value', 'non-interactive': 'bool', profiling: 'value', tracing: 'value', 'tracing-header': 'value',
    verbose: 'value', help: 'bool', 'otel-traces': 'value',
  },
  { C: 'cwd', e: 'emoji', Q: 'fully-qualify-stack-names', v: 'verbose', h: 'help' },
);

const STACK = flags({ stack: 'value' }, { s: 'stack' });
const CONFIG = flags({ config: 'value', 'config-file': 'value', 'config-path': 'bool' }, { c: 'config' });
/** Shared by up, preview, destroy and refresh (pulumi_up, pulumi_preview, pulumi_destroy, pulumi_refresh docs). */
const ENGINE = merge(
  STACK,
  CONFIG,
  flags(
    {
      yes: 'bool', 'skip-preview': 'bool', target: 'value', 'target-dependents': 'bool', exclude: 'value', 'exclude-dependents': 'bool',
      refresh: 'bool', message: 'value', parallel: 'value', debug: 'bool', diff: 'bool', json: 'bool', 'suppress-outputs': 'bool',
      'suppress-progress': 'bool', 'suppress-permalink': 'bool', 'show-config': 'bool', 'show-replacement-steps': 'bool', 'show-sames': 'bool',
      'show-reads': 'bool', 'show-full-output': 'bool', 'show-secrets': 'bool', 'policy-pack': 'value', 'policy-pack-config': 'value',
      'event-log': 'value', 'continue-on-error': 'bool', 'secrets-provider': 'value', 'attach-debugger': 'value', 'run-program': 'bool',
      'import-pending-creates': 'value', 'clear-pending-creates': 'bool', 'skip-pending-creates': 'bool', 'preview-only': 'bool',
    },
    { y: 'yes', f: 'skip-preview', t: 'target', x: 'exclude', r: 'refresh', m: 'message', p: 'parallel', d: 'debug', j: 'json' },
  ),
);
const UP = merge(ENGINE, flags({ replace: 'value', 'target-replace': 'value', 'expect-no-changes': 'bool', plan: 'value', 'save-plan': 'value', 'import-file': 'value' }));
const DESTROY = merge(ENGINE, flags({ 'exclude-protected': 'bool', remove: 'bool' }));
const BARE = flags({});
const YES = flags({ yes: 'bool', force: 'bool' }, { y: 'yes', f: 'force' });

const leaf = (name: string, action: PulumiRuleKey, set: FlagSet = BARE, aliases?: string[]): CommandNode => ({ name, action, flags: set, ...(aliases ? { aliases } : {}) });

export const PULUMI_ROOT: CommandNode = {
  name: 'pulumi',
  flags: GLOBAL_FLAGS,
  children: [
    leaf('up', 'up-unseen', UP, ['update']),
    leaf('preview', 'read', UP, ['pre']),
    leaf('destroy', 'destroy', DESTROY, ['down', 'dn']),
    leaf('refresh', 'write', ENGINE),
    leaf('watch', 'watch', merge(STACK, CONFIG, flags({ path: 'value', message: 'value', parallel: 'value', 'policy-pack': 'value', 'policy-pack-config': 'value', refresh: 'bool', 'show-config': 'bool', 'show-replacement-steps': 'bool', 'show-sames': 'bool', 'secrets-provider': 'value', debug: 'bool' }, { m: 'message', p: 'parallel', r: 'refresh', d: 'debug' }))),
    leaf('import', 'write', merge(UP, flags({ file: 'value', out: 'value', 'generate-code': 'bool', parent: 'value', provider: 'value', properties: 'value', from: 'value', protect: 'bool' }, { f: 'file', o: 'out' }))),
    leaf('cancel', 'write', merge(STACK, YES)),
    leaf('whoami', 'read', flags({ json: 'bool', verbose: 'bool' }, { j: 'json', v: 'verbose' })),
    leaf('about', 'read', merge(STACK, flags({ json: 'bool', transitive: 'bool' }, { j: 'json', t: 'transitive' }))),
    leaf('version', 'read'),
    leaf('login', 'write', flags({ 'cloud-url': 'value', 'default-org': 'value', local: 'bool', insecure: 'bool', interactive: 'bool' }, { c: 'cloud-url', l: 'local' })),
    leaf('logout', 'write', flags({ all: 'bool', 'cloud-url': 'value', local: 'bool' }, { c: 'cloud-url', l: 'local' })),
    leaf('logs', 'read', merge(STACK, CONFIG, flags({ follow: 'bool', json: 'bool', resource: 'value', since: 'value' }, { f: 'follow', j: 'json', r: 'resource' }))),
    leaf('new', 'write', merge(STACK, CONFIG, flags({ name: 'value', description: 'value', dir: 'value', force: 'bool', 'generate-only': 'bool', offline: 'bool', yes: 'bool', 'secrets-provider': 'value', language: 'value', 'list-templates': 'bool', 'runtime-options': 'value', 'template-mode': 'bool', ai: 'value' }, { n: 'name', d: 'description', f: 'force', g: 'generate-only', o: 'offline', y: 'yes', l: 'language' }))),
    {
      name: 'stack',
      action: 'read',
      flags: merge(STACK, flags({ 'show-ids': 'bool', 'show-name': 'bool', 'show-secrets': 'bool', 'show-urns': 'bool' }, { i: 'show-ids' })),
      children: [
        leaf('ls', 'read', flags({ all: 'bool', json: 'bool', organization: 'value', project: 'value', tag: 'value' }, { a: 'all', j: 'json', o: 'organization', p: 'project', t: 'tag' })),
        leaf('output', 'read', merge(STACK, flags({ json: 'bool', shell: 'bool', 'show-secrets': 'bool' }, { j: 'json' }))),
        leaf('history', 'read', merge(STACK, flags({ 'full-dates': 'bool', json: 'bool', page: 'value', 'page-size': 'value', 'show-secrets': 'bool' }, { j: 'json' }))),
        leaf('export', 'read', merge(STACK, flags({ file: 'value', 'show-secrets': 'bool', version: 'value' }))),
        leaf('graph', 'read', merge(STACK, flags({ 'dependency-edge-color': 'value', 'ignore-dependency-edges': 'bool', 'ignore-parent-edges': 'bool', 'parent-edge-color': 'value', 'short-node-name': 'bool' }))),
        leaf('init', 'write', merge(STACK, flags({ 'copy-config-from': 'value', 'no-select': 'bool', 'secrets-provider': 'value', teams: 'value' }))),
        leaf('select', 'write', merge(STACK, flags({ create: 'bool', 'secrets-provider': 'value' }, { c: 'create' }))),
        leaf('unselect', 'write'),
        leaf('rename', 'write', STACK),
        leaf('import', 'write', merge(STACK, flags({ file: 'value', force: 'bool' }))),
        leaf('change-secrets-provider', 'write', STACK),
        leaf('rm', 'stack-rm', merge(STACK, YES, flags({ 'preserve-config': 'bool', 'remove-backups': 'bool' }))),
        { name: 'tag', action: 'read', flags: STACK, children: [leaf('ls', 'read', merge(STACK, flags({ json: 'bool' }, { j: 'json' }))), leaf('get', 'read', STACK), leaf('set', 'write', STACK), leaf('rm', 'write', STACK)] },
      ],
    },
    {
      name: 'config',
      action: 'read',
      flags: merge(STACK, flags({ 'config-file': 'value', json: 'bool', open: 'bool', 'show-secrets': 'bool' }, { j: 'json' })),
      children: [
        leaf('get', 'read', merge(STACK, flags({ 'config-file': 'value', json: 'bool', open: 'bool', path: 'bool' }, { j: 'json' }))),
        leaf('set', 'write', merge(STACK, flags({ 'config-file': 'value', path: 'bool', plaintext: 'bool', secret: 'bool', type: 'value' }))),
        leaf('set-all', 'write', merge(STACK, flags({ 'config-file': 'value', path: 'bool', plaintext: 'value', secret: 'value', json: 'value' }))),
        leaf('rm', 'write', merge(STACK, flags({ 'config-file': 'value', path: 'bool' }))),
        leaf('rm-all', 'write', merge(STACK, flags({ 'config-file': 'value', path: 'bool' }))),
        leaf('cp', 'write', merge(STACK, flags({ 'config-file': 'value', dest: 'value', path: 'bool' }, { d: 'dest' }))),
        leaf('refresh', 'write', merge(STACK, flags({ 'config-file': 'value', force: 'bool' }, { f: 'force' }))),
      ],
    },
    {
      name: 'state',
      children: [
        leaf('delete', 'state-delete', merge(STACK, YES, flags({ all: 'bool', 'target-dependents': 'bool' }))),
        leaf('move', 'write', merge(STACK, YES, flags({ source: 'value', dest: 'value', 'include-parents': 'bool' }))),
        leaf('rename', 'write', merge(STACK, YES)),
        leaf('protect', 'write', merge(STACK, YES, flags({ all: 'bool' }))),
        leaf('unprotect', 'write', merge(STACK, YES, flags({ all: 'bool' }))),
        leaf('edit', 'write', STACK),
        leaf('upgrade', 'write', YES),
        leaf('repair', 'write', merge(STACK, YES)),
      ],
    },
    {
      name: 'plugin',
      children: [
        leaf('ls', 'read', flags({ json: 'bool', project: 'bool' }, { j: 'json', p: 'project' })),
        leaf('install', 'write', flags({ exact: 'bool', file: 'value', reinstall: 'bool', server: 'value', checksum: 'value' }, { f: 'file' })),
        leaf('rm', 'write', flags({ all: 'bool', yes: 'bool' }, { a: 'all', y: 'yes' })),
      ],
    },
  ],
};
