// Differential check of the shell engine against real bash: stand-in binaries record what bash ran; guard must agree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { analyseShellLine } from '../../src/shell/analyse.js';
import type { LineCommand } from '../../src/shell/model.js';
import { createFakeBin } from '../support/fake-bin.js';

const FAKES = ['railway', 'psql', 'kubectl', 'dropdb'] as const;

interface Case {
  readonly line: string;
  readonly files?: Record<string, string>;
}

const CASES: readonly Case[] = [
  { line: "r''ailway down -y" },
  { line: "'railway' volume delete --volume v1" },
  { line: "$'\\x72ailway' status --json" },
  { line: 'rail\\way up --detach' },
  { line: '"rail"way logs --service drop-worker' },
  { line: 'FOO=1 railway down -y' },
  { line: 'env -u HOME railway down' },
  { line: "env -S 'railway down -y'" },
  { line: "env --split-string='railway  \"a b\"  c'" },
  { line: 'env A=1 B=2 -- railway up' },
  { line: 'timeout 10 railway down' },
  { line: 'timeout -s KILL -k 5 1m railway volume list' },
  { line: 'nice -n 5 railway up' },
  { line: 'nohup railway down -y >/dev/null 2>&1' },
  { line: 'time railway status' },
  { line: 'command railway status' },
  { line: '\\railway status' },
  { line: 'builtin command railway environment delete staging' },
  { line: 'exec railway status' },
  { line: "bash -c 'railway down -y'" },
  { line: "bash -ec 'railway down -y; railway up'" },
  { line: "sh -c 'psql -c \"$1\"' sh 'DROP TABLE x'" },
  { line: "bash -c \"sh -c 'railway volume delete --volume v9'\"" },
  { line: 'echo a b | xargs railway volume delete' },
  { line: 'echo v1 | xargs -I{} railway volume delete --volume {}' },
  { line: "echo x | xargs sh -c 'railway down -y'" },
  { line: 'find . -maxdepth 0 -exec railway down -y \\;' },
  { line: 'eval "railway down -y"' },
  { line: "eval 'rail''way' down" },
  { line: 'X=railway; $X down' },
  { line: 'c=railway; "$c" down -y' },
  { line: 'CTX=prod; kubectl --context $CTX delete ns x' },
  { line: 'A="a  b"; railway $A' },
  { line: 'A="a  b"; railway "$A"' },
  { line: 'railway${IFS}down${IFS}-y' },
  { line: 'export E=production; railway volume -e "$E" delete' },
  { line: 'f() { railway "$@"; }; f down -y' },
  { line: 'for e in staging production; do railway volume -e $e delete; done' },
  { line: 'if true; then railway up; else railway down; fi' },
  { line: 'case prod in prod) kubectl delete ns x;; *) kubectl get ns;; esac' },
  { line: '(cd /tmp && railway down)' },
  { line: 'echo $(railway status)' },
  { line: 'x=`railway up`' },
  { line: 'true && railway down || railway up' },
  { line: 'railway status | railway down -y' },
  { line: 'H=db.prod.internal; psql -h "$H" -c "DROP TABLE t"' },
  { line: "psql <<'EOF'\nDROP TABLE x;\nEOF" },
  { line: 'T=users; psql <<EOF\nDROP TABLE $T;\nEOF' },
  { line: 'psql <<-EOF\n\tDROP TABLE x;\n\tEOF' },
  { line: "echo 'DROP TABLE users' | psql" },
  { line: "printf '%s\\n' 'DROP TABLE users' | psql" },
  { line: 'psql <<< "DROP TABLE t"' },
  { line: 'psql < nuke.sql', files: { 'nuke.sql': 'DROP TABLE users;\n' } },
  { line: 'cat nuke.sql | psql', files: { 'nuke.sql': 'TRUNCATE users;\n' } },
  { line: "cat <<'EOF' | psql -h db\nDROP TABLE x;\nEOF" },
  { line: './deploy.sh production', files: { 'deploy.sh': '#!/bin/sh\nrailway volume -e "$1" delete --volume pg-data\n' } },
  { line: 'bash deploy.sh', files: { 'deploy.sh': 'psql -c "DROP TABLE x"\n' } },
  { line: '. ./env.sh; railway down -e "$ENV"', files: { 'env.sh': 'ENV=production\n' } },
  { line: 'make nuke', files: { Makefile: 'DB=app\nnuke: stop\n\t@dropdb $(DB)\nstop:\n\t-railway down -y\n' } },
  { line: 'make -C infra', files: { 'infra/Makefile': 'all:\n\trailway volume delete --volume $$VOL\n' } },
];

