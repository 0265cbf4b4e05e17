// Table-driven: what each launcher, runner, expansion and statement form unwraps to (argv, via, stdin, unknowns).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseShellLine } from '../../src/shell/analyse.js';
import type { LineCommand } from '../../src/shell/model.js';

interface Row {
  readonly line: string;
  /** argv of every command guard reports, in order. */
  readonly argv: readonly (readonly string[])[];
  /** via of the last command. */
  readonly via?: readonly string[];
  /** Whether the last command carries unknowns. */
  readonly unknown?: boolean;
  /** Assignments the last command must carry. */
  readonly env?: Record<string, string>;
  /** The environment the line runs in. */
  readonly lineEnv?: Record<string, string>;
  readonly stdin?: string;
}

const RAILWAY_DOWN = ['railway', 'down', '-y'];

const LAUNCHERS: readonly Row[] = [
  { line: 'FOO=1 railway down -y', argv: [RAILWAY_DOWN], env: { FOO: '1' } },
  { line: 'env railway down -y', argv: [RAILWAY_DOWN], via: ['env'] },
  { line: 'env -i A=1 railway down -y', argv: [RAILWAY_DOWN], via: ['env -i'], env: { A: '1' } },
  { line: 'env - railway down -y', argv: [RAILWAY_DOWN], via: ['env -i'] },
  { line: 'env -u HOME -C /tmp -- railway down -y', argv: [RAILWAY_DOWN], via: ['env'] },
  { line: "env -S 'A=2 railway down -y'", argv: [RAILWAY_DOWN], via: ['env -S'], env: { A: '2' } },
  { line: "env --split-string='railway down' -- -y", argv: [RAILWAY_DOWN], via: ['env -S'] },
  { line: "env -S'railway down' -y", argv: [['env', '-Srailway down', '-y']], unknown: true },
  { line: 'env --frobnicate railway down -y', argv: [['env', '--frobnicate', 'railway', 'down', '-y']], unknown: true },
  { line: 'sudo railway down -y', argv: [RAILWAY_DOWN], via: ['sudo'] },
  { line: 'sudo -u postgres -E -- railway down -y', argv: [RAILWAY_DOWN], via: ['sudo -u postgres'] },
  { line: 'sudo -iu postgres railway down -y', argv: [RAILWAY_DOWN], via: ['sudo -u postgres'] },
  { line: 'sudo --user=postgres A=1 railway down -y', argv: [RAILWAY_DOWN], via: ['sudo -u postgres'], env: { A: '1' } },
  { line: 'sudo -l', argv: [] },
  { line: 'doas -u root railway down -y', argv: [RAILWAY_DOWN], via: ['doas'] },
  { line: 'timeout 60 railway down -y', argv: [RAILWAY_DOWN], via: ['timeout'] },
  { line: 'timeout --signal=KILL -k 5 1m railway down -y', argv: [RAILWAY_DOWN], via: ['timeout'] },
  { line: 'nice railway down -y', argv: [RAILWAY_DOWN], via: ['nice'] },
  { line: 'nice -n 10 railway down -y', argv: [RAILWAY_DOWN], via: ['nice'] },
  { line: 'nice --adjustment=5 railway down -y', argv: [RAILWAY_DOWN], via: ['nice'] },
  { line: 'nice -10 railway down -y', argv: [RAILWAY_DOWN], via: ['nice'] },
  { line: 'ionice -c 2 -n 7 railway down -y', argv: [RAILWAY_DOWN], via: ['ionice'] },
  { line: 'ionice -p 1234', argv: [] },
  { line: 'nohup railway down -y &', argv: [RAILWAY_DOWN], via: ['nohup'] },
  { line: 'time railway down -y', argv: [RAILWAY_DOWN], via: ['time'] },
  { line: 'exec -a x railway down -y', argv: [RAILWAY_DOWN], via: ['exec'] },
  { line: 'command railway down -y', argv: [RAILWAY_DOWN], via: ['command'] },
  { line: 'command -v railway', argv: [] },
  { line: 'builtin echo hi', argv: [['echo', 'hi']], via: ['builtin'] },
  { line: 'stdbuf -oL railway down -y', argv: [RAILWAY_DOWN], via: ['stdbuf'] },
  { line: 'setsid -w railway down -y', argv: [RAILWAY_DOWN], via: ['setsid'] },
  { line: 'watch -n 2 railway down -y', argv: [RAILWAY_DOWN], via: ['watch'] },
  { line: 'watch --exec railway down -y', argv: [RAILWAY_DOWN], via: ['watch -x'] },
  { line: "su -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['su -c'] },
  { line: "su - postgres -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['su -c'] },
  { line: 'su postgres', argv: [['su', 'postgres']], unknown: true },
  { line: "runuser -l app -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['runuser -c'] },
  { line: 'runuser -u app -- railway down -y', argv: [RAILWAY_DOWN], via: ['runuser -u app'] },
  { line: 'find . -exec railway down -y \\;', argv: [RAILWAY_DOWN], via: ['find -exec'] },
  { line: 'find . -type f -execdir railway volume delete --volume {} +', argv: [['railway', 'volume', 'delete', '--volume', '{}']], unknown: true },
  { line: 'find . -name x -delete', argv: [] },
  { line: 'echo a b | xargs railway', argv: [['echo', 'a', 'b'], ['railway', 'a', 'b']], via: ['xargs'], stdin: '' },
  { line: 'printf "v1\\n" | xargs -I{} railway volume delete --volume {}', argv: [['printf', 'v1\\n'], ['railway', 'volume', 'delete', '--volume', 'v1']], via: ['xargs'] },
  { line: 'xargs -0 -n1 railway volume delete --volume < list', argv: [['railway', 'volume', 'delete', '--volume', '<arguments from xargs input>']], unknown: true },
  { line: "ls | xargs sh -c 'railway down -y'", argv: [['ls'], RAILWAY_DOWN], via: ['xargs', 'sh -c'] },
  { line: 'time nice -n 5 timeout 10 nohup env -i A=1 command exec railway down -y', argv: [RAILWAY_DOWN], via: ['time', 'nice', 'timeout', 'nohup', 'env -i', 'command', 'exec'] },
  { line: 'guard --offline --confirm staging/pg-data railway volume delete -v pg-data', argv: [['railway', 'volume', 'delete', '-v', 'pg-data']], via: ['guard'] },
  // guard itself is the command when it runs nothing (its own subcommands must reach the hook: `guard approve`).
  { line: 'guard --dry-run --json railway down -y', argv: [['guard', '--dry-run', '--json', 'railway', 'down', '-y']] },
  { line: 'guard scan deploy.sh', argv: [['guard', 'scan', 'deploy.sh']] },
  { line: '/usr/bin/env /usr/bin/sudo /usr/local/bin/railway down -y', argv: [['/usr/local/bin/railway', 'down', '-y']], via: ['env', 'sudo'] },
];

const SHELLS: readonly Row[] = [
  { line: "bash -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['bash -c'] },
  { line: "bash -lc 'railway down -y'", argv: [RAILWAY_DOWN], via: ['bash -c'] },
  { line: "bash -e -u -o pipefail -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['bash -c'] },
  { line: "bash --noprofile --norc -c -- 'railway down -y'", argv: [RAILWAY_DOWN], via: ['bash -c'] },
  { line: "sh -c 'railway \"$@\"' sh down -y", argv: [RAILWAY_DOWN], via: ['sh -c'] },
  { line: "sh -c 'railway $1 $2' sh down -y", argv: [RAILWAY_DOWN], via: ['sh -c'] },
  { line: "zsh -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['zsh -c'] },
  { line: "dash -ec 'railway down -y'", argv: [RAILWAY_DOWN], via: ['dash -c'] },
  { line: "ksh -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['ksh -c'] },
  { line: "echo 'railway down -y' | sh", argv: [['echo', 'railway down -y'], RAILWAY_DOWN], via: ['sh (stdin)'] },
  { line: 'sh -s < cmds', argv: [['sh', '-s']], unknown: true },
  { line: "bash -c 'sh -c \"railway down -y\"'", argv: [RAILWAY_DOWN], via: ['bash -c', 'sh -c'] },
  { line: 'bash -c "$CMD"', argv: [['bash', '-c', '$CMD']], unknown: true },
  { line: "bash -c 'railway down \"'", argv: [['bash', '-c', 'railway down "']], unknown: true },
  { line: 'eval railway down -y', argv: [RAILWAY_DOWN], via: ['eval'] },
  { line: "X=down; eval 'railway $X -y'", argv: [RAILWAY_DOWN], via: ['eval'] },
];

const RUNNERS: readonly Row[] = [
  { line: 'npx @railway/cli down -y', argv: [RAILWAY_DOWN], via: ['npx @railway/cli'] },
  { line: 'npx --yes @railway/cli@3.5.0 down -y', argv: [RAILWAY_DOWN], via: ['npx @railway/cli@3.5.0'] },
  { line: 'npx -p @railway/cli railway down -y', argv: [RAILWAY_DOWN], via: ['npx railway'] },
  { line: "npx -c 'railway down -y'", argv: [RAILWAY_DOWN], via: ['npx -c'] },
  { line: 'npx vercel remove app --yes', argv: [['vercel', 'remove', 'app', '--yes']], via: ['npx vercel'] },
  { line: 'npm exec -- @railway/cli down -y', argv: [RAILWAY_DOWN], via: ['npm exec @railway/cli'] },
  { line: 'npm x --package=@railway/cli -- railway down -y', argv: [RAILWAY_DOWN], via: ['npm exec railway'] },
  { line: 'bunx @railway/cli down -y', argv: [RAILWAY_DOWN], via: ['bunx @railway/cli'] },
  { line: 'bun x @railway/cli down -y', argv: [RAILWAY_DOWN], via: ['bun x @railway/cli'] },
  { line: 'pnpm dlx @railway/cli down -y', argv: [RAILWAY_DOWN], via: ['pnpm dlx @railway/cli'] },
  { line: 'pnpx @railway/cli down -y', argv: [RAILWAY_DOWN], via: ['pnpx @railway/cli'] },
  { line: 'pnpm exec railway down -y', argv: [RAILWAY_DOWN], via: ['pnpm exec'] },
  { line: 'yarn dlx @railway/cli down -y', argv: [RAILWAY_DOWN], via: ['yarn dlx @railway/cli'] },
  { line: 'yarn exec railway down -y', argv: [RAILWAY_DOWN], via: ['yarn exec'] },
  { line: 'npm install', argv: [['npm', 'install']] },
  { line: 'kubectl exec pod -- railway down -y', argv: [['kubectl', 'exec', 'pod', '--', 'railway', 'down', '-y'], RAILWAY_DOWN], via: ['kubectl exec pod'], unknown: true },
  { line: 'kubectl --context prod exec -it -n app pod -c db -- psql', argv: [['kubectl', '--context', 'prod', 'exec', '-it', '-n', 'app', 'pod', '-c', 'db', '--', 'psql'], ['psql']], via: ['kubectl exec pod'], unknown: true },
  { line: 'kubectl get pods', argv: [['kubectl', 'get', 'pods']] },
  { line: 'docker exec -it db psql -c x', argv: [['docker', 'exec', '-it', 'db', 'psql', '-c', 'x'], ['psql', '-c', 'x']], via: ['docker exec db'], unknown: true },
  { line: 'docker compose exec -T db psql', argv: [['docker', 'compose', 'exec', '-T', 'db', 'psql'], ['psql']], via: ['docker compose exec db'], unknown: true },
  { line: "ssh -p 22 -i key host 'railway down -y'", argv: [['ssh', '-p', '22', '-i', 'key', 'host', 'railway down -y'], RAILWAY_DOWN], via: ['ssh host'], unknown: true },
  { line: 'ssh host', argv: [['ssh', 'host']] },
];

const EXPANSION: readonly Row[] = [
  { line: "r''ailway down -y", argv: [RAILWAY_DOWN] },
  { line: '"railway" "down" -y', argv: [RAILWAY_DOWN] },
  { line: "$'\\x72\\u0061\\151lway' down -y", argv: [RAILWAY_DOWN] },
  { line: 'rail\\way d\\own -y', argv: [RAILWAY_DOWN] },
  { line: '$"railway" down -y', argv: [RAILWAY_DOWN] },
  { line: 'railway${IFS}down${IFS}-y', argv: [RAILWAY_DOWN] },
  { line: 'c=railway; "$c" down -y', argv: [RAILWAY_DOWN] },
  { line: 'c="railway down"; $c -y', argv: [RAILWAY_DOWN] },
  { line: 'c="railway down"; "$c" -y', argv: [['railway down', '-y']] },
  { line: 'export C=railway; ${C} down -y', argv: [RAILWAY_DOWN] },
  // Whether a variable guard cannot see is set is unknown, so the default word is not assumed.
  { line: 'railway ${MODE:-down} -y', argv: [['railway', '${MODE:-down}', '-y']], unknown: true },
  { line: 'railway ${MODE:-down} -y', argv: [['railway', 'up', '-y']], lineEnv: { MODE: 'up' } },
  { line: 'MODE=up; railway ${MODE:-down} -y', argv: [['railway', 'up', '-y']] },
  { line: 'a=rm; $a -rf /', argv: [['rm', '-rf', '/']] },
  { line: '$(printf rail)way down', argv: [['printf', 'rail'], ['$(printf rail)way', 'down']], unknown: true },
  { line: '/usr/bin/ra[i]lway down', argv: [['/usr/bin/ra[i]lway', 'down']], unknown: true },
  { line: 'railway ${X/a/b} down', argv: [['railway', '${X/a/b}', 'down']], unknown: true },
  { line: 'IFS=x; railway $A', argv: [['railway', '$A']], unknown: true },
  { line: 'ls ~/x', argv: [['ls', '/home/tester/x']] },
];

const STATEMENTS: readonly Row[] = [
  { line: 'kubectl get ns; railway down -y', argv: [['kubectl', 'get', 'ns'], RAILWAY_DOWN] },
  { line: 'true && railway down -y || railway up', argv: [['true'], RAILWAY_DOWN, ['railway', 'up']] },
  { line: '(cd /srv && railway down -y)', argv: [['cd', '/srv'], RAILWAY_DOWN] },
  { line: '{ railway down -y; }', argv: [RAILWAY_DOWN] },
  { line: '! railway down -y', argv: [RAILWAY_DOWN] },
  { line: 'echo "$(railway down -y)"', argv: [RAILWAY_DOWN, ['echo', '$(railway down -y)']] },
  { line: 'diff <(railway status) x', argv: [['railway', 'status'], ['diff', '<(railway status)', 'x']] },
  { line: 'f() { railway "$1" -y; }; f down', argv: [RAILWAY_DOWN] },
  { line: 'railway() { echo no; }; railway down -y', argv: [['echo', 'no']] },
  { line: 'f() { f; }; f', argv: [] },
  { line: 'for e in a b; do railway volume -e $e delete; done', argv: [['railway', 'volume', '-e', 'a', 'delete'], ['railway', 'volume', '-e', 'b', 'delete']] },
  { line: 'for e in $(ls); do railway volume -e $e delete; done', argv: [['ls'], ['railway', 'volume', '-e', '$e', 'delete']], unknown: true },
  { line: 'while read -r v; do railway volume delete -v "$v"; done < vols', argv: [['railway', 'volume', 'delete', '-v', '$v']], unknown: true },
  { line: 'if [ -f x ]; then E=prod; fi; railway volume -e $E delete', argv: [['railway', 'volume', '-e', '$E', 'delete']], unknown: true },
  { line: 'if true; then E=prod; else E=prod; fi; railway volume -e $E delete', argv: [['true'], ['railway', 'volume', '-e', 'prod', 'delete']] },
  { line: 'case $X in a) railway up;; *) railway down -y;; esac', argv: [['railway', 'up'], RAILWAY_DOWN] },
  { line: 'cd "$DIR"; railway down -y', argv: [['cd', '$DIR'], RAILWAY_DOWN], unknown: true },
  { line: 'psql <<SQL\nDROP TABLE t;\nSQL', argv: [['psql']], stdin: 'DROP TABLE t;\n' },
  { line: "psql <<'SQL'\nDROP TABLE $T;\nSQL", argv: [['psql']], stdin: 'DROP TABLE $T;\n' },
  { line: 'T=users; psql <<SQL\nDROP TABLE $T; -- \\$x\nSQL', argv: [['psql']], stdin: 'DROP TABLE users; -- $x\n' },
  { line: 'psql <<-SQL\n\t\tDROP TABLE t;\n\tSQL', argv: [['psql']], stdin: 'DROP TABLE t;\n' },
  { line: 'psql <<< "DROP TABLE t"', argv: [['psql']], stdin: 'DROP TABLE t\n' },
  { line: "printf '%s;\\n' 'DROP TABLE t' | psql", argv: [['printf', '%s;\\n', 'DROP TABLE t'], ['psql']], stdin: 'DROP TABLE t;\n' },
  { line: 'echo -n x | psql', argv: [['echo', '-n', 'x'], ['psql']], stdin: 'x' },
  { line: 'cat <<EOF | psql && rm -f x\nDROP TABLE t;\nEOF', argv: [['cat'], ['psql'], ['rm', '-f', 'x']], stdin: 'DROP TABLE t;\n' },
];

function describe(commands: readonly LineCommand[]): string {
  return JSON.stringify(commands.map((command) => ({ argv: command.argv, via: command.via, unknowns: command.unknowns, stdin: command.stdin })));
}

function runTable(name: string, rows: readonly Row[]): void {
  for (const row of rows) {
    test(`${name}: ${JSON.stringify(row.line)}`, async () => {
      const result = await analyseShellLine(row.line, { cwd: '/work', env: { HOME: '/home/tester', PATH: '/usr/bin', ...row.lineEnv } });
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.commands.map((command) => command.argv), row.argv, describe(result.commands));
      const last = result.commands.at(-1);
      if (row.via) assert.deepEqual(last?.via, row.via, describe(result.commands));
      if (last) assert.equal(last.unknowns.length > 0, row.unknown ?? false, describe(result.commands));
      if (row.env) for (const [key, value] of Object.entries(row.env)) assert.equal(last?.env[key], value);
      if (row.stdin !== undefined) assert.deepEqual(last?.stdin, { kind: 'text', text: row.stdin });
    });
  }
}

runTable('launchers', LAUNCHERS);
runTable('shells', SHELLS);
runTable('runners', RUNNERS);
runTable('expansion', EXPANSION);
runTable('statements', STATEMENTS);

test('positions: every command reports its line and column in the text', async () => {
  const result = await analyseShellLine('ls\n  railway down -y; bash -c "psql"', { cwd: '/work', env: {} });
  assert.deepEqual(
    result.commands.map((command) => [command.argv[0], command.origin.line, command.origin.column]),
    [['ls', 1, 1], ['railway', 2, 3], ['psql', 2, 20]],
  );
});
