// The pulumi CLI's rule table: plain data, ids `pulumi/<rule>`, recovery notes from Pulumi's docs.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

const ROWS = {
  destroy: {
    risk: 'destructive',
    description: 'destroy (down, dn); with --remove the stack goes too',
    reason: 'Deletes every resource in the stack through its providers: databases, buckets and volumes with their data.',
    recovery: 'No undo: pulumi up recreates empty resources, not their data. The stack history keeps earlier checkpoints (pulumi stack export --version), which hold state, not data.',
  },
  'stack-rm': {
    risk: 'destructive',
    description: 'stack rm',
    reason: 'Deletes the stack with its state and history; with --force even while it still manages resources, which are then managed by nothing.',
    recovery: 'Resources left behind keep running: create a stack and pulumi import them. Without --force pulumi refuses while resources remain.',
  },
  'state-delete': {
    risk: 'destructive',
    description: 'state delete URN (and --all)',
    reason: 'Removes resources from the stack state: Pulumi forgets them; a later up may create duplicates.',
    recovery: 'The cloud objects still exist: pulumi import them, or restore the previous checkpoint (pulumi stack export --version N | pulumi stack import).',
  },
  'up-deletes': {
    risk: 'destructive',
    description: 'up (update) --replace/--target-replace, or up whose preview deletes or replaces resources',
    reason: 'The update deletes or replaces resources: their data goes with them.',
    recovery: 'No undo: deleted and replaced objects are gone; restore their data from backups taken outside Pulumi.',
  },
  'up-unseen': {
    risk: 'unknown',
    description: 'up (update) whose preview guard could not see (--offline, no pulumi binary, or preview failed)',
    reason: 'up may delete or replace anything the program no longer declares; guard could not preview it.',
    recovery: 'Run pulumi preview first; pulumi up --plan with a saved plan (pulumi preview --save-plan) keeps the update to what was previewed.',
  },
  watch: {
    risk: 'unknown',
    description: 'watch',
    reason: 'Runs an update on every file change, without a preview: whatever the program stops declaring is deleted.',
    recovery: 'No undo for what an update deletes; restore data from backups taken outside Pulumi.',
  },
  write: {
    risk: 'write',
    description: 'up whose preview only creates or updates; refresh, import, config set|rm, stack init|select|rename|tag, state move|unprotect, login, logout, new, plugin install|rm, cancel',
    reason: 'Changes the stack, its configuration or its state, but deletes no infrastructure.',
  },
  read: {
    risk: 'read',
    description: 'preview, stack (ls, output, history, export, graph), config (get), whoami, about, version, logs, plugin ls, --help',
    reason: 'Reads the program, the stack and its state; changes nothing.',
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a command, flag or argument guard does not recognise',
    reason: 'guard cannot tell what this command would do.',
    recovery: 'Check the command against pulumi --help; guard recognises the commands and flags listed in src/tools/pulumi/grammar.ts.',
  },
} satisfies Record<string, Row>;

export type PulumiRuleKey = keyof typeof ROWS;

export const pulumiRules: Readonly<Record<PulumiRuleKey, Rule>> = (() => {
  const out = {} as Record<PulumiRuleKey, Rule>;
  for (const key of Object.keys(ROWS) as PulumiRuleKey[]) out[key] = { id: `pulumi/${key}`, ...(ROWS[key] as Row) };
  return out;
})();
