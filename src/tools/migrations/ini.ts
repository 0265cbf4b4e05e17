// INI (alembic.ini, sqitch.conf) and Java .properties (flyway.conf, liquibase.properties) as their readers parse them.
//
// Python's configparser (alembic): `[section]`, `key = value` or `key: value`, `#`/`;` comment lines,
// indented continuation lines, `%(name)s` interpolation (not followed by guard: such values are
// reported unresolvable). Git-style config (sqitch): `[target "name"]`. java.util.Properties:
// `key=value`, `key: value`, `key value`, `#`/`!` comments, `\` line continuations.

export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function parseIni(text: string): IniSections {
  const sections = new Map<string, Map<string, string>>();
  let current = new Map<string, string>();
  sections.set('', current);
  let lastKey: string | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') {
      if (raw.trim() === '') lastKey = null;
      continue;
    }
    const header = /^\s*\[\s*([^\]"\s]+)(?:\s+"([^"]*)")?\s*\]/.exec(raw);
    if (header) {
      const name = header[2] !== undefined ? `${header[1]} ${header[2]}` : (header[1] as string);
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = null;
      continue;
    }
    if (/^\s/.test(raw) && lastKey !== null) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${raw.trim()}`);
      continue;
    }
    const match = /^\s*([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!match) continue;
    lastKey = (match[1] as string).trim();
    current.set(lastKey, (match[2] as string).trim());
  }
  return sections;
}

export function parseProperties(text: string): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] as string).trimStart();
    const match = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (match) out.set(match[1] as string, (match[2] as string).trim());
  }
  return out;
}
