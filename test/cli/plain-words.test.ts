// What people and agents read is in their words: the main paths (prefix, each agent's hook answer, scan) never show internal jargon.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createSandbox, REPO_ROOT, runGuard } from '../support/run-guard.js';

/** Words that belong to guard's code or tests, not to a message; each was once seen in output. */
const JARGON: readonly RegExp[] = [
  /-c #\d/, // the old statement label
  /kept by conf/,
  /\b(local|test) double\b/,
  /\bstand-in\b/,
  /\bseams?\b/,
  /\bstubs?\b/,
  /\bfixtures?\b/,
  /\(argv\)/,
  /\[object Object\]/,
  /\bundefined\b/,
  /\bNaN\b/,
  /\w\(s\)/, // "file(s)": say "1 file", "4 files"
  /guard: guard:/,
  /\(\S[^()]*\(\d+(st|nd|rd|th) -c\)\)/, // a label nested in another's parentheses
];
/** Where the reader never passed --offline (the hook and scan are offline by default), naming it is wrong. */
const NOT_PASSED = /--offline/;

const sandbox = createSandbox('guard-plain-words-');
after(() => sandbox.cleanup());

function assertPlain(where: string, text: string, extra: readonly RegExp[] = []): void {
  assert.ok(text.trim().length > 0, `${where}: nothing was printed`);
  for (const word of [...JARGON, ...extra]) assert.doesNotMatch(text, word, `${where} says ${word}:\n${text}`);
}

const DANGEROUS: readonly (readonly string[])[] = [
  ['psql', '-h', 'db.prod.internal', '-c', 'DROP TABLE orders', '-c', 'DELETE FROM users'],
  ['kubectl', 'delete', 'pvc', 'shop-data', '-n', 'shop'],
  ['redis-cli', '-h', 'cache.prod.internal', 'flushall'],
  ['terraform', 'destroy', '-auto-approve'],
  ['aws', 's3', 'rm', 's3://prod-backups', '--recursive'],
  ['railway', 'volume', 'delete', '--volume', 'pg-data'],
];

describe('no jargon on the main paths', () => {
  for (const argv of DANGEROUS) {
    test(`prefix, dry-run and refusal: ${argv.join(' ')}`, async () => {
      const dry = await runGuard(['--dry-run', '--offline', ...argv], { sandbox, cwd: sandbox.dir });
      assertPlain('guard --dry-run', dry.stderrText);
      const refused = await runGuard(['--offline', ...argv], { sandbox, cwd: sandbox.dir });
      assertPlain('guard (refused)', refused.stderrText);
    });
  }

  const fixtures = join(REPO_ROOT, 'test', 'hooks', 'fixtures');
  for (const agent of ['claude', 'codex', 'cursor', 'gemini', 'copilot']) {
    for (const kind of ['deny', 'ask']) {
      test(`hook answer: ${agent} ${kind}`, async () => {
        const payload = JSON.parse(readFileSync(join(fixtures, `${agent}-${kind}.json`), 'utf8')) as Record<string, unknown>;
        const run = await runGuard(['hook', agent], { sandbox, stdin: JSON.stringify({ ...payload, cwd: sandbox.dir }), env: { GUARD_AGENT: '1' } });
        assert.equal(run.status, 0);
        // Every string in the answer (reasons, user and agent messages) is what someone reads.
        const strings: string[] = [];
        JSON.parse(run.stdoutText, (_key, value: unknown) => (typeof value === 'string' ? (strings.push(value), value) : value));
        assertPlain(`guard hook ${agent}`, strings.join('\n'), [NOT_PASSED]);
      });
    }
  }

  test('hook answer for a line with several tools', async () => {
    const command = `${DANGEROUS.map((argv) => argv.map((word) => `'${word}'`).join(' ')).join('; ')}`;
    const payload = { tool_name: 'Bash', tool_input: { command }, cwd: sandbox.dir, hook_event_name: 'PreToolUse' };
    const run = await runGuard(['hook', 'claude'], { sandbox, stdin: JSON.stringify(payload), env: { CLAUDECODE: '1' } });
    const reason = (JSON.parse(run.stdoutText) as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput.permissionDecisionReason;
    assertPlain('guard hook claude (several tools)', reason, [NOT_PASSED]);
    assert.match(reason, /not measured: the hook's offline mode/);
  });

  test('scan, text and GitHub annotations', async () => {
    const dir = join(sandbox.dir, 'repo');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'deploy.sh'), `#!/bin/sh\n${DANGEROUS.map((argv) => argv.map((word) => `'${word}'`).join(' ')).join('\n')}\npsql "$DATABASE_URL" -c 'TRUNCATE orders'\n`);
    const text = await runGuard(['scan', join(dir, 'deploy.sh')], { sandbox, cwd: dir });
    assertPlain('guard scan', text.stdoutText + text.stderrText, [NOT_PASSED]);
    assert.match(text.stdoutText, /guard scan: 1 file, \d+ findings;/);
    const github = await runGuard(['scan', '--github', join(dir, 'deploy.sh')], { sandbox, cwd: dir });
    assertPlain('guard scan --github', github.stdoutText, [NOT_PASSED]);
  });
});

