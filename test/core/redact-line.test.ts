// Secrets in shell lines: every kind the issue lists is masked in the line, the hook's answer, the audit log and the approvals files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { redactShellLine } from '../../src/core/redact-line.js';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../support/run-guard.js';

/** Each line carries one secret, `sekrit…`; the expected masked line keeps everything else. */
const LINES: readonly { line: string; masked: string; note: string }[] = [
  { note: 'a bearer header', line: "curl -H 'Authorization: Bearer sekrit1' https://x", masked: "curl -H 'Authorization: Bearer ***' https://x" },
  { note: 'a custom token header', line: 'curl -H "X-Api-Key: sekrit2" https://x', masked: "curl -H 'X-Api-Key: ***' https://x" },
  { note: 'curl -u user:pass', line: 'curl -u bob:sekrit3 https://x', masked: "curl -u 'bob:***' https://x" },
  { note: 'kubectl --token=', line: 'kubectl --token=sekrit4 get pods', masked: "kubectl '--token=***' get pods" },
  { note: 'kubectl --token VALUE', line: 'kubectl --token sekrit5 get pods', masked: "kubectl --token '***' get pods" },
  { note: 'a conninfo password', line: "psql 'host=db password=sekrit6 dbname=x' -c 'select 1'", masked: "psql 'host=db password=*** dbname=x' -c 'select 1'" },
  { note: 'export PGPASSWORD', line: 'export PGPASSWORD=sekrit7; psql -h db', masked: "export PGPASSWORD='***'; psql -h db" },
  { note: 'a token in a variable, then used', line: 'T=sekrit8; curl -H "Authorization: Bearer $T" https://x', masked: "T='***'; curl -H 'Authorization: Bearer ***' https://x" },
  { note: 'ALTER ROLE … PASSWORD', line: "psql -c \"ALTER ROLE app PASSWORD 'sekrit9'\"", masked: "psql -c '<SQL with a secret, redacted>'" },
  { note: 'URL query tokens', line: "curl 'https://h/v1?access_token=sekrit10&x=1' 'https://h/?api_key=sekrit11' 'https://h/?sig=sekrit12&key=sekrit13&token=sekrit14'", masked: "curl 'https://h/v1?access_token=***&x=1' 'https://h/?api_key=***' 'https://h/?sig=***&key=***&token=***'" },
  { note: 'a basic-auth URL', line: 'curl https://bob:sekrit15@host/x', masked: "curl 'https://bob:***@host/x'" },
  { note: 'a cookie option', line: "curl -b 'session=sekrit16' https://x", masked: "curl -b '***' https://x" },
  { note: 'a cookie header', line: "curl -H 'Cookie: a=sekrit17' https://x", masked: "curl -H 'Cookie: ***' https://x" },
  { note: 'GraphQL variables carrying a token', line: `curl -d '{"query":"mutation($t: String!) { x(token: $t) }","variables":{"token":"sekrit18"}}' https://backboard.railway.com/graphql/v2`, masked: `curl -d '{"query":"mutation($t: String!) { x(token: $t) }","variables":{"token":"***"}}' https://backboard.railway.com/graphql/v2` },
  { note: 'a token assignment before a command', line: 'RAILWAY_TOKEN=sekrit19 railway up', masked: "RAILWAY_TOKEN='***' railway up" },
  { note: 'inside bash -c', line: `bash -c "curl -H 'Authorization: Bearer sekrit20' https://x"`, masked: 'bash -c "curl -H \'Authorization: Bearer sekrit20\' https://x"' },
];

