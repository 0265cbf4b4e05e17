// Which az rule a command falls under, from its words: the generator writes the answer beside every command of the table.

export type AzCommandRule = 'read' | 'write' | 'delete' | 'group-delete' | 'delete-batch' | 'purge' | 'remove' | 'restore' | 'reset' | 'sync' | 'rest' | 'exec-shell' | 'unclassified';

export const AZ_RULE_CODES: Readonly<Record<AzCommandRule, string>> = {
  read: 'r',
  write: 'w',
  delete: 'd',
  'group-delete': 'G',
  'delete-batch': 'B',
  purge: 'p',
  remove: 'm',
  restore: 'o',
  reset: 'z',
  sync: 's',
  rest: 'h',
  'exec-shell': 'e',
  unclassified: 'u',
};

/** Whole commands whose risk their last word does not tell. */
const COMMAND_RULES: Readonly<Record<string, AzCommandRule>> = {
  'group delete': 'group-delete',
  'storage blob delete-batch': 'delete-batch',
  'storage file delete-batch': 'delete-batch',
  'storage blob sync': 'sync',
  'storage remove': 'delete',
  rest: 'rest',
  'vm run-command invoke': 'exec-shell',
  'vm run-command create': 'exec-shell',
  'vmss run-command invoke': 'exec-shell',
  'aks command invoke': 'exec-shell',
  'resource invoke-action': 'exec-shell',
  interactive: 'exec-shell',
  // Local state only: the CLI's own accounts, defaults, caches and extensions.
  'account set': 'write',
  'account clear': 'write',
  logout: 'write',
  login: 'write',
  'config unset': 'write',
  'cache delete': 'write',
  'cache purge': 'write',
  'extension remove': 'write',
  'cloud unregister': 'write',
  configure: 'write',
  // Restores that create a new resource from a backup rather than overwrite one.
  'sql db restore': 'write',
  'sql midb restore': 'write',
  'postgres flexible-server restore': 'write',
  'postgres server restore': 'write',
  'mysql flexible-server restore': 'write',
  'mysql server restore': 'write',
  'mariadb server restore': 'write',
  'cosmosdb restore': 'write',
  'keyvault key restore': 'write',
  'keyvault secret restore': 'write',
  'keyvault certificate restore': 'write',
  'keyvault storage restore': 'write',
  'keyvault recover': 'write',
  'vm user reset-ssh': 'write',
  'vm secret format': 'read',
  'webapp up': 'write',
  'bicep restore': 'write',
  'acr manifest restore': 'write',
  'keyvault security-domain restore-blob': 'write',
  'netappfiles volume backup restore-status': 'read',
  'storage container restore': 'write',
  'storage share-rm restore': 'write',
  // Resets of a credential or key replace it; no data goes.
  'ams account sp reset-credentials': 'write',
  'staticwebapp secrets reset-api-key': 'write',
  'network vpn-connection shared-key reset': 'write',
  'netappfiles volume reset-cifs-pw': 'write',
  'ad app credential reset': 'write',
  'ad sp credential reset': 'write',
  'batch node user reset': 'write',
  'synapse spark session reset-timeout': 'write',
};

const DESTRUCTIVE_LEADS: ReadonlyArray<readonly [string, AzCommandRule]> = [
  ['delete', 'delete'],
  ['purge', 'purge'],
  ['remove', 'remove'],
  ['clear', 'delete'],
  ['terminate', 'delete'],
  ['restore', 'restore'],
  ['reimage', 'reset'],
  ['reset', 'reset'],
  ['revert', 'reset'],
  ['format', 'reset'],
];

const READ_LEADS = new Set([
  'list', 'show', 'get', 'exists', 'check', 'validate', 'wait', 'download', 'query', 'search', 'logs', 'log', 'tail', 'browse', 'what', 'version', 'info',
  'find', 'test', 'summarize', 'usage', 'status', 'evaluate', 'ping', 'random', 'name', 'available', 'stream', 'decompile', 'retrieve', 'result', 'self',
  'decrypt', 'encrypt', 'style', 'verify', 'list_by_score', 'url', 'stats', 'peek', 'preview', 'export', 'generate', 'prepare', 'query', 'feedback', 'survey',
]);