describe('rendering', () => {
  test('a table two statements touch is one target line; each statement keeps its own runs line', async () => {
    const run = await runGuard(['--dry-run', '--offline', 'psql', '-h', 'db.prod.internal', '-c', 'DELETE FROM users', '-c', 'DELETE FROM users', '-c', 'DROP TABLE a'], { sandbox, cwd: sandbox.dir });
    const lines = run.stderrText.split('\n');
    assert.equal(lines.filter((line) => /^ {2}table\s+users in production$/.test(line)).length, 1, run.stderrText);
    assert.equal(lines.filter((line) => /^ {2}table\s+a in production$/.test(line)).length, 1, run.stderrText);
    assert.equal(lines.filter((line) => line.startsWith('  runs ')).length, 3, run.stderrText);
    // A label as wide as its column still has two spaces before its value.
    const pvc = await runGuard(['--dry-run', '--offline', 'kubectl', 'delete', 'pvc', 'shop-data', '-n', 'shop'], { sandbox, cwd: sandbox.dir });
    assert.match(pvc.stderrText, /\n {2}persistentvolumeclaim {2}shop-data/);
  });

  test('psql "$DATABASE_URL" with the variable unset: unresolved, names the variable, claims no connection', async () => {
    const payload = { tool_name: 'Bash', tool_input: { command: 'psql "$DATABASE_URL" -c "DROP TABLE orders"' }, cwd: sandbox.dir, hook_event_name: 'PreToolUse' };
    const run = await runGuard(['hook', 'claude'], { sandbox, stdin: JSON.stringify(payload), env: { CLAUDECODE: '1', DATABASE_URL: undefined } });
    const reason = (JSON.parse(run.stdoutText) as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput.permissionDecisionReason;
    assert.match(reason, /destructive in unknown \(protected; not resolved: an argument comes from \$DATABASE_URL/);
    assert.doesNotMatch(reason, /connects to root@|\/\$DATABASE_URL/);
    assert.match(reason, /connects to a server guard cannot name/);
  });
});

test('no message in the source says "(s)": counts use plural() ("1 volume", "2 volumes")', async () => {
  const { readdirSync, statSync } = await import('node:fs');
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.generated.ts')) {
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, index) => {
            const code = line.replace(/^\s*(\/\/|\*|\/\*\*).*$/, '');
            // http(s):// names a URL scheme, not a count.
            if (/[a-z]\(s\)(?=[\s,.;:]|$)/.test(code.replace(/https?\(s\)/g, '')) && /[`'"]/.test(code)) offenders.push(`${path.slice(REPO_ROOT.length + 1)}:${index + 1}: ${line.trim()}`);
          });
      }
    }
  };
  walk(join(REPO_ROOT, 'src'));
  assert.deepEqual(offenders, []);
});

test('the README and the generated tool pages are in a user\'s words too', async () => {
  const { readdirSync } = await import('node:fs');
  const pages = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs', 'tools')).map((page) => join('docs', 'tools', page))];
  for (const page of pages) {
    const text = readFileSync(join(REPO_ROOT, page), 'utf8');
    for (const word of [/\b(local|test) double\b/, /\bstand-ins?\b/, /\bseams?\b/, /kept by conf/, /-c #\d/]) assert.doesNotMatch(text, word, `${page} says ${word}`);
  }
});
