// The generated client grammar still matches the installed MariaDB clients' own --help.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { grammarFromHelps, renderGrammarModule } from '../../../src/tools/mysql/help-options.js';

const help = (program: string) => spawnSync(program, ['--no-defaults', '--help'], { encoding: 'utf8' });
const installed = ['mariadb', 'mariadb-dump', 'mariadb-admin'].every((program) => help(program).status === 0);

test('options.generated.ts is what `npm run gen:mysql` writes from the installed clients', { skip: installed ? false : 'the MariaDB clients are not installed here: the generated grammar cannot be checked' }, () => {
  const fresh = renderGrammarModule(grammarFromHelps(help('mariadb').stdout, help('mariadb-dump').stdout, help('mariadb-admin').stdout));
  assert.ok(readFileSync('src/tools/mysql/options.generated.ts', 'utf8') === fresh, 'src/tools/mysql/options.generated.ts is stale: run `npm run gen:mysql`');
});

test('the options the rules depend on are in the grammar', async () => {
  const { CLIENT_OPTIONS, ADMIN_COMMANDS } = await import('../../../src/tools/mysql/options.generated.js');
  for (const name of ['execute', 'init-command', 'defaults-file', 'defaults-extra-file', 'no-defaults', 'password', 'socket', 'host', 'port', 'database', 'safe-updates']) {
    assert.ok(CLIENT_OPTIONS.some((o) => o.name === name), name);
  }
  assert.equal(CLIENT_OPTIONS.find((o) => o.name === 'password')?.argument, 'optional');
  for (const name of ['drop', 'shutdown', 'kill', 'create', 'status']) assert.ok(ADMIN_COMMANDS.some((c) => c.name === name), name);
});
