// Tests libpq connection resolution: connection strings, precedence, service files, \connect.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyReconnect,
  describeConnection,
  isConnectionString,
  parseConnectionString,
  resolveConnection,
  type ConnectionIo,
} from '../../../src/tools/postgres/connection.js';
import { parsePostgresArgs } from '../../../src/tools/postgres/programs.js';
import type { ConnectionFacts, PostgresProgram } from '../../../src/tools/postgres/model.js';

const uris: readonly { text: string; expected: Record<string, string> | { error: string } }[] = [
  {
    text: 'postgresql://alice:p%40ss%2Fw%3Ard@db.prod.internal:5433/app?sslmode=require',
    expected: { user: 'alice', password: 'p@ss/w:rd', host: 'db.prod.internal', port: '5433', dbname: 'app', sslmode: 'require' },
  },
  { text: 'postgres://db/app', expected: { host: 'db', dbname: 'app' } },
  { text: 'postgresql://', expected: {} },
  { text: 'postgresql://[2001:db8::1]:5432/app', expected: { host: '2001:db8::1', port: '5432', dbname: 'app' } },
  { text: 'postgresql://h1:5432,h2:5433/app', expected: { host: 'h1,h2', port: '5432,5433', dbname: 'app' } },
  { text: 'postgresql://h1,h2:5433/app', expected: { host: 'h1,h2', port: ',5433', dbname: 'app' } },
  { text: 'postgresql:///app?host=/var/run/postgresql', expected: { dbname: 'app', host: '/var/run/postgresql' } },
  { text: 'postgresql://%2Ftmp%2Fsock/db', expected: { host: '/tmp/sock', dbname: 'db' } },
  { text: 'postgresql://u@h/d?ssl=true&application_name=a%20b', expected: { user: 'u', host: 'h', dbname: 'd', sslmode: 'require', application_name: 'a b' } },
  { text: 'postgresql://h/d?nope=1', expected: { error: 'invalid URI query parameter: "nope"' } },
  { text: 'postgresql://h/d?sslmode', expected: { error: 'missing key/value separator' } },
  { text: 'postgresql://h/%zz', expected: { error: 'invalid percent-encoded token' } },
  { text: 'postgresql://h/a%00b', expected: { error: 'forbidden value %00' } },
  { text: 'postgresql://[::1/db', expected: { error: 'matching "]"' } },
  { text: 'host=db port=5433', expected: { host: 'db', port: '5433' } },
  { text: "  host = db  dbname='my db' password='it\\'s \\\\ x'  ", expected: { host: 'db', dbname: 'my db', password: "it's \\ x" } },
  { text: 'password=a\\ b user=u', expected: { password: 'a b', user: 'u' } },
  { text: "dbname=''", expected: { dbname: '' } },
  { text: "host='db", expected: { error: 'unterminated quoted string' } },
  { text: 'host db', expected: { error: 'missing "=" after "host"' } },
  { text: 'colour=blue', expected: { error: 'invalid connection option "colour"' } },
];
for (const row of uris) {
  test(`parseConnectionString: ${row.text}`, () => {
    const parsed = parseConnectionString(row.text);
    if ('error' in row.expected && typeof row.expected.error === 'string' && Object.keys(row.expected).length === 1) {
      assert.ok('error' in parsed && typeof parsed['error'] === 'string', JSON.stringify(parsed));
      assert.ok((parsed['error'] as string).includes(row.expected.error), parsed['error']);
    } else {
      assert.deepEqual(parsed, row.expected);
    }
  });
}

test('isConnectionString follows libpq: URI prefix or any "="', () => {
  for (const text of ['postgresql://h', 'postgres://h', 'dbname=app', 'a=b']) assert.equal(isConnectionString(text), true, text);
  for (const text of ['app', 'postgresql:app', 'my-db', '']) assert.equal(isConnectionString(text), false, text);
});

const worldDirs: string[] = [];
after(() => {
  for (const dir of worldDirs) rmSync(dir, { recursive: true, force: true });
});

/** A world of files in a real temporary directory, read through the injected readFile. */
function world(files: Record<string, string> = {}): ConnectionIo & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'guard-conn-'));
  worldDirs.push(dir);
  const home = join(dir, 'home');
  mkdirSync(home);
  mkdirSync(join(dir, 'etc'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    dir,
    home,
    osUser: 'alice',
    sysconfdir: join(dir, 'etc'),
    defaultSocketDir: '/var/run/postgresql',
    readFile(path: string) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
  };
}

