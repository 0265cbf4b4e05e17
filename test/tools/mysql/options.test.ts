// The client's argv (my_getopt), option files in the client's order, ~/.mylogin.cnf, and connection precedence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveMysqlConnection } from '../../../src/tools/mysql/connection.js';
import { parseMysqlOptions } from '../../../src/tools/mysql/getopt.js';
import { decodeMyloginCnf, encodeMyloginCnf } from '../../../src/tools/mysql/mylogin.js';
import { readOptionFiles } from '../../../src/tools/mysql/option-files.js';
import { CLIENT_OPTIONS } from '../../../src/tools/mysql/options.generated.js';
import { CLIENT_GROUPS, defaultsRequest, redactMysqlArgs } from '../../../src/tools/mysql/shared.js';
import { redactSqlSecrets } from '../../../src/tools/mysql/sql-text.js';
import { buildWorld } from '../../support/world.js';

const NONE = { noDefaults: false, defaultsFile: null, extraFile: null, groupSuffix: null, loginPath: null };

test('my_getopt: prefixes, -/_ alike, attached values, optional -p, skip- and loose-', () => {
  const parsed = parseMysqlOptions(['--exec=SELECT 1', '--init_command', 'SET @a=1', '-uroot', '-p', 'shop', '-BN', '--skip-column-names', '--loose-nonsense=1', '-psecret'], CLIENT_OPTIONS);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.positionals, ['shop'], '-p takes no separate value: the next word is the database');
  const byName = (name: string) => parsed.options.filter((o) => o.name === name).map((o) => o.value);
  assert.deepEqual(byName('execute'), ['SELECT 1']);
  assert.deepEqual(byName('init-command'), ['SET @a=1']);
  assert.deepEqual(byName('user'), ['root']);
  assert.deepEqual(byName('password'), [null, 'secret']);
  assert.ok(parsed.options.some((o) => o.name === 'batch') && parsed.options.some((o) => o.name === 'skip-column-names'));
  assert.deepEqual(parseMysqlOptions(['--de'], CLIENT_OPTIONS).problems, ['ambiguous option --de']);
  assert.deepEqual(redactMysqlArgs(['-psecret', '--password=s2', '--pass=s3'], parseMysqlOptions(['-psecret', '--password=s2', '--pass=s3'], CLIENT_OPTIONS).options), ['-p***', '--password=***', '--pass=***']);
});

test('--no-defaults and --defaults-file count only at the front of argv', () => {
  assert.equal(defaultsRequest(parseMysqlOptions(['--no-defaults', '-e', 'x'], CLIENT_OPTIONS).options).noDefaults, true);
  assert.equal(defaultsRequest(parseMysqlOptions(['-e', 'x', '--no-defaults'], CLIENT_OPTIONS).options).noDefaults, false);
  assert.equal(defaultsRequest(parseMysqlOptions(['--defaults-file=a.cnf', '--defaults-group-suffix=_x', '-e', 'x'], CLIENT_OPTIONS).options).groupSuffix, '_x');
});

test('option files: groups, quoting, !include, !includedir, later files win', async () => {
  const world = buildWorld({
    files: {
      '.my.cnf': '[client]\nhost = "db.staging.internal"  \nuser=app # a comment\n!includedir conf.d\n[mysqld]\nhost=ignored\n',
      'conf.d/b.cnf': '[mysql]\ndatabase=shop\n',
      'conf.d/a.cnf': "[client_x]\nport='3307'\n",
      'conf.d/skip.txt': '[client]\nhost=never\n',
    },
  });
  try {
    const read = await readOptionFiles({ ...NONE, groupSuffix: '_x' }, CLIENT_GROUPS, world.ctx);
    const mine = read.options.filter((o) => o.origin.startsWith(world.ctx.home));
    assert.deepEqual(mine.map((o) => `${o.name}=${o.value}`), ['host=db.staging.internal', 'user=app', 'port=3307', 'database=shop']);
    const connection = resolveMysqlConnection([], read.options, null, { MYSQL_HOST: 'env.example', MYSQL_PWD: 'pw' });
    assert.equal(connection.host, 'db.staging.internal', 'option files beat MYSQL_HOST');
    assert.equal(connection.port, 3307);
    assert.equal(connection.database, 'shop');
    assert.equal(connection.passwordSource, 'MYSQL_PWD');
    const cli = parseMysqlOptions(['-h', 'db.prod.internal'], CLIENT_OPTIONS).options;
    assert.equal(resolveMysqlConnection(cli, read.options, null, {}).host, 'db.prod.internal', 'the command line beats option files');
  } finally {
    world.cleanup();
  }
});

test('localhost is the socket unless TCP is asked for; MYSQL_UNIX_PORT names it', () => {
  const socket = resolveMysqlConnection([], [], null, { MYSQL_UNIX_PORT: '/tmp/m.sock' });
  assert.deepEqual([socket.isSocket, socket.host], [true, '/tmp/m.sock']);
  const tcp = resolveMysqlConnection(parseMysqlOptions(['--protocol=TCP'], CLIENT_OPTIONS).options, [], null, { MYSQL_TCP_PORT: '3310' });
  assert.deepEqual([tcp.isSocket, tcp.host, tcp.port], [false, 'localhost', 3310]);
});

test('~/.mylogin.cnf is decoded as the MySQL client does, and its --login-path group read', async () => {
  const key = Buffer.from('0123456789abcdefghij');
  const bytes = encodeMyloginCnf('[client]\nuser = "alice"\n[prod]\nhost = "db.prod.internal"\npassword = "p"\n', key);
  assert.equal(decodeMyloginCnf(bytes), '[client]\nuser = "alice"\n[prod]\nhost = "db.prod.internal"\npassword = "p"\n');
  assert.throws(() => decodeMyloginCnf(Buffer.alloc(10)), /too short/);
  const world = buildWorld({ files: {} });
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${world.ctx.home}/.mylogin.cnf`, bytes);
    const read = await readOptionFiles({ ...NONE, loginPath: 'prod' }, CLIENT_GROUPS, world.ctx);
    const login = read.options.filter((o) => o.origin.startsWith('.mylogin.cnf'));
    assert.deepEqual(login.map((o) => `${o.name}=${o.value}`), ['user=alice', 'host=db.prod.internal', 'password=p']);
  } finally {
    world.cleanup();
  }
});

test('passwords in SQL are masked wherever guard shows the statement', () => {
  assert.equal(redactSqlSecrets("CREATE USER a IDENTIFIED BY 'it''s \\' secret'; SELECT 'shown'"), "CREATE USER a IDENTIFIED BY '***'; SELECT 'shown'");
  assert.equal(redactSqlSecrets("SET PASSWORD FOR a = PASSWORD('p1')"), "SET PASSWORD FOR a = PASSWORD('***')");
  assert.equal(redactSqlSecrets("ALTER USER a IDENTIFIED WITH ed25519 AS 'h'"), "ALTER USER a IDENTIFIED WITH ed25519 AS '***'");
  const args = ['-e', "GRANT ALL ON *.* TO a IDENTIFIED BY 'pw'"];
  assert.deepEqual(redactMysqlArgs(args, parseMysqlOptions(args, CLIENT_OPTIONS).options), ['-e', "GRANT ALL ON *.* TO a IDENTIFIED BY '***'"]);
});
