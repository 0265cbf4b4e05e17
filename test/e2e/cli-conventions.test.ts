// The CLI a person meets: mistyped options and subcommands, help everywhere, colour flags, completion.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SUBCOMMAND_ENTRIES } from '../../src/cli/commands/index.js';
import { closest } from '../../src/cli/suggest.js';
import { createSandbox, describeRun, runGuard } from '../support/run-guard.js';

const sandbox = createSandbox('guard-cli-');
after(() => sandbox.cleanup());
const guard = (args: string[], env: Record<string, string | undefined> = {}) => runGuard(args, { sandbox, env });

describe('a mistyped guard option is a usage error, wherever -h stands', () => {
  test('--dryrun before psql -h …: 64 with a suggestion, no help, nothing on stdout', async () => {
    const run = await guard(['--dryrun', '--json', 'psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders']);
    assert.equal(run.status, 64, describeRun(run));
    assert.equal(run.stdoutText, '');
    assert.match(run.stderrText, /unknown option --dryrun \(did you mean --dry-run\?\)/);
    assert.doesNotMatch(run.stderrText, /Usage:/);
  });
  for (const typo of ['--offlin', '--conform=x', '--jsn', '-x']) {
    test(`${typo}: 64`, async () => {
      const run = await guard([typo, 'ls']);
      assert.equal(run.status, 64, describeRun(run));
      assert.match(run.stderrText, /unknown option/);
    });
  }
  test('options after the command are the command\'s: -h goes to psql, not to guard', async () => {
    const run = await guard(['--dry-run', '--offline', 'psql', '-h', 'db.prod.internal', '-c', 'select 1']);
    assert.equal(run.status, 0, describeRun(run));
    assert.doesNotMatch(run.stderrText, /Usage: guard/);
  });
});

