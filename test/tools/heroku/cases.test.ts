// heroku: the case table, app resolution from git remotes, and the manifest-generated grammar's freshness.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assess } from '../../../src/core/pipeline.js';
import { herokuCases } from '../../../src/tools/heroku/cases.js';
import { herokuTool } from '../../../src/tools/heroku/heroku-tool.js';
import { commandsFromManifest, renderHerokuModule } from '../../../src/tools/heroku/manifest.js';
import { runToolCases } from '../../support/case-tester.js';
import { buildWorld, type WorldSpec } from '../../support/world.js';

runToolCases({ tool: herokuTool, cases: herokuCases.heroku ?? [] });

const remote = (name: string, app: string) => `[remote "${name}"]\n\turl = https://git.heroku.com/${app}.git\n`;

async function report(argv: string[], spec: WorldSpec = {}) {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return (await assess(argv, world.ctx)).report;
  } finally {
    world.cleanup();
  }
}

test('heroku pg:reset DATABASE_URL in a repository whose heroku remote is acme-prod: destructive, protected', async () => {
  const r = await report(['heroku', 'pg:reset', 'DATABASE_URL'], { files: { '.git/config': remote('heroku', 'acme-prod') } });
  assert.equal(r.risk, 'destructive');
  assert.equal(r.environment?.name, 'acme-prod');
  assert.equal(r.environment?.protected, true);
  assert.equal(r.confirmPhrase, 'acme-prod/DATABASE_URL');
});

test('app precedence: --app > HEROKU_APP > --remote/heroku.remote > the only heroku remote', async () => {
  const two = { '.git/config': `${remote('staging', 'acme-staging')}${remote('production', 'acme-prod')}[heroku]\n\tremote = staging\n` };
  assert.equal((await report(['heroku', 'pg:reset'], { files: two })).environment?.name, 'acme-staging');
  assert.equal((await report(['heroku', 'pg:reset', '-r', 'production'], { files: two })).environment?.name, 'acme-prod');
  assert.equal((await report(['heroku', 'pg:reset', '-r', 'production'], { files: two, env: { HEROKU_APP: 'acme-dev' } })).environment?.name, 'acme-dev');
  assert.equal((await report(['heroku', 'pg:reset', '--app=acme-qa'], { files: two, env: { HEROKU_APP: 'acme-dev' } })).environment?.name, 'acme-qa');
});

test('several heroku remotes and no choice: the app is unknown and protected', async () => {
  const r = await report(['heroku', 'pg:reset'], { files: { '.git/config': `${remote('a', 'one')}${remote('b', 'two')}` } });
  assert.equal(r.environment?.name, 'unknown');
  assert.equal(r.environment?.protected, true);
});

test('heroku run passes its command to guard: a destructive psql inside is destructive', async () => {
  const r = await report(['heroku', 'run', '-a', 'acme-staging', '--', 'psql', '-c', 'DROP TABLE users']);
  assert.equal(r.risk, 'destructive');
  assert.ok(r.rules.some((rule) => rule.id === 'psql/drop-table'));
});

const MANIFEST = 'node_modules/heroku/oclif.manifest.json';
test('commands.generated.ts matches the installed heroku CLI\'s oclif manifest', { skip: existsSync(MANIFEST) ? false : 'the heroku CLI is not installed (npm install): the generated grammar cannot be checked' }, () => {
  const version = (JSON.parse(readFileSync('node_modules/heroku/package.json', 'utf8')) as { version: string }).version;
  const fresh = renderHerokuModule(version, commandsFromManifest(JSON.parse(readFileSync(MANIFEST, 'utf8'))));
  assert.equal(readFileSync('src/tools/heroku/commands.generated.ts', 'utf8'), fresh, 'stale: run npm run gen:heroku');
});
