// Removes secrets (passwords in URLs and conninfo strings, token-like option values) from argv.

const MASK = '***';
const SECRET_OPTION = /^-{1,2}[a-z0-9-]*(password|passwd|token|secret|api-?key)[a-z0-9-]*$/i;

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
      return /^(password|passfile|sslpassword|token|access_token)$/i.test(key) && eq >= 0 ? `${key}=${MASK}` : pair;
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

export function redactSecretsInText(text: string): string {
  if (text.includes('://')) return redactUrlPassword(text);
  if (/(^|\s)(ssl)?password\s*=/i.test(text)) return redactConninfoPassword(text);
  return text;
}

export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0 && SECRET_OPTION.test(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq + 1)}${MASK}`);
      continue;
    }
    if (SECRET_OPTION.test(arg) && i + 1 < argv.length) {
      out.push(arg, MASK);
      i++;
      continue;
    }
    out.push(redactSecretsInText(arg));
  }
  return out;
}