function resolve(program: PostgresProgram, args: readonly string[], env: Record<string, string> = {}, io: ConnectionIo = world()): ConnectionFacts {
  const result = resolveConnection(parsePostgresArgs(program, args), env, io);
  if ('error' in result) assert.fail(`unexpected error: ${result.error}`);
  return result;
}

type Expect = Partial<Pick<ConnectionFacts, 'host' | 'port' | 'user' | 'dbname' | 'isSocket' | 'password' | 'service'>> & {
  sources?: Partial<ConnectionFacts['sources']>;
  extra?: Record<string, string>;
};
function check(facts: ConnectionFacts, expected: Expect) {
  const { sources, ...fields } = expected;
  for (const [key, value] of Object.entries(fields)) assert.deepEqual((facts as unknown as Record<string, unknown>)[key], value, key);
  for (const [key, value] of Object.entries(sources ?? {})) assert.equal(facts.sources[key as keyof ConnectionFacts['sources']], value, `source of ${key}`);
}

const precedence: readonly { name: string; program: PostgresProgram; args: string[]; env?: Record<string, string>; expected: Expect }[] = [
  {
    name: 'libpq defaults',
    program: 'psql',
    args: [],
    expected: { host: '/var/run/postgresql', isSocket: true, port: 5432, user: 'alice', dbname: 'alice', sources: { host: 'default', port: 'default', user: 'default (OS user)', dbname: 'default (user name)' } },
  },
  {
    name: 'environment variables',
    program: 'psql',
    args: [],
    env: { PGHOST: 'db.env', PGPORT: '6543', PGUSER: 'bob', PGDATABASE: 'shop', PGSSLMODE: 'verify-full', PGAPPNAME: 'x' },
    expected: { host: 'db.env', isSocket: false, port: 6543, user: 'bob', dbname: 'shop', sources: { host: 'PGHOST', port: 'PGPORT', user: 'PGUSER', dbname: 'PGDATABASE' }, extra: { sslmode: 'verify-full', application_name: 'x' } },
  },
  { name: 'dbname defaults to the resolved user', program: 'psql', args: ['-U', 'carol'], expected: { user: 'carol', dbname: 'carol' } },
  { name: 'arguments beat the environment', program: 'psql', args: ['-h', 'db.arg', '--port=7000', 'app', 'dave'], env: { PGHOST: 'db.env', PGPORT: '1', PGUSER: 'u', PGDATABASE: 'd' }, expected: { host: 'db.arg', port: 7000, user: 'dave', dbname: 'app', sources: { host: 'argument -h', port: 'argument --port=…', user: 'argument USERNAME', dbname: 'argument DBNAME' } } },
  { name: 'psql -d shifts the first positional to the user', program: 'psql', args: ['-d', 'app', 'erin'], expected: { dbname: 'app', user: 'erin' } },
  { name: 'an empty -h counts as not given', program: 'psql', args: ['-h', ''], env: { PGHOST: '/tmp/envsock' }, expected: { host: '/tmp/envsock', sources: { host: 'PGHOST' } } },
  { name: 'a URI dbname overrides -h (expanded after it)', program: 'psql', args: ['-h', 'db.arg', 'postgresql://u@db.uri:5433/app'], expected: { host: 'db.uri', port: 5433, user: 'u', dbname: 'app', sources: { host: 'connection string (argument DBNAME)' } } },
  { name: 'conninfo -d keeps -p when it names no port', program: 'psql', args: ['-d', 'host=/tmp/x', '-p', '1234'], expected: { host: '/tmp/x', port: 1234, isSocket: true } },
  { name: 'conninfo port beats -p', program: 'psql', args: ['-p', '1234', 'port=5555 host=/tmp/x'], expected: { port: 5555 } },
  { name: 'psql -l connects to postgres, not PGDATABASE', program: 'psql', args: ['-l'], env: { PGDATABASE: 'shop' }, expected: { dbname: 'postgres' } },
  { name: 'multi-host: first host, the rest in extra.hosts', program: 'psql', args: ['postgresql://h1:5432,h2:5433,[::1]/app'], expected: { host: 'h1', port: 5432, extra: { hosts: 'h2:5433,[::1]:5432' } } },
  { name: 'hostaddr alone is the host', program: 'psql', args: ['hostaddr=10.0.0.5 dbname=app'], expected: { host: '10.0.0.5', isSocket: false, extra: { hostaddr: '10.0.0.5' } } },
  { name: 'abstract socket', program: 'psql', args: ['-h', '@pg'], expected: { isSocket: true } },
  { name: 'dropdb connects to postgres, not to its target', program: 'dropdb', args: ['-h', 'db.prod.internal', 'app'], env: { PGDATABASE: 'shop' }, expected: { host: 'db.prod.internal', dbname: 'postgres', sources: { dbname: 'default maintenance database' } } },
  { name: 'dropdb postgres goes to template1', program: 'dropdb', args: ['postgres'], expected: { dbname: 'template1' } },
  { name: 'dropdb --maintenance-db may be a URI', program: 'dropdb', args: ['--maintenance-db=postgresql://prod.db/admin', 'app'], expected: { host: 'prod.db', dbname: 'admin' } },
  { name: 'dropuser connects to postgres', program: 'dropuser', args: ['bob'], expected: { dbname: 'postgres' } },
  { name: 'createdb with --maintenance-db', program: 'createdb', args: ['--maintenance-db', 'tpl', 'new'], expected: { dbname: 'tpl' } },
  { name: 'vacuumdb falls back to PGUSER, not -U', program: 'vacuumdb', args: ['-U', 'admin'], env: { PGUSER: 'svc' }, expected: { user: 'admin', dbname: 'svc' } },
  { name: 'vacuumdb falls back to the OS user', program: 'vacuumdb', args: ['-U', 'admin'], expected: { dbname: 'alice' } },
  { name: 'vacuumdb -a uses the maintenance database', program: 'vacuumdb', args: ['-a'], expected: { dbname: 'postgres' } },
  { name: 'pg_dump takes the positional over -d', program: 'pg_dump', args: ['app'], expected: { dbname: 'app' } },
  { name: 'pg_dump -d connection string', program: 'pg_dump', args: ['-d', 'host=db dbname=orders user=ro'], expected: { host: 'db', dbname: 'orders', user: 'ro' } },
  { name: 'pg_dumpall ignores the dbname of -d', program: 'pg_dumpall', args: ['-d', 'host=db dbname=ignored', '-l', 'tpl'], expected: { host: 'db', dbname: 'tpl' } },
  { name: 'pg_restore -d', program: 'pg_restore', args: ['-c', '-d', 'postgresql://prod/app', 'a.dump'], expected: { host: 'prod', dbname: 'app' } },
  { name: 'pg_isready -t is connect_timeout', program: 'pg_isready', args: ['-h', 'db', '-t', '3'], expected: { host: 'db', extra: { connect_timeout: '3' } } },
];
for (const row of precedence) {
  test(`resolveConnection: ${row.name}`, () => check(resolve(row.program, row.args, row.env), row.expected));
}

