// Tests the Postgres client argv grammars: getopt_long forms, per-program differences, psql plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { parsePostgresArgs, planPsql, programTarget, PROGRAM_GRAMMARS } from '../../../src/tools/postgres/programs.js';
import { POSTGRES_PROGRAMS, type PostgresProgram } from '../../../src/tools/postgres/model.js';

type Row = {
  readonly name: string;
  readonly program: PostgresProgram;
  readonly args: readonly string[];
  /** [canonical name, value] in order. */
  readonly options?: readonly (readonly [string, string])[];
  readonly positionals?: readonly string[];
  /** Substrings, one per expected problem; [] asserts there are none. */
  readonly problems?: readonly string[];
  readonly infoOnly?: boolean;
};

const rows: readonly Row[] = [
  // Short, long, '=', separate value, bundling, prefixes.
  { name: 'separate short value', program: 'psql', args: ['-h', 'db', '-c', 'DROP TABLE t'], options: [['host', 'db'], ['command', 'DROP TABLE t']], problems: [] },
  { name: 'attached short value', program: 'psql', args: ['-hdb.prod', '-p5433'], options: [['host', 'db.prod'], ['port', '5433']] },
  { name: 'bundled flags then a value', program: 'psql', args: ['-Xqc', 'DROP TABLE t'], options: [['no-psqlrc', ''], ['quiet', ''], ['command', 'DROP TABLE t']] },
  { name: 'bundle with attached value', program: 'psql', args: ['-qAtcSELECT 1'], options: [['quiet', ''], ['no-align', ''], ['tuples-only', ''], ['command', 'SELECT 1']] },
  { name: 'long with =', program: 'psql', args: ['--command=DROP TABLE t'], options: [['command', 'DROP TABLE t']] },
  { name: 'long with separate value', program: 'psql', args: ['--command', 'DROP TABLE t'], options: [['command', 'DROP TABLE t']] },
  { name: 'unambiguous prefix', program: 'psql', args: ['--comm=DROP TABLE t', '--hos', 'db'], options: [['command', 'DROP TABLE t'], ['host', 'db']], problems: [] },
  { name: 'alias --variable is --set', program: 'psql', args: ['--variable', 'a=1', '--set=b=2', '-vc=3'], options: [['set', 'a=1'], ['set', 'b=2'], ['set', 'c=3']] },
  { name: 'value may start with a dash', program: 'psql', args: ['-c', '-- comment'], options: [['command', '-- comment']], positionals: [] },
  { name: '-- ends options', program: 'psql', args: ['-X', '--', '-c', 'x'], options: [['no-psqlrc', '']], positionals: ['-c', 'x'], problems: [] },
  { name: 'positionals anywhere (permutation)', program: 'psql', args: ['app', '-c', 'SELECT 1', 'alice'], options: [['command', 'SELECT 1']], positionals: ['app', 'alice'] },
  { name: 'lone dash is a positional', program: 'psql', args: ['-'], positionals: ['-'] },
  { name: '-W and -w take no value', program: 'psql', args: ['-W', 'app', '-w'], options: [['password', ''], ['no-password', '']], positionals: ['app'] },
  { name: 'extra psql positionals are only a warning', program: 'psql', args: ['a', 'b', 'c'], positionals: ['a', 'b', 'c'], problems: [] },
  // Problems.
  { name: 'ambiguous prefix', program: 'psql', args: ['--s'], problems: ['ambiguous'] },
  { name: 'unknown long', program: 'psql', args: ['--nope'], problems: ["unrecognized option '--nope'"] },
  { name: 'unknown short', program: 'psql', args: ['-Y'], problems: ["invalid option -- 'Y'"] },
  { name: 'missing value at the end', program: 'psql', args: ['-Xc'], problems: ['requires an argument'] },
  { name: 'missing long value', program: 'psql', args: ['--command'], problems: ['requires an argument'] },
  { name: 'value for a flag', program: 'psql', args: ['--csv=1'], problems: ["doesn't allow an argument"] },
  { name: '-? inside a bundle', program: 'psql', args: ['-X?'], problems: ['only accepted on its own'] },
  { name: 'bad --help= topic', program: 'psql', args: ['--help=bogus'], problems: ['unsupported value'] },
  // Help and version.
  { name: 'psql --help anywhere', program: 'psql', args: ['-X', '--help'], infoOnly: true },
  { name: 'psql --help=commands', program: 'psql', args: ['--help=commands'], infoOnly: true },
  { name: 'psql -? anywhere', program: 'psql', args: ['-X', '-?'], infoOnly: true },
  { name: 'psql --version after -c', program: 'psql', args: ['-c', 'DROP DATABASE app', '--version'], infoOnly: true },
  { name: 'psql error before --version wins', program: 'psql', args: ['--nope', '-V'], infoOnly: false, problems: ['unrecognized'] },
  { name: 'dropdb --help first', program: 'dropdb', args: ['--help', 'app'], infoOnly: true },
  { name: 'dropdb -V first', program: 'dropdb', args: ['-V'], infoOnly: true },
  { name: 'dropdb --version later is unknown', program: 'dropdb', args: ['app', '--version'], infoOnly: false, problems: ["unrecognized option '--version'"] },
  { name: 'pg_dump --help later is refused', program: 'pg_dump', args: ['-s', '--help'], infoOnly: false, problems: ['only honoured as the first argument'] },
  { name: 'pg_restore -V later is invalid', program: 'pg_restore', args: ['-v', '-V'], problems: ["invalid option -- 'V'"] },
  // Per-program grammars.
  { name: 'pg_restore -c is --clean', program: 'pg_restore', args: ['-c', '-d', 'app', 'dump.bin'], options: [['clean', ''], ['dbname', 'app']], positionals: ['dump.bin'], problems: [] },
  { name: 'psql -c is --command', program: 'psql', args: ['-c', 'x'], options: [['command', 'x']] },
  { name: 'pg_restore bundled -cCd', program: 'pg_restore', args: ['-cCdpostgres', 'a.dump'], options: [['clean', ''], ['create', ''], ['dbname', 'postgres']], positionals: ['a.dump'] },
  { name: 'pg_restore -d with -f', program: 'pg_restore', args: ['-d', 'x', '-f', 'y'], problems: ['cannot be used together'] },
  { name: 'pg_restore too many', program: 'pg_restore', args: ['a', 'b'], problems: ['too many command-line arguments (first is "b")'] },
  { name: 'dropdb with host and maintenance db', program: 'dropdb', args: ['-h', 'db.prod.internal', 'app', '--maint=postgres'], options: [['host', 'db.prod.internal'], ['maintenance-db', 'postgres']], positionals: ['app'], problems: [] },
  { name: 'dropdb needs a name', program: 'dropdb', args: ['-h', 'db'], problems: ['missing required argument database name'] },
  { name: 'dropdb too many', program: 'dropdb', args: ['a', 'b'], problems: ['too many'] },
  { name: 'dropdb -f is --force', program: 'dropdb', args: ['-fi', 'app'], options: [['force', ''], ['interactive', '']] },
  { name: 'dropuser needs a role', program: 'dropuser', args: [], problems: ['missing required argument role name'] },
  { name: 'dropuser -i asks for it', program: 'dropuser', args: ['-i'], problems: [] },
  { name: 'dropuser has no --maintenance-db', program: 'dropuser', args: ['--maintenance-db=x', 'bob'], problems: ['unrecognized'] },
  { name: 'createdb name and description', program: 'createdb', args: ['app', 'the app'], positionals: ['app', 'the app'], problems: [] },
  { name: 'createdb too many', program: 'createdb', args: ['a', 'b', 'c'], problems: ['too many'] },
  { name: 'vacuumdb -d takes the positional slot', program: 'vacuumdb', args: ['-d', 'a', 'b'], problems: ['too many command-line arguments (first is "b")'] },
  { name: 'vacuumdb -a with a name', program: 'vacuumdb', args: ['-a', 'app'], problems: ['all databases'] },
  { name: 'vacuumdb -f is --full', program: 'vacuumdb', args: ['-fz', 'app'], options: [['full', ''], ['analyze', '']], problems: [] },
  { name: 'reindexdb -s is --system', program: 'reindexdb', args: ['-s', 'app'], options: [['system', '']] },
  { name: 'clusterdb has no -f', program: 'clusterdb', args: ['-f'], problems: ['invalid option'] },
  { name: 'pg_dump -d takes the positional slot', program: 'pg_dump', args: ['-d', 'a', 'b'], problems: ['too many'] },
  { name: 'pg_dump hidden aliases', program: 'pg_dump', args: ['--no-acl', '--attribute-inserts', '-R'], options: [['no-privileges', ''], ['column-inserts', ''], ['no-reconnect', '']], problems: [] },
  { name: 'pg_dumpall takes no positionals', program: 'pg_dumpall', args: ['app'], problems: ['too many'] },
  { name: 'pg_dumpall -l is --database', program: 'pg_dumpall', args: ['-l', 'tpl', '-c'], options: [['database', 'tpl'], ['clean', '']] },
  { name: 'pg_isready has no -w', program: 'pg_isready', args: ['-w'], problems: ['invalid option'] },
  { name: 'pg_isready -t is --timeout', program: 'pg_isready', args: ['-t', '3'], options: [['timeout', '3']] },
];

