// The generated supabase grammar still matches the installed CLI's --help for the commands the rules decide on.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { SUPABASE_COMMANDS, SUPABASE_VERSION } from '../../../src/tools/supabase/supabase-commands.generated.js';
import { SUPABASE_BIN } from './supabase-help.js';

// A full walk of every command takes minutes (`node dist/test/tools/supabase/generate-supabase-grammar.js`);
// the commands whose flags change a decision are checked here.
const CHECKED = ['db push', 'db reset', 'db query', 'stop', 'storage rm'];
const skip = existsSync(SUPABASE_BIN) ? false : 'the supabase CLI is not installed (npm install): the generated grammar cannot be checked';

test(`supabase ${SUPABASE_VERSION}: flags of the commands the rules decide on`, { skip }, () => {
  const version = spawnSync(SUPABASE_BIN, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout.trim();
  assert.equal(version, SUPABASE_VERSION, 'the installed supabase differs from the generated table: regenerate it');
  for (const path of CHECKED) {
    const help = spawnSync(SUPABASE_BIN, [...path.split(' '), '--help'], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1' } }).stdout;
    const section = help.slice(help.indexOf('\nFLAGS\n'), help.indexOf('\nGLOBAL FLAGS\n'));
    for (const token of (SUPABASE_COMMANDS[path]?.flags ?? '').split(' ').filter(Boolean)) {
      const long = token.replace(/=$/, '').split('/').find((n) => n.startsWith('--')) ?? '';
      assert.ok(section.includes(`  ${long}`), `supabase ${path}: ${long} is no longer in its --help`);
    }
  }
});