test('resolveConnection: errors', () => {
  const io = world();
  const cases: [PostgresProgram, string[], Record<string, string>, string][] = [
    ['pg_restore', ['a.dump'], {}, 'connects to no database'],
    ['psql', ['-p', 'abc'], {}, 'invalid integer value "abc"'],
    ['psql', ['postgresql://h1:1,h2:2/db?host=/tmp/qh'], {}, 'could not match 2 port numbers to 1 hosts'],
    ['psql', ['host=a colour=b'], {}, 'invalid connection option "colour"'],
    ['psql', [], { PGSERVICE: 'missing' }, 'definition of service "missing" not found'],
  ];
  for (const [program, args, env, message] of cases) {
    const result = resolveConnection(parsePostgresArgs(program, args), env, io);
    assert.ok('error' in result && result.error.includes(message), `${args.join(' ')}: ${JSON.stringify(result)}`);
  }
});

test('service file: beats the environment, loses to arguments, user file first', () => {
  const io = world({
    'home/.pg_service.conf': '# mine\n[prod]\nhost=db.prod.internal\nport=5433\nuser=app\n\n[other]\nhost=x\n',
    'etc/pg_service.conf': '[prod]\nhost=sys\ndbname=sysdb\n[staging]\nhost=db.staging\ndbname=stage\n',
  });
  const fromEnv = resolve('psql', [], { PGSERVICE: 'prod', PGHOST: 'db.env', PGDATABASE: 'shop' }, io);
  // The user file's group wins whole: nothing of the system file's [prod] is merged in.
  check(fromEnv, { host: 'db.prod.internal', port: 5433, user: 'app', dbname: 'shop', service: 'prod', sources: { host: 'service "prod" (~/.pg_service.conf)', dbname: 'PGDATABASE' } });
  check(resolve('psql', ['-h', 'db.arg', 'service=prod'], {}, io), { host: 'db.arg', port: 5433, sources: { host: 'argument -h' } });
  const system = resolve('psql', ['service=staging'], {}, io);
  check(system, { host: 'db.staging', dbname: 'stage' });
  assert.match(system.sources.host, /^service "staging" \(.*\/etc\/pg_service\.conf\)$/);
});