describe('redactShellLine: the parsed words, masked in place', () => {
  for (const { line, masked, note } of LINES.filter((l) => !l.note.startsWith('inside'))) {
    test(note, async () => {
      assert.equal(await redactShellLine(line), masked);
    });
  }

  test('a line that does not parse is still masked word by word', async () => {
    const out = await redactShellLine("curl --token=sekrit21 'unterminated");
    assert.ok(!out.includes('sekrit21'), out);
  });

  test('harmless lines are left exactly as written', async () => {
    for (const line of ["psql -c 'select 1' -h db", 'curl -H "Accept: application/json" https://x?page=2', 'ls -la "$HOME"', 'git commit -m "fix the token parser"']) {
      assert.equal(await redactShellLine(line), line);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no door shows a secret from a hook line', () => {
  let sandbox: GuardSandbox;
  before(() => {
    sandbox = createSandbox('guard-redact-doors-');
  });
  after(() => sandbox.cleanup());

  // Each is refused (destructive where unresolved): the answer, the audit line and a pending approval are all written.
  const refused = [
    "curl -H 'Authorization: Bearer sekrit31' -X DELETE https://k8s.example/api/v1/namespaces/prod",
    "psql 'host=db.prod password=sekrit32' -c 'DROP TABLE users'",
    'export PGPASSWORD=sekrit33; psql -h db.prod -c "DROP TABLE users"',
    'T=sekrit34; curl -H "Authorization: Bearer $T" https://backboard.railway.com/graphql/v2 -d \'{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}\'',
    "kubectl --token=sekrit35 --server https://prod.example delete ns payments",
    'psql -h db.prod -c "ALTER ROLE app PASSWORD \'sekrit36\'; DROP TABLE users"',
    "curl -u bob:sekrit37 -X DELETE 'https://api.example/items?access_token=sekrit38'",
  ];
  for (const line of refused) {
    test(JSON.stringify(line.slice(0, 60)), async () => {
      const payload = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: line }, cwd: sandbox.dir });
      const run = await runGuard(['hook', 'claude'], { sandbox, stdin: payload, env: { CLAUDECODE: '1' } });
      assert.equal(run.status, 0, describeRun(run));
      assert.match(run.stdoutText, /"permissionDecision":"(deny|ask)"/, describeRun(run));
      const secrets = line.match(/sekrit\d+/g) ?? [];
      assert.ok(secrets.length > 0);
      for (const secret of secrets) {
        assert.ok(!run.stdoutText.includes(secret), `the hook's answer shows ${secret}: ${run.stdoutText}`);
        assert.ok(!run.stderrText.includes(secret), `stderr shows ${secret}`);
        for (const file of filesUnder(sandbox.configDir)) assert.ok(!readFileSync(file, 'utf8').includes(secret), `${file} holds ${secret}`);
      }
    });
  }

  test('guard scan shows none of them either (human, --json)', async () => {
    const { writeFileSync } = await import('node:fs');
    const script = join(sandbox.dir, 'cleanup.sh');
    writeFileSync(script, `${refused.join('\n')}\n`);
    for (const format of [[], ['--json']]) {
      const run = await runGuard(['scan', ...format, script], { sandbox });
      assert.ok(run.stdoutText.length > 0, describeRun(run));
      for (const secret of refused.join(' ').match(/sekrit\d+/g) ?? []) assert.ok(!run.stdoutText.includes(secret), `scan ${format.join('')} shows ${secret}`);
    }
  });
});

test('a mysql line keeps its user name and loses its glued password', async () => {
  assert.equal(await redactShellLine(`mysql -u root -ps3cret -h db -e 'drop table t'`), `mysql -u root '-p***' -h db -e 'drop table t'`);
  assert.equal(await redactShellLine('cd /srv && mariadb --user=app -vps3cret shop < cleanup.sql'), "cd /srv && mariadb --user=app '-vp***' shop < cleanup.sql");
});

test('guard sh -c "mysql -pSECRET …": the report shows the command text with the password masked', async () => {
  const sandbox = createSandbox('guard-redact-launcher-');
  try {
    const run = await runGuard(['--dry-run', '--json', '--offline', 'sh', '-c', "mysql -u root -ps3cretpw -h db.prod.internal -e 'DROP TABLE t'"], { sandbox });
    assert.equal(run.status, 77, describeRun(run));
    assert.ok(!run.stdoutText.includes('s3cretpw') && !run.stderrText.includes('s3cretpw'), run.stdoutText);
    assert.deepEqual((JSON.parse(run.stdoutText) as { argv: string[] }).argv, ['sh', '-c', "mysql -u root '-p***' -h db.prod.internal -e 'DROP TABLE t'"]);
    assert.ok(!JSON.stringify(sandbox.readAudit()).includes('s3cretpw'));
  } finally {
    sandbox.cleanup();
  }
});
