// .env files as the dotenv libraries read them (motdotla/dotenv 16, bkeepers/dotenv 3), and variable look-up.
//
// Grammar (dotenv 16 lib/main.js LINE regexp, documented in its README "What rules does the parsing
// engine follow?"): `KEY=VAL` or `export KEY=VAL` per line, `#` starts a comment outside quotes,
// values in single, double or backtick quotes may span lines, only double quotes expand `\n`.
// dotenv never overrides a variable already set in the process environment. dotenv-expand
// (and Ruby's dotenv) expand `${VAR}`: guard does not follow those and says so.
import { join } from 'node:path';
import type { Context } from '../../core/context.js';

export interface DotenvValue {
  readonly value: string;
  /** `${…}`/`$VAR` in an unquoted or double-quoted value: some loaders expand it, guard does not. */
  readonly expands: boolean;
}

export function parseDotenv(text: string): Map<string, DotenvValue> {
  const out = new Map<string, DotenvValue>();
  const source = text.replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < source.length) {
    // One logical line: optional `export`, a key, `=` or `:`, a value.
    const lineEnd = source.indexOf('\n', i) < 0 ? source.length : source.indexOf('\n', i);
    const line = source.slice(i, lineEnd);
    const match = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)/.exec(line);
    if (!match) {
      i = lineEnd + 1;
      continue;
    }
    const key = match[1] as string;
    let j = i + match[0].length;
    while (source[j] === ' ' || source[j] === '\t') j++;
    const quote = source[j];
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = source.indexOf(quote, j + 1);
      if (close >= 0) {
        let value = source.slice(j + 1, close);
        if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
        out.set(key, { value, expands: quote === '"' && value.includes('$') });
        const next = source.indexOf('\n', close);
        i = next < 0 ? source.length : next + 1;
        continue;
      }
    }
    const raw = source.slice(j, lineEnd);
    const hash = raw.search(/\s#/);
    const value = (hash >= 0 ? raw.slice(0, hash) : raw.startsWith('#') ? '' : raw).trim();
    out.set(key, { value, expands: value.includes('$') });
    i = lineEnd + 1;
  }
  return out;
}

export async function readText(ctx: Context, path: string): Promise<string | null> {
  try {
    return (await ctx.readFile(path)).toString('utf8');
  } catch {
    return null;
  }
}

/** Where a variable's value came from, and what it is. */
export interface VariableLookup {
  readonly value: string;
  readonly source: string;
}

/**
 * A variable as the tool sees it: the process environment first (dotenv never overrides it), then
 * the .env files the tool loads, highest priority first. An expanding value is unresolvable.
 */
export async function lookupVariable(
  ctx: Context,
  name: string,
  dotenvFiles: readonly string[],
  dir: string = ctx.cwd,
): Promise<VariableLookup | { readonly error: string } | null> {
  const fromEnv = ctx.env[name];
  if (fromEnv !== undefined) return { value: fromEnv, source: `environment variable ${name}` };
  for (const file of dotenvFiles) {
    const text = await readText(ctx, join(dir, file));
    if (text === null) continue;
    const found = parseDotenv(text).get(name);
    if (!found) continue;
    if (found.expands) return { error: `${name} in ${file} refers to other variables ($…), which guard does not expand` };
    return { value: found.value, source: `${name} in ${file}` };
  }
  return null;
}