test('service file: PGSERVICEFILE and PGSYSCONFDIR, and libpq syntax errors', () => {
  const io = world({ 'custom.conf': '[a]\nhost=custom\n[bad]\nhost = spaced\n[nested]\nservice=a\n' });
  mkdirSync(join(io.dir, 'sysdir'));
  writeFileSync(join(io.dir, 'sysdir', 'pg_service.conf'), '[b]\nhost=fromsysdir\n');
  const env = { PGSERVICEFILE: join(io.dir, 'custom.conf'), PGSYSCONFDIR: join(io.dir, 'sysdir') };
  check(resolve('psql', [], { ...env, PGSERVICE: 'a' }, io), { host: 'custom' });
  check(resolve('psql', [], { ...env, PGSERVICE: 'b' }, io), { host: 'fromsysdir' });
  for (const [service, message] of [['bad', 'syntax error in service file'], ['nested', 'nested service']] as const) {
    const result = resolveConnection(parsePostgresArgs('psql', []), { ...env, PGSERVICE: service }, io);
    assert.ok('error' in result && result.error.includes(message), JSON.stringify(result));
  }
});

test('passwords stay in `password`, never in extra, sources or the description', () => {
  const io = world({ 'home/.pg_service.conf': '[s]\npassword=svcsecret\nsslpassword=keysecret2\n' });
  const cases: [string[], Record<string, string>, string][] = [
    [['postgresql://u:uri%20secret@h/db'], {}, 'uri secret'],
    [["host=h password='conn secret' sslpassword=keysecret"], {}, 'conn secret'],
    [['-h', 'h'], { PGPASSWORD: 'env secret' }, 'env secret'],
    [['service=s'], {}, 'svcsecret'],
  ];
  for (const [args, env, secret] of cases) {
    const facts = resolve('psql', args, env, io);
    assert.equal(facts.password, secret);
    const visible = [describeConnection(facts), JSON.stringify(facts.extra), JSON.stringify(facts.sources)].join(' ');
    for (const word of [secret, 'keysecret', 'keysecret2']) assert.ok(!visible.includes(word), `${word} leaked: ${visible}`);
  }
});

test('describeConnection', () => {
  assert.equal(describeConnection(resolve('psql', ['-h', 'db.prod.internal', '-U', 'app', 'orders'])), 'app@db.prod.internal:5432/orders');
  assert.equal(describeConnection(resolve('psql', ['-p', '5433', 'shop'])), 'alice@/var/run/postgresql:5433/shop (socket)');
  assert.equal(describeConnection(resolve('psql', ['postgresql://[::1]:6000/db'])), 'alice@[::1]:6000/db');
});

test('applyReconnect: \\c keeps what it omits, a connection string starts afresh', () => {
  const io = world();
  const env = { PGUSER: 'envuser' };
  const current = resolve('psql', ['postgresql://app:pw@db.prod.internal:5433/orders?sslmode=require&hostaddr=10.0.0.1'], env, io);
  const same = (change: Parameters<typeof applyReconnect>[1]) => {
    const result = applyReconnect(current, change, env, io);
    if ('error' in result) assert.fail(result.error);
    return result;
  };
  check(same({ dbname: 'billing' }), { host: 'db.prod.internal', port: 5433, user: 'app', dbname: 'billing', password: 'pw', sources: { dbname: 'psql \\connect', host: 'connection string (argument DBNAME)' } });
  assert.equal(same({ dbname: 'billing' }).extra['sslmode'], 'require');
  check(same({ dbname: '-', user: 'bob' }), { dbname: 'orders', user: 'bob', password: undefined });
  const moved = same({ host: 'db.staging', port: '5432' });
  check(moved, { host: 'db.staging', port: 5432, dbname: 'orders', user: 'app' });
  assert.equal(moved.extra['hostaddr'], undefined);
  check(same({ conninfo: 'host=other dbname=x' }), { host: 'other', dbname: 'x', user: 'envuser', port: 5432, password: undefined });
  check(same({ dbname: 'postgresql://third/y' }), { host: 'third', dbname: 'y', user: 'envuser' });
  const bad = applyReconnect(current, { port: 'nope' }, env, io);
  assert.ok('error' in bad);
});

test('connection strings and resolution never throw (property)', () => {
  const piece = fc.oneof(fc.constantFrom('postgresql://', 'host=', "'", '\\', '%', '[', ']', ':', ',', '/', '?', '&', '=', '@', ' '), fc.string({ maxLength: 5 }));
  const io = world();
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
      const text = pieces.join('');
      parseConnectionString(text);
      const result = resolveConnection(parsePostgresArgs('psql', [text]), {}, io);
      if (!('error' in result)) assert.ok(!JSON.stringify(result.extra).includes('password'));
    }),
    { numRuns: 500 },
  );
});