describe('colour', () => {
  const drop = ['--dry-run', '--offline', 'psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders'];
  test('--color colours a report written to a pipe; --no-color and NO_COLOR do not', async () => {
    const coloured = await guard(['--color', ...drop], { NO_COLOR: undefined });
    assert.equal(coloured.status, 77, describeRun(coloured));
    assert.match(coloured.stderrText, /\u001b\[/);
    const plain = await guard(['--no-color', ...drop], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    assert.equal(plain.status, 77);
    assert.doesNotMatch(plain.stderrText, /\u001b\[/);
  });
  test('--color does not reach the wrapped command\'s environment', async () => {
    const run = await guard(['--color', 'sh', '-c', 'echo "${FORCE_COLOR-unset} ${NO_COLOR-unset}"'], { NO_COLOR: undefined });
    assert.equal(run.stdoutText, 'unset unset\n');
  });
});

describe('subcommands', () => {
  test('a mistyped subcommand that is no program: 64, did you mean', async () => {
    const run = await guard(['sacn', '.']);
    assert.equal(run.status, 64, describeRun(run));
    assert.match(run.stderrText, /did you mean guard scan\?/);
  });
  test('after --, the same word is a command: 127', async () => {
    const run = await guard(['--', 'sacn']);
    assert.equal(run.status, 127, describeRun(run));
  });
  test('guard --help lists every subcommand with its summary', async () => {
    const run = await guard(['--help']);
    assert.equal(run.status, 0);
    for (const [name, entry] of Object.entries(SUBCOMMAND_ENTRIES)) {
      assert.ok(run.stdoutText.includes(`${name}  `) && run.stdoutText.includes(entry.summary.slice(0, 30)), `${name} missing from --help`);
    }
  });
  for (const name of Object.keys(SUBCOMMAND_ENTRIES)) {
    test(`guard help ${name} and guard ${name} --help show its usage and examples`, async () => {
      const viaHelp = await guard(['help', name]);
      const viaFlag = await guard([name, '--help']);
      assert.equal(viaHelp.status, 0, describeRun(viaHelp));
      assert.equal(viaFlag.status, 0, describeRun(viaFlag));
      assert.equal(viaHelp.stdoutText, viaFlag.stdoutText);
      assert.match(viaFlag.stdoutText, new RegExp(`Usage: guard ${name}`));
      assert.match(viaFlag.stdoutText, /Examples:\n {2}\S/);
    });
  }
  test('guard help (alone) is guard --help', async () => {
    const run = await guard(['help']);
    assert.equal(run.status, 0);
    assert.match(run.stdoutText, /^Usage: guard \[options\]/);
  });
  test('guard hooks is guard hook', async () => {
    const run = await guard(['hooks', '--help']);
    assert.equal(run.status, 0, describeRun(run));
    assert.match(run.stdoutText, /Usage: guard hook /);
  });
  test('guard help with an unknown topic: 64 with a suggestion', async () => {
    const run = await guard(['help', 'sacn']);
    assert.equal(run.status, 64, describeRun(run));
    assert.match(run.stderrText, /did you mean scan\?/);
  });
});

describe('suggestions', () => {
  test('typos find their word; unrelated words and ties find none', () => {
    assert.equal(closest('sacn', ['scan', 'shell']), 'scan');
    assert.equal(closest('--dryrun', ['--dry-run', '--json']), '--dry-run');
    assert.equal(closest('docter', ['doctor', 'log']), 'doctor');
    assert.equal(closest('kubectl', ['scan', 'shell', 'log']), null);
    assert.equal(closest('ab', ['ac', 'ad']), null);
  });
});

describe('completion', () => {
  function bashComplete(script: string, words: string[]): string[] {
    const file = join(sandbox.dir, 'guard.bash');
    writeFileSync(file, script);
    const quoted = words.map((word) => `'${word}'`).join(' ');
    const result = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _guard; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter((line) => line.length > 0);
  }
  test('bash: subcommands, options, agents, rule ids and wrapped programs', async () => {
    const run = await guard(['completion', 'bash']);
    assert.equal(run.status, 0, describeRun(run));
    assert.deepEqual(bashComplete(run.stdoutText, ['guard', 'sc']), ['scan']);
    assert.ok(bashComplete(run.stdoutText, ['guard', '--dry']).includes('--dry-run'));
    assert.ok(bashComplete(run.stdoutText, ['guard', '--dry-run', 'ps']).includes('psql'));
    assert.deepEqual(bashComplete(run.stdoutText, ['guard', 'hook', 'install', 'cl']), ['claude']);
    assert.ok(bashComplete(run.stdoutText, ['guard', 'explain', 'railway/volume-d']).includes('railway/volume-delete'));
    assert.deepEqual(bashComplete(run.stdoutText, ['guard', 'completion', 'z']), ['zsh']);
  });
  test('guard shell init bash installs completion, loaded on the first Tab', async () => {
    const init = await guard(['shell', 'init', 'bash']);
    assert.equal(init.status, 0, describeRun(init));
    const file = join(sandbox.dir, 'init.bash');
    writeFileSync(file, init.stdoutText);
    const result = spawnSync('bash', ['-c', `source '${file}'; complete -p guard; COMP_WORDS=(guard sc); COMP_CWORD=1; _guard_load_completion guard sc guard; printf '%s\\n' "\${COMPREPLY[@]}"; complete -p guard`], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['complete -F _guard_load_completion guard', 'scan', 'complete -o default -F _guard guard']);
  });
  test('guard shell init zsh parses and registers completion; fish says where its file goes', { skip: spawnSync('sh', ['-c', 'command -v zsh']).status === 0 ? false : 'zsh is not installed here' }, async () => {
    const init = await guard(['shell', 'init', 'zsh']);
    const file = join(sandbox.dir, 'init.zsh');
    writeFileSync(file, init.stdoutText);
    assert.equal(spawnSync('zsh', ['-n', file], { encoding: 'utf8' }).status, 0);
    assert.match(init.stdoutText, /compdef _guard guard/);
    assert.match((await guard(['shell', 'init', 'fish'])).stdoutText, /guard completion fish > ~\/\.config\/fish\/completions\/guard\.fish/);
  });
  for (const shell of ['zsh', 'fish']) {
    const available = spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
    test(`${shell}: the script parses`, { skip: available ? false : `${shell} is not installed here` }, async () => {
      const run = await guard(['completion', shell]);
      assert.equal(run.status, 0);
      const file = join(sandbox.dir, `guard.${shell}`);
      writeFileSync(file, run.stdoutText);
      const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
    });
  }
  test('zsh and fish scripts name the same words as bash', async () => {
    const zsh = (await guard(['completion', 'zsh'])).stdoutText;
    const fish = (await guard(['completion', 'fish'])).stdoutText;
    for (const word of ['scan', 'railway/volume-delete', 'claude', 'psql', '--dry-run']) {
      assert.ok(zsh.includes(word), `zsh lacks ${word}`);
      assert.ok(fish.includes(word.replace(/^--/, '')), `fish lacks ${word}`);
    }
    assert.match(zsh, /^#compdef guard/);
  });
  test('an unknown shell: 64', async () => {
    const run = await guard(['completion', 'tcsh']);
    assert.equal(run.status, 64, describeRun(run));
  });
});
