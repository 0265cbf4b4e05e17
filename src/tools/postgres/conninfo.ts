// libpq connection strings: the keyword table, URIs and key=value conninfo, parsed as libpq does.
//
// Checked against libpq 15 (fe-connect.c: PQconninfoOptions, conninfo_parse,
// conninfo_uri_parse_options, recognized_connection_string) and
// https://www.postgresql.org/docs/15/libpq-connect.html (34.1.1 Connection Strings,
// 34.1.2 Parameter Key Words) and libpq-envars.html (34.15 Environment Variables).

/** Every keyword libpq 15 accepts (plus a few of 16/17, so newer clients' strings parse), with its environment variable. */
export const LIBPQ_KEYWORDS: Readonly<Record<string, string | null>> = {
  service: 'PGSERVICE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  channel_binding: 'PGCHANNELBINDING',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  dbname: 'PGDATABASE',
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  client_encoding: 'PGCLIENTENCODING',
  options: 'PGOPTIONS',
  application_name: 'PGAPPNAME',
  fallback_application_name: null,
  keepalives: null,
  keepalives_idle: null,
  keepalives_interval: null,
  keepalives_count: null,
  tcp_user_timeout: null,
  sslmode: 'PGSSLMODE',
  sslcompression: 'PGSSLCOMPRESSION',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslpassword: null,
  sslrootcert: 'PGSSLROOTCERT',
  sslcrl: 'PGSSLCRL',
  sslcrldir: 'PGSSLCRLDIR',
  sslsni: 'PGSSLSNI',
  requirepeer: 'PGREQUIREPEER',
  ssl_min_protocol_version: 'PGSSLMINPROTOCOLVERSION',
  ssl_max_protocol_version: 'PGSSLMAXPROTOCOLVERSION',
  gssencmode: 'PGGSSENCMODE',
  krbsrvname: 'PGKRBSRVNAME',
  gsslib: 'PGGSSLIB',
  replication: null,
  target_session_attrs: 'PGTARGETSESSIONATTRS',
  // libpq 16 and later:
  require_auth: 'PGREQUIREAUTH',
  load_balance_hosts: 'PGLOADBALANCEHOSTS',
  gssdelegation: 'PGGSSDELEGATION',
  sslcertmode: 'PGSSLCERTMODE',
  sslnegotiation: 'PGSSLNEGOTIATION',
};

/** Values that must never leave `ConnectionFacts.password` (or leave guard at all). */
export const SECRET_KEYWORDS: ReadonlySet<string> = new Set(['password', 'sslpassword']);

const URI_PREFIXES = ['postgresql://', 'postgres://'] as const;

/** libpq's recognized_connection_string: a URI prefix, or any '=' at all. */
export function isConnectionString(text: string): boolean {
  return URI_PREFIXES.some((prefix) => text.startsWith(prefix)) || text.includes('=');
}

export type ConnInfo = Record<string, string>;
export type ConnInfoResult = ConnInfo | { error: string };

export function isConnInfoError(result: ConnInfoResult): result is { error: string } {
  return typeof (result as { error?: unknown }).error === 'string';
}

export function parseConnectionString(text: string): ConnInfoResult {
  const prefix = URI_PREFIXES.find((candidate) => text.startsWith(candidate));
  return prefix ? parseUri(text, prefix.length) : parseKeyValue(text);
}

function store(out: ConnInfo, key: string, value: string): string | null {
  if (!(key in LIBPQ_KEYWORDS)) return `invalid connection option "${key}"`;
  out[key] = value;
  return null;
}

/** `host=db port=5432 password='it''s'`: values bare or single-quoted, backslash escapes in both. */
function parseKeyValue(text: string): ConnInfoResult {
  const out: ConnInfo = {};
  const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);
  let at = 0;
  while (at < text.length) {
    while (isSpace(text[at])) at += 1;
    if (at >= text.length) break;
    const keyStart = at;
    while (at < text.length && text[at] !== '=' && !isSpace(text[at])) at += 1;
    const key = text.slice(keyStart, at);
    while (isSpace(text[at])) at += 1;
    if (text[at] !== '=') return { error: `missing "=" after "${key}" in connection info string` };
    at += 1;
    while (isSpace(text[at])) at += 1;
    let value = '';
    if (text[at] === "'") {
      at += 1;
      let closed = false;
      while (at < text.length) {
        const char = text[at] as string;
        if (char === '\\' && at + 1 < text.length) {
          value += text[at + 1];
          at += 2;
        } else if (char === "'") {
          at += 1;
          closed = true;
          break;
        } else {
          value += char;
          at += 1;
        }
      }
      if (!closed) return { error: 'unterminated quoted string in connection info string' };
    } else {
      while (at < text.length && !isSpace(text[at])) {
        if (text[at] === '\\' && at + 1 < text.length) {
          value += text[at + 1];
          at += 2;
        } else {
          value += text[at];
          at += 1;
        }
      }
    }
    const problem = store(out, key, value);
    if (problem) return { error: problem };
  }
  return out;
}

