// Which gcloud rule a command path falls under, from its verbs: the generator writes the answer into the tree for every command.

/**
 * The rule keys a command node can carry (src/tools/gcloud/rules.ts). Flag-dependent rules
 * (storage rm -r, rsync --delete-unmatched-destination-objects) are decided at run time on top.
 */
export type GcloudNodeRule =
  | 'read'
  | 'write'
  | 'delete'
  | 'remove'
  | 'destroy'
  | 'reset'
  | 'restore'
  | 'projects-delete'
  | 'sql-instances-delete'
  | 'buckets-delete'
  | 'storage-rm'
  | 'sql-import'
  | 'exec-shell'
  | 'unclassified';

/** One letter per rule in the generated tree (it holds ~16,000 nodes). */
export const RULE_CODES: Readonly<Record<GcloudNodeRule, string>> = {
  read: 'r',
  write: 'w',
  delete: 'd',
  remove: 'm',
  destroy: 'x',
  reset: 'z',
  restore: 'o',
  'projects-delete': 'P',
  'sql-instances-delete': 'S',
  'buckets-delete': 'B',
  'storage-rm': 'R',
  'sql-import': 'I',
  'exec-shell': 'e',
  unclassified: 'u',
};

/** Whole command paths (release track removed) whose risk the verb alone does not tell. */
const PATH_RULES: Readonly<Record<string, GcloudNodeRule>> = {
  'projects delete': 'projects-delete',
  'sql instances delete': 'sql-instances-delete',
  'storage buckets delete': 'buckets-delete',
  'storage rm': 'storage-rm',
  'storage objects delete': 'storage-rm',
  'sql import': 'sql-import',
  'sql import sql': 'sql-import',
  'sql import csv': 'write',
  'sql import bak': 'sql-import',
  'sql import tde': 'sql-import',
  // Local state only: the SDK's own credentials, components and properties.
  'auth revoke': 'write',
  'components remove': 'write',
  'components reinstall': 'write',
  'config unset': 'write',
  'config configurations delete': 'write',
  'emulators': 'exec-shell',
  'docker': 'exec-shell',
  'interactive': 'exec-shell',
  'storage mv': 'write',
  'storage restore': 'write',
  'storage objects restore': 'write',
  'sql backups restore': 'restore',
  'sql instances restore-backup': 'restore',
  'compute instances reset': 'reset',
  // Resets of a password, secret or certificate replace a credential; no data goes.
  'compute reset-windows-password': 'write',
  'active-directory domains reset-admin-password': 'write',
  'iap oauth-clients reset-secret': 'write',
  'sql instances reset-ssl-config': 'write',
  'vmware private-clouds nsx credentials reset': 'write',
  'vmware private-clouds vcenter credentials reset': 'write',
  'domains registrations authorization-code reset': 'write',
  // Cancels a scheduled destruction: the key version comes back.
  'kms keys versions restore': 'write',
  'essential-contacts compute': 'read',
  'policy-intelligence troubleshoot-policy': 'read',
  'policy-troubleshoot': 'read',
  'storage service-agent': 'read',
  // Runs sample applications on this machine.
  'spanner samples': 'exec-shell',
  'feedback': 'write',
  'survey': 'write',
  'init': 'write',
  'help': 'read',
  'topic': 'read',
  'cheat-sheet': 'read',
  'version': 'read',
  'info': 'read',
};

const DESTRUCTIVE_VERBS: ReadonlyArray<readonly [string, GcloudNodeRule]> = [
  ['delete', 'delete'],
  ['bulk-delete', 'delete'],
  ['request-delete', 'delete'],
  ['purge', 'delete'],
  ['drop', 'delete'],
  ['terminate', 'delete'],
  ['undeploy', 'delete'],
  ['clean-up', 'delete'],
  ['cleanup', 'delete'],
  ['abandon', 'delete'],
  ['remove', 'remove'],
  ['destroy', 'destroy'],
  ['reset', 'reset'],
  ['reimage', 'reset'],
  ['recreate-instances', 'reset'],
  ['revert', 'reset'],
  ['restore', 'restore'],
];

