// Removes secrets (passwords in URLs and conninfo strings, token-like option values) from argv.

export const MASK = '***';
const SECRET_OPTION = /^-{1,2}[a-z0-9-]*(password|passwd|token|secret|api-?key|bearer)[a-z0-9-]*$/i;
/** Options whose value is `user:password` (curl -u, httpie -a) or a bare credential. */
const CREDENTIAL_OPTIONS = new Set(['-u', '--user', '-U', '--proxy-user', '-a', '--auth', '--oauth2-bearer', '--aws-sigv4']);
/**
 * Programs whose user option names a user, not a credential: the MySQL/MariaDB programs
 * (my_getopt: -u/--user; -U is --safe-updates) and the PostgreSQL client programs (-U/--username).
 */
const MYSQL_PROGRAMS = new Set([
  'mysql', 'mariadb', 'mysqldump', 'mariadb-dump', 'mysqladmin', 'mariadb-admin', 'mysqlcheck', 'mariadb-check', 'mysqlimport', 'mariadb-import',
  'mysqlshow', 'mariadb-show', 'mysqlbinlog', 'mariadb-binlog', 'mysqlslap', 'mariadb-slap',
]);
const POSTGRES_PROGRAMS = new Set(['psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'createdb', 'dropdb', 'createuser', 'dropuser', 'pg_basebackup', 'vacuumdb', 'reindexdb', 'clusterdb', 'pgbench', 'pg_isready']);
const USER_NAME_OPTIONS: Readonly<Record<'mysql' | 'postgres', ReadonlySet<string>>> = { mysql: new Set(['-u', '--user', '-U']), postgres: new Set(['-U']) };
/** mariadb --help (10.11): the short options that take no value, so in `-vpSECRET` the p starts a password. */
const MYSQL_FLAG_LETTERS = new Set('BcCTf?IHiGAboqrUsNLtnvVEwX');

function userOptionsOf(program: string): ReadonlySet<string> {
  const name = program.slice(program.lastIndexOf('/') + 1);
  return MYSQL_PROGRAMS.has(name) ? USER_NAME_OPTIONS.mysql : POSTGRES_PROGRAMS.has(name) ? USER_NAME_OPTIONS.postgres : new Set();
}

/** A MySQL short-option word whose `p` carries a glued password (`-pSECRET`, `-vpSECRET`) → masked after the p; null otherwise. */
function redactMysqlShortPassword(arg: string): string | null {
  if (!arg.startsWith('-') || arg.startsWith('--')) return null;
  for (let i = 1; i < arg.length; i++) {
    const letter = arg[i] ?? '';
    if (letter === 'p') return i + 1 < arg.length ? `${arg.slice(0, i + 1)}${MASK}` : null;
    if (!MYSQL_FLAG_LETTERS.has(letter)) return null;
  }
  return null;
}

const SECRET_HEADER_NAME = /^(authorization|proxy-authorization|cookie|set-cookie|project-access-token|team-access-token|[a-z0-9-]*(token|secret|api-?key|auth)[a-z0-9-]*)$/i;
const SECRET_ASSIGNMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY)[A-Za-z0-9_]*$/i;

/** Query parameters that carry credentials: libpq's, OAuth's, API keys, signed-URL signatures. */
const SECRET_QUERY_KEY = /^(password|passfile|sslpassword|token|access_token|refresh_token|id_token|auth|auth_token|api_key|apikey|api-key|key|sig|signature|secret|client_secret|session|sessionid|jwt|x-amz-signature|x-amz-security-token|x-goog-signature|code)$/i;

/** JSON keys whose value is a credential (a GraphQL request's variables, an API body). */
const SECRET_JSON_KEY = /(password|passwd|secret|token|api_?key|apikey|credential|authorization|cookie|private_?key)/i;

/**
 * A JSON document (a request body, GraphQL variables) with the value of every secret-named key
 * masked, nested anywhere; the text unchanged when it is not JSON or holds no such key.
 */
export function redactJsonSecrets(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  let document: unknown;
  try {
    document = JSON.parse(trimmed);
  } catch {
    return text;
  }
  let changed = false;
  const walk = (value: unknown, depth: number): unknown => {
    if (depth > 64 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_JSON_KEY.test(key) && (typeof inner === 'string' || typeof inner === 'number')) {
        out[key] = MASK;
        changed = true;
      } else out[key] = walk(inner, depth + 1);
    }
    return out;
  };
  const result = walk(document, 0);
  return changed ? JSON.stringify(result) : text;
}