const EXEC_LEADS = new Set(['ssh', 'exec', 'connect', 'interactive', 'invoke', 'execute', 'up']);

const WRITE_LEADS = new Set([
  'create', 'update', 'set', 'add', 'assign', 'start', 'stop', 'restart', 'enable', 'disable', 'import', 'upload', 'renew', 'approve', 'reject', 'upgrade',
  'migrate', 'register', 'unregister', 're', 'resume', 'pause', 'sync', 'activate', 'deactivate', 'resize', 'configure', 'attach', 'detach', 'build', 'lock',
  'unlock', 'publish', 'deallocate', 'regenerate', 'rotate', 'grant', 'revoke', 'install', 'uninstall', 'login', 'logout', 'copy', 'move', 'deploy', 'swap',
  'auto', 'scale', 'backup', 'bind', 'unbind', 'link', 'unlink', 'accept', 'complete', 'queue', 'convert', 'load', 'recover', 'undelete', 'clone', 'tag',
  'untag', 'push', 'cancel', 'run', 'reboot', 'force', 'redeploy', 'reapply', 'capture', 'generalize', 'open', 'join', 'append', 'merge', 'claim', 'standby',
  'suspend', 'promote', 'failover', 'fail', 'manual', 'relocate', 'cutover', 'authorize', 'unauthorize', 'initialize', 'init', 'setup', 'config', 'on', 'off',
  'save', 'break', 'reactivate', 'rerun', 'trigger', 'subscribe', 'unsubscribe', 'send', 'mount', 'unmount', 'admin', 'georestore', 'geo', 'apply', 'edit',
  'byo', 'reconnect', 'disconnect', 'invite', 'checkout', 'upsert', 'create_or_update', 'upsert_scope', 'sql', 'add-to-group', 'credentials', 'assess',
  'install', 'scan', 'reset-timeout', 'update-token', 'update-data', 'finalize', 'pool', 'volumes', 'auto-scale', 'enable-key-vault', 'abort', 'off',
  'simulate', 'perform', 'grant-access', 'revoke-access', 'mark', 'cosmos', 'storage', 'appconfig', 'confluent', 'eventhub', 'keyvault', 'mysql', 'postgres',
  'redis', 'servicebus', 'signalr', 'webpubsub', 'functions', 'outbound', 'repo', 'use', 'submit', 'rename', 'rewrite', 'snapshot',
  'acquire', 'change', 'release', 'extend', 'close', 'put', 'insert', 'replace',
]);

function lead(verb: string): string {
  const dash = verb.indexOf('-');
  return dash < 0 ? verb : verb.slice(0, dash);
}

function ruleOfVerb(verb: string): AzCommandRule | null {
  const first = lead(verb);
  if (EXEC_LEADS.has(verb) || EXEC_LEADS.has(first)) return 'exec-shell';
  for (const [destructive, rule] of DESTRUCTIVE_LEADS) if (verb === destructive || first === destructive || verb.startsWith(`${destructive}-`) || verb.startsWith(`${destructive}_`)) return rule;
  if (READ_LEADS.has(first) || READ_LEADS.has(verb)) return 'read';
  if (WRITE_LEADS.has(verb) || WRITE_LEADS.has(first)) return 'write';
  return null;
}

/** The rule of a command from its words: an explicit command rule, else its last word (verbs come last in az). */
export function classifyAzCommand(command: string): AzCommandRule {
  const explicit = COMMAND_RULES[command];
  if (explicit) return explicit;
  const words = command.split(' ');
  return ruleOfVerb(words[words.length - 1] ?? '') ?? 'unclassified';
}