/** %XX decoding; libpq refuses malformed escapes and %00, and does not turn '+' into a space. */
function percentDecode(text: string): string | { error: string } {
  const bytes: number[] = [];
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at] as string;
    if (char !== '%') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const hex = text.slice(at + 1, at + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { error: `invalid percent-encoded token: "${text}"` };
    const byte = Number.parseInt(hex, 16);
    if (byte === 0) return { error: `forbidden value %00 in percent-encoded value: "${text}"` };
    bytes.push(byte);
    at += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * postgresql://[user[:password]@][host][:port][,host[:port]…][/dbname][?key=value&…]
 * Several hosts become comma-separated `host` and `port` values, as libpq stores them.
 */
function parseUri(text: string, prefixLength: number): ConnInfoResult {
  const out: ConnInfo = {};
  const decodeInto = (key: string, raw: string): string | null => {
    const decoded = percentDecode(raw);
    if (typeof decoded !== 'string') return decoded.error;
    return store(out, key, decoded);
  };
  let rest = text.slice(prefixLength);

  // Credentials end at the first '@' met before any '/' (libpq's look-ahead).
  const slash = rest.indexOf('/');
  const at = rest.indexOf('@');
  if (at >= 0 && (slash < 0 || at < slash)) {
    const credentials = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = credentials.indexOf(':');
    const user = colon < 0 ? credentials : credentials.slice(0, colon);
    const password = colon < 0 ? '' : credentials.slice(colon + 1);
    if (user !== '') {
      const problem = decodeInto('user', user);
      if (problem) return { error: problem };
    }
    if (password !== '') {
      const problem = decodeInto('password', password);
      if (problem) return { error: problem };
    }
  }

  const hosts: string[] = [];
  const ports: string[] = [];
  for (;;) {
    let host: string;
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) return { error: `end of string reached when looking for matching "]" in IPv6 host address in URI: "${text}"` };
      host = rest.slice(1, close);
      if (host === '') return { error: `IPv6 host address may not be empty in URI: "${text}"` };
      rest = rest.slice(close + 1);
      const next = rest[0];
      if (next !== undefined && !':/?,'.includes(next)) {
        return { error: `unexpected character "${next}" at position ${text.length - rest.length + 1} in URI (expected ":" or "/"): "${text}"` };
      }
    } else {
      const end = firstOf(rest, ':/?,');
      host = rest.slice(0, end);
      rest = rest.slice(end);
    }
    let port = '';
    if (rest.startsWith(':')) {
      const end = firstOf(rest.slice(1), '/?,') + 1;
      port = rest.slice(1, end);
      rest = rest.slice(end);
    }
    hosts.push(host);
    ports.push(port);
    if (!rest.startsWith(',')) break;
    rest = rest.slice(1);
  }
  if (hosts.some((host) => host !== '')) {
    const problem = decodeInto('host', hosts.join(','));
    if (problem) return { error: problem };
  }
  if (ports.some((port) => port !== '')) {
    const problem = decodeInto('port', ports.join(','));
    if (problem) return { error: problem };
  }

  if (rest.startsWith('/')) {
    const end = firstOf(rest, '?');
    const dbname = rest.slice(1, end);
    rest = rest.slice(end);
    if (dbname !== '') {
      const problem = decodeInto('dbname', dbname);
      if (problem) return { error: problem };
    }
  }
  if (rest.startsWith('?')) {
    for (const pair of rest.slice(1).split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      if (equals < 0) return { error: `missing key/value separator "=" in URI query parameter: "${pair}"` };
      if (pair.indexOf('=', equals + 1) >= 0) return { error: `extra key/value separator "=" in URI query parameter: "${pair}"` };
      const key = percentDecode(pair.slice(0, equals));
      const value = percentDecode(pair.slice(equals + 1));
      if (typeof key !== 'string') return key;
      if (typeof value !== 'string') return value;
      // libpq's one JDBC-compatibility alias.
      if (key === 'ssl' && value === 'true') {
        out['sslmode'] = 'require';
        continue;
      }
      if (!(key in LIBPQ_KEYWORDS)) return { error: `invalid URI query parameter: "${key}"` };
      out[key] = value;
    }
  } else if (rest !== '') {
    return { error: `unexpected text "${rest}" in URI: "${text}"` };
  }
  return out;
}

function firstOf(text: string, stops: string): number {
  for (let at = 0; at < text.length; at += 1) if (stops.includes(text[at] as string)) return at;
  return text.length;
}