/** `scheme://user:secret@host…` → `scheme://user:***@host…` (first authority only). */
function redactUrlPassword(text: string): string {
  const schemeEnd = text.indexOf('://');
  if (schemeEnd < 0) return text;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = text.length;
  for (const stop of ['/', '?', '#']) {
    const at = text.indexOf(stop, authorityStart);
    if (at >= 0 && at < authorityEnd) authorityEnd = at;
  }
  const at = text.lastIndexOf('@', authorityEnd - 1);
  if (at < authorityStart) return redactQueryPassword(text);
  const colon = text.indexOf(':', authorityStart);
  const redacted = colon >= 0 && colon < at ? `${text.slice(0, colon + 1)}${MASK}${text.slice(at)}` : text;
  return redactQueryPassword(redacted);
}

/** `?password=secret&x=1` in a connection URI. */
function redactQueryPassword(text: string): string {
  const query = text.indexOf('?');
  if (query < 0) return text;
  const params = text
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_QUERY_KEY.test(key) && eq >= 0 ? `${key}=${MASK}` : pair;
    });
  return `${text.slice(0, query + 1)}${params.join('&')}`;
}

/** `host=x password='s e c' dbname=y` → `host=x password=*** dbname=y`, following libpq's quoting. */
function redactConninfoPassword(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const keyMatch = /^\s*([A-Za-z_]+)\s*=\s*/.exec(text.slice(i));
    if (!keyMatch) return text; // not a conninfo string after all
    out += keyMatch[0];
    i += keyMatch[0].length;
    const secret = /^(password|sslpassword)$/i.test(keyMatch[1] ?? '');
    let value = '';
    if (text[i] === "'") {
      value += "'";
      i++;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\' && i + 1 < text.length) value += text[i++];
        value += text[i++];
      }
      value += text[i] ?? '';
      i++;
    } else {
      while (i < text.length && !/\s/.test(text[i] ?? '')) {
        if (text[i] === '\\' && i + 1 < text.length) value += text[i++];
        value += text[i++];
      }
    }
    out += secret ? MASK : value;
  }
  return out;
}

/** `Authorization: Bearer abc` → `Authorization: Bearer ***`; also `--header=…` and httpie's `Name:value`. */
function redactHeader(text: string): string | null {
  const eq = text.startsWith('--') ? text.indexOf('=') : -1;
  const prefix = eq > 0 ? text.slice(0, eq + 1) : '';
  const header = text.slice(prefix.length);
  const colon = header.indexOf(':');
  if (colon <= 0) return null;
  const name = header.slice(0, colon).trim();
  if (!SECRET_HEADER_NAME.test(name)) return null;
  const value = header.slice(colon + 1).trim();
  const scheme = /^(Bearer|Basic|Token|Digest)\s+/i.exec(value)?.[0] ?? '';
  return `${prefix}${name}: ${scheme}${MASK}`;
}

/** `RAILWAY_TOKEN=abc` (an assignment before a command) → `RAILWAY_TOKEN=***`. */
function redactAssignment(text: string): string | null {
  const eq = text.indexOf('=');
  if (eq <= 0) return null;
  return SECRET_ASSIGNMENT_NAME.test(text.slice(0, eq)) ? `${text.slice(0, eq + 1)}${MASK}` : null;
}

/** `user:password` → `user:***`; a bare token → `***`. */
function redactCredential(value: string): string {
  const colon = value.indexOf(':');
  return colon >= 0 ? `${value.slice(0, colon + 1)}${MASK}` : MASK;
}

