// curl's config file syntax (-K/--config and ~/.curlrc), tokenised into the arguments curl would see.
import { join } from 'node:path';
import type { Context } from '../../core/context.js';

/**
 * One option per line: `--name value`, `name = value`, `name: value` or `name "quoted value"`;
 * `#` starts a comment line. Mirrors curl's parseconfig() (src/tool_parsecfg.c): a name without
 * dashes is a long option; quoted values know \\ \" \t \n \r \v escapes.
 */
export function tokeniseCurlConfig(text: string): string[] {
  const tokens: string[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    let at = 0;
    while (at < line.length && isBlank(line[at])) at += 1;
    if (at >= line.length || line[at] === '#' || line[at] === '/' || line[at] === ';') continue;
    const nameStart = at;
    while (at < line.length && !isBlank(line[at]) && line[at] !== '=' && line[at] !== ':') at += 1;
    const name = line.slice(nameStart, at);
    while (at < line.length && (isBlank(line[at]) || line[at] === '=' || line[at] === ':')) at += 1;
    let value: string | null = null;
    if (at < line.length) {
      if (line[at] === '"') {
        value = '';
        at += 1;
        while (at < line.length && line[at] !== '"') {
          if (line[at] === '\\' && at + 1 < line.length) {
            const next = line[at + 1] as string;
            value += ({ t: '\t', n: '\n', r: '\r', v: '\v' } as Record<string, string>)[next] ?? next;
            at += 2;
          } else value += line[at++];
        }
      } else {
        const valueStart = at;
        while (at < line.length && !isBlank(line[at])) at += 1;
        value = line.slice(valueStart, at);
      }
    }
    tokens.push(name.startsWith('-') ? name : `--${name}`);
    if (value !== null) tokens.push(value);
  }
  return tokens;
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/** The default config curl reads unless -q/--disable comes first (curl 7.73+: CURL_HOME, XDG_CONFIG_HOME, HOME). */
export function curlrcPath(ctx: Context): string | null {
  const dirs = [ctx.env.CURL_HOME, ctx.env.XDG_CONFIG_HOME, ctx.env.HOME ?? ctx.home].filter((d): d is string => typeof d === 'string' && d !== '');
  for (const dir of dirs) {
    const path = join(dir, '.curlrc');
    if (ctx.fileExists(path)) return path;
  }
  return null;
}
