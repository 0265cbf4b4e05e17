// `guard config path|list|get|set|unset`: the user configuration, validated against guard's schema, written by conf.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { guardDirectory, readLayer, USER_CONFIG_FILE } from '../../config/load.js';
import type { RegisterCommand } from './types.js';

/** conf writes atomically; guard's own validator speaks first, so a bad value is exit 78 with the file and key. */
async function openStore(dir: string) {
  const [{ default: Conf }, { CONFIG_SCHEMA }] = await Promise.all([import('conf'), import('../../config/schema.js')]);
  return new Conf<Record<string, unknown>>({
    projectName: 'guard',
    projectSuffix: '',
    cwd: dir,
    configName: USER_CONFIG_FILE.replace(/\.json$/, ''),
    schema: CONFIG_SCHEMA.properties as never,
  });
}

/** Reads and validates the file as guard itself will (a malformed one is exit 78 naming it). */
function currentConfig(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  readLayer(file);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function lookup(root: unknown, key: string): { found: boolean; value: unknown } {
  let value: unknown = root;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return { found: false, value: undefined };
    value = (value as Record<string, unknown>)[part];
  }
  return { found: true, value };
}

function withValue(root: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  const parts = key.split('.');
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? ''] = value;
  return copy;
}

/** `environments.staging.protected = false`, one line per leaf. */
function flatten(value: unknown, prefix: string, out: string[]): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out.push(`${prefix} = ${JSON.stringify(value)}`);
  }
  return out;
}

async function validated(file: string, next: Record<string, unknown>): Promise<void> {
  const [{ validate }, { CONFIG_SCHEMA }] = await Promise.all([import('../../config/validate.js'), import('../../config/schema.js')]);
  const problem = validate(next, CONFIG_SCHEMA);
  if (problem) throw new ConfigError(file, problem.path, `${problem.message}; nothing was changed`);
}

export const registerConfigCommand: RegisterCommand = (program, env) => {
  const dir = () => guardDirectory(process.env, homedir());
  const file = () => join(dir(), USER_CONFIG_FILE);
  const config = program.command('config').description("guard's user configuration (validated against guard's schema)");
  config.command('path').description('where the user configuration lives').action(() => {
    process.stdout.write(`${file()}\n`);
  });
  config
    .command('list')
    .description('every key that is set, one per line')
    .option('--json', 'print the whole configuration as JSON')
    .action((options: { json?: boolean }) => {
      const current = currentConfig(file());
      if (options.json) process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
      else process.stdout.write(flatten(current, '', []).map((line) => `${line}\n`).join(''));
    });
  config
    .command('get [key]')
    .description('print the user configuration, or one dotted key (exit 1 when it is not set)')
    .option('--json', 'print the value as JSON (the default; kept for scripts)')
    .action((key?: string) => {
      const current = currentConfig(file());
      if (!key) {
        process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
        return;
      }
      const { found, value } = lookup(current, key);
      if (!found) {
        process.stderr.write(`guard: ${key} is not set in ${file()}\n`);
        env.setStatus(1);
        return;
      }
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    });
  config
    .command('set <key> <json>')
    .description('set a dotted key to a JSON value, e.g. environments.staging.protected false')
    .action(async (key: string, json: string) => {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        value = json;
      }
      await validated(file(), withValue(currentConfig(file()), key, value));
      (await openStore(dir())).set(key, value);
    });
  config
    .command('unset <key>')
    .description('remove a dotted key (exit 1 when it is not set)')
    .action(async (key: string) => {
      const current = currentConfig(file());
      if (!lookup(current, key).found) {
        process.stderr.write(`guard: ${key} is not set in ${file()}\n`);
        env.setStatus(1);
        return;
      }
      (await openStore(dir())).delete(key);
    });
};