export function redactSecretsInText(text: string): string {
  const header = redactHeader(text);
  if (header !== null) return header;
  const assignment = redactAssignment(text);
  if (assignment !== null) return assignment;
  const json = redactJsonSecrets(text);
  if (json !== text) return json;
  if (text.includes('://')) return redactUrlPassword(text);
  if (/(^|\s)(ssl)?password\s*=/i.test(text)) return redactConninfoPassword(text);
  return text;
}

export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  const userOptions = userOptionsOf(argv[0] ?? '');
  const mysql = userOptions === USER_NAME_OPTIONS.mysql;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    if (i > 0 && (userOptions.has(arg) || (eq > 0 && userOptions.has(arg.slice(0, eq))))) {
      // A user name is not a secret (mysql -u root, psql -U postgres); -U of mysql takes no value.
      const takesValue = eq < 0 && !(mysql && arg === '-U');
      out.push(arg);
      if (takesValue && i + 1 < argv.length) out.push(argv[++i] ?? '');
      continue;
    }
    const glued = i > 0 && mysql ? redactMysqlShortPassword(arg) : null;
    if (glued !== null) {
      out.push(glued);
      continue;
    }
    if (arg.startsWith('-') && eq > 0 && SECRET_OPTION.test(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq + 1)}${MASK}`);
      continue;
    }
    if (SECRET_OPTION.test(arg) && i + 1 < argv.length) {
      out.push(arg, MASK);
      i++;
      continue;
    }
    if (CREDENTIAL_OPTIONS.has(arg) && i + 1 < argv.length) {
      out.push(arg, redactCredential(argv[i + 1] ?? ''));
      i++;
      continue;
    }
    if (arg.startsWith('--') && eq > 0 && CREDENTIAL_OPTIONS.has(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq + 1)}${redactCredential(arg.slice(eq + 1))}`);
      continue;
    }
    out.push(redactSecretsInText(arg));
  }
  return out;
}

/**
 * Prose guard wrote about a command (a rule hit's summary, a blast-radius line): each
 * whitespace-separated word is masked like an argument, so a URL's token or a conninfo
 * password quoted in a summary never reaches a report, a hook answer or the audit log.
 */
export function redactProse(text: string): string {
  if (!/[=:@]/.test(text)) return text;
  return text.split(/(\s+)/).map((part) => (part === '' || /^\s+$/.test(part) ? part : redactSecretsInText(part))).join('');
}

/** Variable names that hold credentials (tokens, passwords, keys, cookies, sessions) by convention. */
const SECRET_VARIABLE_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PASS$|KEY|AUTH|CREDENTIAL|COOKIE|SESSION|PRIVATE|_PAT$|^PAT$|CERT)/i;
/** A value that looks like a bare credential: one long word of token characters. */
const TOKEN_LIKE_VALUE = /^[A-Za-z0-9_\-+=.~]{32,}$/;

/**
 * The environment without anything that may be a credential: by name, by a password in a URL
 * or conninfo value, or by a value that is one long token-like word. What is kept may be
 * written to disk (a pending request); what is dropped comes from the human's own environment.
 */
export function nonSecretEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || SECRET_VARIABLE_NAME.test(name)) continue;
    if (redactSecretsInText(value) !== value || TOKEN_LIKE_VALUE.test(value)) continue;
    kept[name] = value;
  }
  return kept;
}

/** The complement: the variables nonSecretEnvironment drops (the human's credentials for a live look-up). */
export function secretEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const safe = nonSecretEnvironment(env);
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !(name in safe)) secret[name] = value;
  return secret;
}

/** Whether a command's words carry anything redaction would mask (then its text is never stored). */
export function argvCarriesSecret(argv: readonly string[], env: Readonly<Record<string, string>> = {}): boolean {
  const redacted = redactArgv(argv);
  if (redacted.some((word, i) => word !== argv[i])) return true;
  return Object.keys(secretEnvironment(env)).length > 0;
}
