// Shared look-ups for the migration tools: a config value or variable → the database, and project paths.
import { isAbsolute, join } from 'node:path';
import type { Context } from '../../core/context.js';
import { databaseFromParts, databaseFromUrl, unresolved, type DatabaseTarget } from './database.js';
import { lookupVariable } from './dotenv.js';
import type { ConfigValue } from './js-config.js';

export function absolute(ctx: Context, path: string): string {
  return isAbsolute(path) ? path : join(ctx.cwd, path);
}

/** A variable the tool reads (`DATABASE_URL`), from the environment or the .env files it loads. */
export async function databaseFromVariable(ctx: Context, name: string, dotenvFiles: readonly string[], dir?: string): Promise<DatabaseTarget> {
  const found = await lookupVariable(ctx, name, dotenvFiles, dir);
  if (found === null) return unresolved(`${name} is not set${dotenvFiles.length > 0 ? ` (nor in ${dotenvFiles.join(', ')})` : ''}`);
  if ('error' in found) return unresolved(found.error);
  return databaseFromUrl(found.value, found.source, ctx);
}

async function stringValue(ctx: Context, value: ConfigValue | undefined, dotenvFiles: readonly string[]): Promise<{ value: string; source: string } | { error: string } | null> {
  if (!value) return null;
  if (value.kind === 'string') return { value: value.value, source: 'a literal' };
  if (value.kind === 'env') {
    const found = await lookupVariable(ctx, value.name, dotenvFiles);
    if (found === null) return value.fallback !== undefined ? { value: value.fallback, source: `the default for ${value.name}` } : { error: `${value.name} is not set` };
    return found;
  }
  return { error: `a value guard cannot evaluate (${value.kind === 'opaque' ? value.text : 'an object'})` };
}

/** A config value that is a URL, an environment variable, or an object of connection parts. */
export async function databaseFromValue(ctx: Context, value: ConfigValue | undefined, label: string, dotenvFiles: readonly string[], adapter?: string): Promise<DatabaseTarget> {
  if (!value) return unresolved(`${label} is not given`);
  if (value.kind === 'object') {
    const url = value.entries.get('url') ?? value.entries.get('connectionString');
    if (url) return databaseFromValue(ctx, url, `${label}.url`, dotenvFiles, adapter);
    const parts: Record<string, string> = {};
    for (const [key, field] of [['host', 'host'], ['port', 'port'], ['database', 'database'], ['db', 'database'], ['user', 'user'], ['username', 'user']] as const) {
      const found = await stringValue(ctx, value.entries.get(key), dotenvFiles);
      if (found && 'error' in found) return unresolved(`${label}.${key}: ${found.error}`);
      if (found) parts[field] = found.value;
    }
    if (adapter === undefined) return unresolved(`${label} gives no driver guard can tell`);
    return databaseFromParts({ adapter, ...parts }, `${label} (${parts['host'] ?? 'default host'})`, ctx);
  }
  const found = await stringValue(ctx, value, dotenvFiles);
  if (!found) return unresolved(`${label} is not given`);
  if ('error' in found) return unresolved(`${label}: ${found.error}`);
  return databaseFromUrl(found.value, `${label} (${found.source})`, ctx);
}
