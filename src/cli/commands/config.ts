// `guard config path|get|set`: the user configuration, kept by conf (loaded only here).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { guardDirectory, USER_CONFIG_FILE } from '../../config/load.js';
import type { RegisterCommand } from './types.js';

/** conf validates against the same schema guard publishes and writes atomically. */
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

export const registerConfigCommand: RegisterCommand = (program) => {
  const dir = () => guardDirectory(process.env, homedir());
  const config = program.command('config').description("guard's user configuration (kept by conf)");
  config.command('path').description('where the user configuration lives').action(() => {
    process.stdout.write(`${join(dir(), USER_CONFIG_FILE)}\n`);
  });
  config
    .command('get [key]')
    .description('print the user configuration, or one dotted key')
    .action(async (key?: string) => {
      const store = await openStore(dir());
      process.stdout.write(`${JSON.stringify(key ? store.get(key) : store.store, null, 2) ?? 'undefined'}\n`);
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
      const store = await openStore(dir());
      store.set(key, value);
    });
};
