// Runs the aws case table through the offline pipeline, and checks how profiles, accounts and config rules name environments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GuardConfig } from '../../../src/config/types.js';
import { assess } from '../../../src/core/pipeline.js';
import { awsCases } from '../../../src/tools/aws/cases.js';
import { awsTool } from '../../../src/tools/aws/aws-tool.js';
import type { ToolCase } from '../../../src/tools/tool.js';
import { checkTable } from '../../support/case-tester.js';
import { buildWorld } from '../../support/world.js';

const cases = awsCases.aws ?? [];

async function run(argv: readonly string[], world: ToolCase['world'] & { agent?: boolean; config?: GuardConfig } = {}) {
  const w = buildWorld({ offline: true, ...world });
  try {
    return await assess(argv, w.ctx);
  } finally {
    w.cleanup();
  }
}

test('aws: the case table is well-formed and exercises every rule', () => {
  assert.deepEqual(checkTable({ tool: awsTool, cases }), []);
  const exercised = new Set(cases.flatMap((c) => c.rules));
  for (const rule of Object.values(awsTool.rules)) assert.ok(exercised.has(rule.id), `${rule.id} is exercised by no case`);
});

for (const c of cases) {
  test(`aws: ${c.note ?? c.argv.join(' ')} → ${c.risk}`, async () => {
    const { analysis, verdict } = await run(c.argv, c.world);
    const ids = analysis.hits.map((h) => h.rule.id);
    assert.equal(analysis.risk, c.risk, `risk of ${JSON.stringify(c.argv)}; hits: ${ids.join(', ')}`);
    for (const id of c.rules) assert.ok(ids.includes(id), `${id} not among hits ${ids.join(', ')}`);
    if (c.risk === 'read' || c.risk === 'write') assert.equal(verdict.decision, 'allow');
    else assert.notEqual(verdict.decision, 'allow');
  });
}

test("issue 8's done-means: AWS_PROFILE=prod-admin … s3 rb s3://orders --force is destructive in a protected environment, offline", async () => {
  const { analysis, verdict, report } = await run(['aws', 's3', 'rb', 's3://orders', '--force'], { env: { AWS_PROFILE: 'prod-admin' } });
  assert.equal(analysis.risk, 'destructive');
  assert.equal(analysis.environment?.name, 'production');
  assert.equal(analysis.environment?.protected, true);
  assert.equal(verdict.decision, 'confirm');
  assert.equal(report.confirmPhrase, 'production/orders');
  assert.equal((await run(['aws', 's3', 'rb', 's3://orders', '--force'], { env: { AWS_PROFILE: 'prod-admin' }, agent: true })).verdict.decision, 'deny');
});

test('the account written in a profile (role_arn through source_profile, sso_account_id) matches config rules', async () => {
  const files = {
    '.aws/config': '[profile ops]\nrole_arn = arn:aws:iam::111122223333:role/ops\nsource_profile = base\n[profile base]\nregion = us-east-1\n[profile sso]\nsso_account_id = 444455556666\nsso_role_name = Admin\n',
  };
  const config: GuardConfig = {
    user: { file: 'config.json', environments: { payments: { protected: true, match: { aws: [{ account: '111122223333' }] } }, sandbox: { match: { aws: [{ account: '4444*', region: 'eu-*' }] } } }, policy: {} },
    project: null,
    policy: {},
  };
  const ops = await run(['aws', '--profile', 'ops', 's3', 'rb', 's3://x'], { files, config });
  assert.equal(ops.analysis.environment?.name, 'payments');
  assert.ok(ops.analysis.environment?.source.includes('account 111122223333'));
  const sso = await run(['aws', 's3', 'rb', 's3://x', '--profile', 'sso', '--region', 'eu-west-1'], { files, config });
  assert.equal(sso.analysis.environment?.name, 'sandbox');
  assert.equal(sso.analysis.environment?.protected, false);
  const otherRegion = await run(['aws', 's3', 'rb', 's3://x', '--profile', 'sso', '--region', 'us-east-1'], { files, config });
  assert.equal(otherRegion.analysis.environment?.name, 'unknown', 'a rule matches only when every field does');
});

test('no profile, no account: the environment is unknown and protected (fail closed)', async () => {
  const { analysis } = await run(['aws', 'dynamodb', 'delete-table', '--table-name', 'orders']);
  assert.equal(analysis.environment?.name, 'unknown');
  assert.equal(analysis.environment?.protected, true);
  assert.equal(analysis.targets[0]?.name, 'orders');
});

test('an endpoint on this machine is local; secrets from the credentials file never reach the report', async () => {
  const files = { '.aws/credentials': '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI-K7MDENG\n' };
  const { report } = await run(['aws', '--endpoint-url', 'http://127.0.0.1:5000', 's3', 'rb', 's3://b', '--force'], { files });
  assert.equal(report.environment?.name, 'local');
  assert.equal(report.confirmPhrase, 'local/b');
  assert.ok(!JSON.stringify(report).includes('wJalrXUtnFEMI'));
});

test('secrets in aws arguments never reach the report: passwords, inline JSON that names them, s3 customer keys', async () => {
  const { report } = await run(['aws', 'rds', 'modify-db-instance', '--db-instance-identifier', 'db', '--master-user-password', 'hunter2-pw', '--cli-input-json', '{"MasterUserPassword":"hunter3-pw"}']);
  const copy = await run(['aws', 's3', 'cp', 'f', 's3://b/f', '--sse-c', 'AES256', '--sse-c-key', 'c2VjcmV0LWtleS1tYXRlcmlhbA==']);
  for (const text of [JSON.stringify(report), JSON.stringify(copy.report)]) {
    for (const secret of ['hunter2-pw', 'hunter3-pw', 'c2VjcmV0LWtleS1tYXRlcmlhbA==']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  }
  assert.equal(report.argv[0], 'aws');
});