for (const row of rows) {
  test(`${row.program}: ${row.name}`, () => {
    const parsed = parsePostgresArgs(row.program, row.args);
    if (row.options) assert.deepEqual(parsed.options.map((o) => [o.name, o.value]), row.options);
    if (row.positionals) assert.deepEqual(parsed.positionals, row.positionals);
    if (row.problems) {
      assert.equal(parsed.problems.length, row.problems.length, `problems: ${JSON.stringify(parsed.problems)}`);
      row.problems.forEach((expected, index) => assert.ok(parsed.problems[index]?.includes(expected), parsed.problems[index]));
    }
    if (row.infoOnly !== undefined) assert.equal(parsed.infoOnly, row.infoOnly);
  });
}

test('the spelling names how the option was written, never its value', () => {
  const parsed = parsePostgresArgs('psql', ['--comm=DROP TABLE t', '-c', 'x', '--host', 'h']);
  assert.deepEqual(parsed.options.map((o) => o.spelling), ['--comm=…', '-c', '--host']);
});

const plans = [
  { name: 'inputs in argv order', args: ['-c', 'a', '-f', 'b.sql', '-c', 'c'], inputs: [{ kind: 'command', text: 'a' }, { kind: 'file', path: 'b.sql' }, { kind: 'command', text: 'c' }], stdin: false },
  { name: '-f - is a file input named -', args: ['-f', '-'], inputs: [{ kind: 'file', path: '-' }], stdin: false },
  { name: 'no input reads stdin', args: ['app'], inputs: [], stdin: true },
  { name: '-l reads nothing', args: ['-l'], inputs: [], stdin: false },
  { name: '--version reads nothing', args: ['--version'], inputs: [], stdin: false },
  { name: 'backslash -c keeps its backslash', args: ['-c', '\\dt'], inputs: [{ kind: 'command', text: '\\dt' }], stdin: false },
] as const;
for (const row of plans) {
  test(`planPsql: ${row.name}`, () => {
    const plan = planPsql(parsePostgresArgs('psql', row.args));
    assert.deepEqual(plan.inputs, row.inputs);
    assert.equal(plan.readsStdinByDefault, row.stdin);
  });
}