/** Verbs (whole words or `verb-…` prefixes) that only read. */
const READ_VERBS = new Set([
  'list', 'describe', 'get', 'search', 'lookup', 'explain', 'read', 'tail', 'stream-logs', 'wait', 'validate', 'show', 'check', 'analyze',
  'query', 'print', 'diff', 'status', 'info', 'help', 'lint', 'verify', 'predict', 'direct-predict', 'raw-predict', 'direct-raw-predict', 'stream-direct-predict',
  'stream-direct-raw-predict', 'stream-raw-predict', 'detect', 'classify-text', 'recognize', 'recognize-long-running', 'translate-text', 'batch-translate-text',
  'transcribe-speech', 'suggest-crop', 'fetch', 'encrypt', 'decrypt', 'asymmetric-decrypt', 'asymmetric-sign', 'raw-decrypt', 'raw-encrypt', 'mac-sign',
  'mac-verify', 'sign-blob', 'sign-jwt', 'sign-url', 'describe-from-family', 'describe-instance', 'describe-ldaps-settings', 'describe-last', 'describe-effective',
  'describe-explicit', 'describe-note', 'describe-mapping', 'describe-profile', 'describe-ddls', 'describe-entities', 'describe-issues', 'describe-custom-constraint',
  'log', 'logs', 'test-ip', 'evaluate', 'evaluate-user-consents', 'simulate', 'troubleshoot', 'render', 'cat', 'du', 'hash', 'ls', 'watch', 'monitor',
  'generate-login-token', 'generate-ssh-script', 'generate-gateway-rbac', 'generate-install-manifest', 'generate-import', 'generate', 'is-upgradeable',
  'connection-string', 'export-steps', 'find-unregistered', 'discover', 'list-usable', 'sanitize-model-response', 'sanitize-user-prompt', 'tiers', 'flags',
  'proxy-config', 'proxy-status', 'replay-recent-access', 'gen-config', 'cron-xml-to-yaml', 'datastore-indexes-xml-to-yaml', 'dispatch-xml-to-yaml',
  'queue-xml-to-yaml', 'convert', 'reorder', 'resolve', 'vet', 'compose', 'preview', 'env-init', 'auth-info', 'show-rows', 'report', 'access', 'scan',
  'create-signature-payload', 'download', 'metrics', 'test', 'group', 'tail-serial-port-output', 'routes', 'version', 'inspect', 'active-peering-zones', 'lint-condition', 'check-permissions', 'check-data-access', 'query-accessible-data', 'create-login-config', 'create-cred-config', 'open-console',
  'browse', 'bug-report', 'print-access-token', 'print-identity-token', 'print-iam-policy', 'configure-docker', 'config-ssh', 'get-value',
]);

/** Prefixes of verbs that only read: `list-instances`, `get-iam-policy`, `describe-…`, `detect-faces`, `analyze-…`. */
const READ_PREFIXES = ['list-', 'get-', 'describe-', 'search-', 'detect-', 'analyze-', 'query-', 'check-', 'fetch-', 'lookup-', 'validate-', 'print-', 'show-', 'wait-', 'test-', 'download-'];

/** Commands that start a session or run code guard cannot see: a shell on a VM, a database client, a tunnel, a local program. */
const EXEC_VERBS = new Set(['ssh', 'scp', 'connect', 'connect-to-serial-port', 'start-iap-tunnel', 'start-tcp-tunnel', 'proxy', 'execute-sql', 'local-run', 'interactive', 'copy-files', 'kubectl', 'cli', 'dev']);

/**
 * Verbs that change things without deleting anything (create, update, deploy, enable…), and names of
 * sub-kinds under a verb (`builds triggers create github`): those inherit their parent's verb.
 */
