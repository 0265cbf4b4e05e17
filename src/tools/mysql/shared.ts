// What the MySQL family's programs share: where they were checked, option groups, redaction, defaults options.
import type { ToolSource } from '../tool.js';
import type { OptionSpec, ParsedOption } from './getopt.js';
import type { DefaultsRequest } from './option-files.js';
import { redactSqlSecrets } from './sql-text.js';
import { MARIADB_HELP_VERSION } from './options.generated.js';

export const MYSQL_CHECKED_AGAINST: ToolSource = {
  version: `MariaDB ${MARIADB_HELP_VERSION} clients (Debian 12); MySQL 8.0 docs for --login-path and ~/.mylogin.cnf`,
  references: [
    'mariadb --help, mariadb-dump --help, mariadb-admin --help (10.11.19, generated into options.generated.ts)',
    'https://mariadb.com/kb/en/configuring-mariadb-with-option-files/ (file order, groups, !include, !includedir)',
    'https://mariadb.com/kb/en/mariadb-command-line-client/ (client commands: source, system, delimiter, use, connect)',
    'https://dev.mysql.com/doc/refman/8.0/en/mysql-config-editor.html and mysys/my_default.cc (.mylogin.cnf layout), cross-checked with mycli issue #17 (4 unused bytes, 20-byte key folded to 16, AES-128-ECB chunks)',
    'mysql.cc add_line()/find_command(): client commands, /*! not a comment to the client, \\c; checked against the real mariadb client by test/tools/mysql/live.test.ts',
    'https://dev.mysql.com/doc/refman/8.0/en/comments.html (/*! … */ executable comments)',
    'https://dev.mysql.com/doc/refman/8.0/en/environment-variables.html (MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT, MYSQL_PWD)',
    'MariaDB 10.11.19 server: information_schema.SQL_FUNCTIONS, mysql.help_topic and the ERROR 1305 probe of each name (generated into builtin-functions.generated.ts); MariaDB/server sql/sql_yacc.yy function_call_keyword (TIME, TIMESTAMP…) for the keyword candidates',
    'https://mariadb.com/kb/en/information-schema-routines-table/ and https://dev.mysql.com/doc/refman/8.0/en/create-procedure.html ("these characteristics are advisory only": SQL DATA ACCESS not enforced); compound statements: https://mariadb.com/kb/en/programmatic-compound-statements/',
    'MariaDB 10.11.19 server: DROP USER/ROLE/PROCEDURE/FUNCTION/EVENT/SEQUENCE, KILL [HARD|SOFT] [CONNECTION|QUERY], FLUSH, RESET MASTER/REPLICA/QUERY CACHE, PURGE BINARY/MASTER LOGS, SHUTDOWN (https://mariadb.com/kb/en/sql-statements/); EXPLAIN DELETE refused in a READ ONLY transaction (ERROR 1792), so counts use SELECT COUNT(*)',
  ],
};

/** `mariadb --help`: "The following groups are read: mysql mariadb-client client client-server client-mariadb". */
export const CLIENT_GROUPS = ['mysql', 'mariadb-client', 'client', 'client-server', 'client-mariadb'];
export const DUMP_GROUPS = ['mysqldump', 'mariadb-dump', 'client', 'client-server', 'client-mariadb'];
export const ADMIN_GROUPS = ['mysqladmin', 'mariadb-admin', 'client', 'client-server', 'client-mariadb'];

/** MySQL's clients take --login-path (MariaDB's do not list it): hand-written from the MySQL 8.0 docs. */
export const LOGIN_PATH_OPTION: OptionSpec = { name: 'login-path', argument: 'required' };

const DEFAULTS_NAMES = new Set(['no-defaults', 'defaults-file', 'defaults-extra-file', 'defaults-group-suffix', 'print-defaults', 'login-path']);

/**
 * The clients honour --no-defaults/--defaults-* only before any other option (my_load_defaults
 * reads them from the front of argv); later ones are not honoured, so guard reads the files then.
 */
export function defaultsRequest(options: readonly ParsedOption[]): DefaultsRequest {
  let leading = 0;
  while (leading < options.length && DEFAULTS_NAMES.has(options[leading]?.name ?? '') && options[leading]?.index === leadingIndex(options, leading)) leading++;
  const front = options.slice(0, leading);
  const value = (name: string) => front.filter((o) => o.name === name).pop()?.value ?? null;
  return {
    noDefaults: front.some((o) => o.name === 'no-defaults'),
    defaultsFile: value('defaults-file'),
    extraFile: value('defaults-extra-file'),
    groupSuffix: value('defaults-group-suffix'),
    loginPath: options.filter((o) => o.name === 'login-path').pop()?.value ?? null,
  };
}

/** The argv index the n-th leading option must sit at for the run of leading options to be unbroken. */
function leadingIndex(options: readonly ParsedOption[], n: number): number {
  if (n === 0) return 0;
  const previous = options[n - 1];
  return previous === undefined ? 0 : (previous.valueIndex ?? previous.index) + 1;
}

const MASK = '***';

/** `-pSECRET`, `--password=SECRET`, `--pass=SECRET`, and passwords in -e/--init-command SQL → masked; null when nothing needed masking. */
export function redactMysqlArgs(args: readonly string[], options: readonly ParsedOption[]): string[] | null {
  const out = [...args];
  let changed = false;
  for (const option of options) {
    if ((option.name === 'execute' || option.name === 'init-command') && option.value !== null) {
      const redacted = redactSqlSecrets(option.value);
      if (redacted === option.value) continue;
      const at = option.valueIndex ?? option.index;
      const arg = out[at] ?? '';
      out[at] = option.valueIndex !== undefined ? redacted : `${arg.slice(0, arg.length - option.value.length)}${redacted}`;
      changed = true;
      continue;
    }
    if (option.name !== 'password' || option.value === null) continue;
    const arg = out[option.index] ?? '';
    if (option.valueIndex !== undefined) out[option.valueIndex] = MASK;
    else if (arg.startsWith('--')) out[option.index] = `${arg.slice(0, arg.indexOf('=') + 1)}${MASK}`;
    else out[option.index] = `${arg.slice(0, arg.length - option.value.length)}${MASK}`;
    changed = true;
  }
  return changed ? out : null;
}