test('planPsql: variables are set, overwritten and unset in order', () => {
  const plan = planPsql(parsePostgresArgs('psql', ['-v', 'x=1', '--set=y=a=b', '-v', 'z=', '-v', 'x=2', '--variable', 'z']));
  assert.deepEqual(plan.variables, { x: '2', y: 'a=b' });
});

test('planPsql: psqlrc is read unless -X, with -c and -f too', () => {
  assert.equal(planPsql(parsePostgresArgs('psql', ['-c', 'x'])).readsPsqlrc, true);
  assert.equal(planPsql(parsePostgresArgs('psql', ['-f', 'x.sql'])).readsPsqlrc, true);
  assert.equal(planPsql(parsePostgresArgs('psql', ['-Xqc', 'x'])).readsPsqlrc, false);
  assert.equal(planPsql(parsePostgresArgs('psql', ['--no-psql', '-c', 'x'])).readsPsqlrc, false);
});

test('planPsql: -o |cmd is an output pipe, -o file is not; the first pipe is reported', () => {
  assert.equal(planPsql(parsePostgresArgs('psql', ['-o', '|rm -rf /tmp/x', '-c', 'x'])).outputPipe, 'rm -rf /tmp/x');
  assert.equal(planPsql(parsePostgresArgs('psql', ['--output=|cat', '-o', 'out.txt'])).outputPipe, 'cat');
  assert.equal(planPsql(parsePostgresArgs('psql', ['-o', 'out.txt'])).outputPipe, null);
  assert.equal(planPsql(parsePostgresArgs('psql', ['-o|sh', '-V'])).outputPipe, 'sh');
});

test('planPsql: list and single transaction', () => {
  const plan = planPsql(parsePostgresArgs('psql', ['-1', '-l']));
  assert.equal(plan.listOnly, true);
  assert.equal(plan.singleTransaction, true);
  assert.equal(planPsql(parsePostgresArgs('psql', ['--single-transaction', '-f', 'm.sql'])).singleTransaction, true);
});