const WRITE_VERBS = new Set([
  'create', 'update', 'patch', 'set', 'add', 'enable', 'disable', 'import', 'export', 'deploy', 'apply', 'start', 'stop', 'restart', 'resume', 'pause',
  'suspend', 'run', 'submit', 'upload', 'move', 'rename', 'copy', 'cp', 'mv', 'rsync', 'rollback', 'cancel', 'approve', 'deny', 'reject', 'dismiss',
  'invalidate', 'enroll', 'unenroll', 'register', 'unregister', 'upgrade', 'migrate', 'promote', 'demote', 'failover', 'switchover', 'resize', 'replace',
  'replace-all', 'execute', 'publish', 'train', 'login', 'activate', 'allow', 'revoke', 'grant', 'acknowledge', 'ack', 'ack-up-to', 'pull', 'seek', 'subscribe',
  'unset', 'edit', 'init', 'install', 'uninstall', 'reinstall', 'build', 'commit', 'link', 'unlink', 'attach', 'detach', 'mark', 'save', 'load', 'insert', 'write',
  'rotate', 'tag', 'untag', 'star', 'unstar', 'lock', 'unlock', 'lease', 'renew', 'provision', 'replicate', 'relocate', 'extract', 'kill', 'drain', 'advance',
  'retry', 'rerun', 'redeploy', 'instantiate', 'inject-fault', 'establish-peering', 'reverse', 'sync', 'manage', 'unmanage', 'accept', 'complete', 'authorize',
  'deauthorize', 'seed', 'perform-maintenance', 'reschedule-maintenance', 'simulate-maintenance-event', 'report-host-as-faulty', 'send-diagnostic-interrupt',
  'reboot', 'repair', 'enforce', 'enforce-all', 'inherit', 'auto-remediate', 'modify', 'initiate-push-transfer', 'extend-schema', 'expand-ip-range', 'bulk-mute',
  'bulk-export', 'create-secondary', 'create-backup', 'trigger-backup', 'backup', 'snapshot', 'clone', 'acquire-ssrs-lease', 'release-ssrs-lease', 'alter',
  'move-table-to-database', 'change-quorum', 'reencrypt', 'upsert-datapoints', 'deploy-model', 'deploy-index', 'mutate-deployed-index', 'abort', 'mark-accepted',
  'mark-claimed', 'mark-failed', 'mark-succeeded', 'mark-active', 'mark-dismissed', 'set-default', 'deprecate', 'survey', 'feedback', 'cancel-lease',
  'cancel-preview', 'os-upgrade', 'apply-software-update', 'apply-parameters', 'complete-upgrade', 'redact', 'deidentify', 'invalidate-cache',
  'invalidate-cdn-cache', 'env-unset', 'sign-and-create', 'switch', 'ignore-job', 'retry-job', 'modify-message-ack-deadline', 'modify-ack-deadline',
  'modify-push-config', 'modify-membership-roles', 'detach-subscription', 'detach-secondaries', 'accept-spoke', 'accept-spoke-update', 'reject-spoke',
  'reject-spoke-update', 'validate-message', 'validate-schema', 'disable-upgrade-redirection', 'enable-upgrade-redirection', 'calendar-mode', 'import-statefile',
  'export-statefile', 'export-lock', 'import-data', 'export-data', 'start-backfill', 'stop-backfill', 'start-update', 'stop-proactive-update', 'resume-unsupported-sdk',
  'start-async-replication', 'stop-async-replication', 'stop-group-async-replication', 'wait-for-replication-catchup', 'reset-windows-password',
  'enable-debug', 'disable-debug', 'restart-web-server', 'enable-resource-monitoring', 'activate-service-account', 'create-app-engine-task', 'create-http-task',
  'create-pull-task', 'renew-lease', 'abandon-instances', 'set-password', 'generate-wallet', 'migrate-cloud-sql', 'gcs', 'create-auto', 'undelete', 'call', 'configure', 'buffer', 'database-failover', 'diagnose', 'auth',
]);

/** `set-iam-policy` → `set`, `add-iam-policy-binding` → `add`: gcloud names compound verbs verb-first. */
function leadingWord(verb: string): string {
  const dash = verb.indexOf('-');
  return dash < 0 ? verb : verb.slice(0, dash);
}

function ruleOfVerb(verb: string): GcloudNodeRule | null {
  if (EXEC_VERBS.has(verb)) return 'exec-shell';
  for (const [destructive, rule] of DESTRUCTIVE_VERBS) if (verb === destructive || verb.startsWith(`${destructive}-`)) return rule;
  if (READ_VERBS.has(verb) || READ_PREFIXES.some((prefix) => verb.startsWith(prefix))) return 'read';
  if (WRITE_VERBS.has(verb)) return 'write';
  const lead = leadingWord(verb);
  if (lead !== verb && WRITE_VERBS.has(lead)) return 'write';
  return null;
}

/**
 * The rule of a runnable command (a leaf of the tree), from its path without the release track:
 * an explicit path rule, else the nearest word from the leaf upward that names a verb (so
 * `builds triggers create github` is a create). Nothing recognised: unclassified (fails closed).
 */
export function classifyCommandPath(path: readonly string[]): GcloudNodeRule {
  for (let end = path.length; end > 0; end--) {
    const explicit = PATH_RULES[path.slice(0, end).join(' ')];
    if (explicit) return explicit;
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const rule = ruleOfVerb(path[i] ?? '');
    if (rule) return rule;
  }
  return 'unclassified';
}

/** `alpha sql instances delete` → `sql instances delete`: the tracks share their verbs' meaning. */
export function withoutTrack(path: readonly string[]): readonly string[] {
  return path[0] === 'alpha' || path[0] === 'beta' || path[0] === 'preview' ? path.slice(1) : path;
}