/**
 * Every way bash joins the pieces of one word (quotes, escapes, continuations, empty
 * substitutions, empty variables), put at every position of a catalogued program's name and
 * of its first argument: guard must read the same word bash runs.
 */
const JOINERS = ["''", '""', '\\\n', '\\\n\\\n', '``', "$''", '$""', '${EMPTY}', '"${EMPTY}"', '${EMPTY:-}', '"$EMPTY"', "''\"\"", '"\\\n"'];

function generatedCases(): Case[] {
  const out: Case[] = [];
  for (const joiner of JOINERS) {
    for (let k = 1; k < 'railway'.length; k++) out.push({ line: `${'railway'.slice(0, k)}${joiner}${'railway'.slice(k)} down -y` });
    out.push({ line: `railway do${joiner}wn -y` });
    out.push({ line: `psql -h d${joiner}b -c 'DROP TABLE t'` });
  }
  out.push({ line: 'railway \\\n  down \\\n  -y' });
  out.push({ line: 'rail\\\nway${EMPTY}\\\n down' });
  return out;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function lastBy(commands: readonly LineCommand[], name: string): LineCommand | undefined {
  return commands.filter((command) => command.argv[0]?.split('/').pop() === name).at(-1);
}

for (const { line, files } of [...CASES, ...generatedCases()]) {
  test(`bash and guard agree: ${JSON.stringify(line)}`, async () => {
    const fakes = createFakeBin(Object.fromEntries(FAKES.map((name) => [name, { stdout: '', stderr: '' }])));
    const cwd = mkdtempSync(join(tmpdir(), 'guard-diff-'));
    try {
      for (const [path, content] of Object.entries(files ?? {})) {
        mkdirSync(dirname(join(cwd, path)), { recursive: true });
        writeFileSync(join(cwd, path), content, { mode: 0o755 });
      }
      const env = { PATH: `${fakes.dir}:/usr/bin:/bin`, HOME: cwd, VOL: 'vol_1', EMPTY: '' };
      const analysis = await analyseShellLine(line, { cwd, env });
      assert.deepEqual(analysis.problems, []);
      const result = spawnSync('bash', ['-c', line], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
      assert.equal(result.error, undefined);
      for (const name of FAKES) {
        const expected = lastBy(analysis.commands, name);
        const recorded = fakes.record(name);
        if (!expected) {
          assert.equal(recorded, null, `bash ran ${name} ${JSON.stringify(recorded?.argv)} but guard saw no ${name}`);
          continue;
        }
        assert.ok(recorded, `guard saw ${JSON.stringify(expected.argv)} but bash did not run ${name}; stderr: ${result.stderr}`);
        // guard walks every branch of if/case/||; bash runs one: its argv must be among guard's.
        const seen = analysis.commands.filter((command) => command.argv[0]?.split('/').pop() === name).map((command) => command.argv.slice(1));
        if (seen.length === 1) assert.deepEqual(recorded.argv, expected.argv.slice(1), `${name}'s argv`);
        else assert.ok(seen.some((argv) => JSON.stringify(argv) === JSON.stringify(recorded.argv)), `bash ran ${name} ${JSON.stringify(recorded.argv)}, guard saw ${JSON.stringify(seen)}`);
        if (expected.stdin?.kind === 'text') assert.equal(recorded.stdin?.sha256, sha256(expected.stdin.text), `${name}'s stdin ${JSON.stringify(expected.stdin.text)}`);
      }
    } finally {
      fakes.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
}