const targets: readonly { program: PostgresProgram; args: readonly string[]; target: Record<string, unknown> }[] = [
  { program: 'dropdb', args: ['-h', 'db.prod.internal', 'app'], target: { database: 'app' } },
  { program: 'dropdb', args: ['--maintenance-db=template1', 'app'], target: { database: 'app' } },
  { program: 'dropuser', args: ['-U', 'admin', 'bob'], target: { role: 'bob' } },
  { program: 'createdb', args: ['new'], target: { database: 'new' } },
  { program: 'vacuumdb', args: ['-d', 'postgresql://h/app?sslmode=require'], target: { database: 'app' } },
  { program: 'reindexdb', args: ['app'], target: { database: 'app' } },
  { program: 'clusterdb', args: ['-a'], target: { allDatabases: true } },
  { program: 'pg_dump', args: ['-c', '-d', 'host=h dbname=orders'], target: { database: 'orders', clean: true } },
  { program: 'pg_restore', args: ['-c', '-d', 'app', 'a.dump'], target: { database: 'app', clean: true, restoreIntoDatabase: 'app', archive: 'a.dump' } },
  { program: 'pg_restore', args: ['--clean', '--create', '-d', 'postgres', 'a.dump'], target: { database: 'postgres', clean: true, create: true, archive: 'a.dump' } },
  { program: 'pg_restore', args: ['a.dump'], target: { archive: 'a.dump' } },
  { program: 'pg_dumpall', args: ['-c'], target: { clean: true } },
  { program: 'psql', args: ['postgresql://u:p@h/shop', '-c', 'x'], target: { database: 'shop' } },
  { program: 'psql', args: ['-d', 'first', 'second'], target: { database: 'first' } },
];
for (const row of targets) {
  test(`programTarget: ${row.program} ${row.args.join(' ')}`, () => {
    assert.deepEqual(programTarget(parsePostgresArgs(row.program, row.args)), row.target);
  });
}

// The tables must match what the installed binaries document (skipped where they are absent).
for (const program of POSTGRES_PROGRAMS) {
  const help = spawnSync(program, ['--help'], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
  test(`${program}: grammar table matches \`${program} --help\``, { skip: help.status !== 0 ? `${program} not installed` : false }, () => {
    const grammar = PROGRAM_GRAMMARS[program];
    const documentedLongs = new Set<string>();
    const documentedShorts = new Set<string>();
    for (const line of help.stdout.split('\n')) {
      if (!/^\s+-/.test(line)) continue;
      const optionsPart = line.trim().split(/\s{2,}/)[0] as string;
      for (const match of optionsPart.matchAll(/--([a-z0-9][a-z0-9-]*)/g)) documentedLongs.add(match[1] as string);
      for (const match of optionsPart.matchAll(/(?:^|[\s,])-([A-Za-z0-9?])(?=[,\s]|$)/g)) documentedShorts.add(match[1] as string);
    }
    const tableLongs = new Set(grammar.options.flatMap((spec) => [spec.long, ...(spec.aliases ?? [])]));
    const tableShorts = new Set(grammar.options.flatMap((spec) => (spec.short ? [spec.short] : [])));
    const undocumented = new Set(grammar.undocumented ?? []);
    // Help and version are handled before getopt for every program but psql.
    const beforeGetopt = program === 'psql' ? [] : ['help', 'version'];
    for (const long of documentedLongs) {
      if (!beforeGetopt.includes(long)) assert.ok(tableLongs.has(long), `--${long} documented but not in the table`);
    }
    for (const long of tableLongs) assert.ok(documentedLongs.has(long) || undocumented.has(long), `--${long} in the table but not documented`);
    for (const short of documentedShorts) {
      if (program === 'psql' || (short !== 'V' && short !== '?')) assert.ok(tableShorts.has(short), `-${short} documented but not in the table`);
    }
  });
}

test('never throws, and every argument ends up somewhere (property)', () => {
  const token = fc.oneof(fc.constantFrom('-', '--', '-c', '-Xc', '--comm', '--help', '-?', '-V', '-d', '--s', 'app', '=', '-hx'), fc.string({ maxLength: 6 }));
  fc.assert(
    fc.property(fc.constantFrom(...POSTGRES_PROGRAMS), fc.array(token, { maxLength: 8 }), (program, args) => {
      const parsed = parsePostgresArgs(program, args);
      // A bundle of short flags (`-sB`) yields one option per letter: that is the bound, not one per argument.
      const bound = args.reduce((sum, arg) => sum + (arg.startsWith('-') && !arg.startsWith('--') ? Math.max(1, arg.length - 1) : 1), 0);
      assert.ok(parsed.options.length + parsed.positionals.length <= bound);
      planPsql(parsed);
      programTarget(parsed);
    }),
    { numRuns: 500 },
  );
});
