// Secrets never survive redaction, and arguments without secrets are untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactArgv, redactSecretsInText } from '../../src/core/redact.js';

const SECRET = 's3cr3t!pw';

const CASES: [string, string][] = [
  [`postgresql://app:${SECRET}@db.prod.internal:5432/shop`, 'postgresql://app:***@db.prod.internal:5432/shop'],
  [`postgres://app:${SECRET}@h1,h2/db?sslmode=require`, 'postgres://app:***@h1,h2/db?sslmode=require'],
  [`postgresql://db/x?user=app&password=${SECRET}`, 'postgresql://db/x?user=app&password=***'],
  [`host=db password=${SECRET} dbname=shop`, 'host=db password=*** dbname=shop'],
  [`host=db password='${SECRET} with space' dbname=shop`, 'host=db password=*** dbname=shop'],
  [`Authorization: Bearer ${SECRET}`, 'Authorization: Bearer ***'],
  [`project-access-token: ${SECRET}`, 'project-access-token: ***'],
  [`--header=Authorization: Bearer ${SECRET}`, '--header=Authorization: Bearer ***'],
  [`X-Api-Key:${SECRET}`, 'X-Api-Key: ***'],
  [`RAILWAY_TOKEN=${SECRET}`, 'RAILWAY_TOKEN=***'],
  ['Content-Type: application/json', 'Content-Type: application/json'],
  ['select 1', 'select 1'],
  ['postgresql://app@db/shop', 'postgresql://app@db/shop'],
];

for (const [input, expected] of CASES) {
  test(`redacts ${expected}`, () => {
    assert.equal(redactSecretsInText(input), expected);
  });
}

test('option values named like secrets are masked in argv', () => {
  const out = redactArgv(['tool', '--password', SECRET, `--api-token=${SECRET}`, '-u', `me:${SECRET}`, `--user=me:${SECRET}`, '--oauth2-bearer', SECRET, '-c', 'select 1']);
  assert.ok(!out.join(' ').includes(SECRET));
  assert.deepEqual(out.slice(-2), ['-c', 'select 1']);
});

test('a database client’s user name is not a secret; its glued password is (mysql -u root -pSECRET, psql -U postgres)', () => {
  assert.deepEqual(redactArgv(['mysql', '-u', 'root', '-ps3cret', '-e', 'select 1']), ['mysql', '-u', 'root', '-p***', '-e', 'select 1']);
  assert.deepEqual(redactArgv(['/usr/bin/mariadb', '--user=app', '--password=pw', '-vBps3cret', '-uroot', '-U', 'shop']), ['/usr/bin/mariadb', '--user=app', '--password=***', '-vBp***', '-uroot', '-U', 'shop']);
  // A lone -p prompts for the password: the next word is the database, not a secret.
  assert.deepEqual(redactArgv(['mysqldump', '-u', 'root', '-p', 'shop']), ['mysqldump', '-u', 'root', '-p', 'shop']);
  assert.deepEqual(redactArgv(['psql', '-U', 'postgres', '-c', 'select 1']), ['psql', '-U', 'postgres', '-c', 'select 1']);
  // curl's -u still hides the password (and a bare value, which may be a token).
  assert.deepEqual(redactArgv(['curl', '-u', 'user:pass', 'https://example.com']), ['curl', '-u', 'user:***', 'https://example.com']);
  assert.deepEqual(redactArgv(['curl', '-u', 'sk_live_abc', 'https://example.com']), ['curl', '-u', '***', 'https://example.com']);
  assert.deepEqual(redactArgv(['curl', '-U', 'proxy:pw', 'https://example.com']), ['curl', '-U', 'proxy:***', 'https://example.com']);
});
