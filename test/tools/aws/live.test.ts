// The real bin/guard in front of the real aws CLI, against moto: live counts, protections, refusal, --confirm, pass-through.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, describeRun, runGuard, type GuardSandbox } from '../../support/run-guard.js';
import { motoService } from '../../support/services/moto.js';
import { useService } from '../../support/services/use.js';

const moto = await useService(motoService);
const skip = moto.skipReason ?? false;
const endpoint = moto.env?.GUARD_TEST_MOTO_URL ?? '';

/** The aws binary itself: a pyenv shim needs the real HOME, which the sandbox replaces. */
function realAwsDir(): string {
  const found = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
  if (!found.includes('/shims/')) return dirname(found);
  return dirname(spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' }).stdout.trim());
}

// Each run gets its own names: moto is shared by every file of the run.
const RUN = `${process.pid}${Date.now().toString(36)}`;
const BUCKET = `guard-orders-${RUN}`;
const KEPT = `guard-kept-${RUN}`;
const DB = `guard-db-${RUN}`;
const TABLE = `guard-table-${RUN}`;
const STACK = `guard-stack-${RUN}`;
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1' };

let sandbox: GuardSandbox;
let awsDir = '';
let instanceId = '';

function aws(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(awsDir, 'aws'), ['--endpoint-url', endpoint, ...args], { encoding: 'utf8', env: { ...process.env, ...CREDENTIALS } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function seed(args: readonly string[]): string {
  const result = aws(args);
  assert.equal(result.status, 0, `seeding: aws ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

before(() => {
  if (skip) return;
  awsDir = realAwsDir();
  sandbox = createSandbox('guard-aws-e2e-');
  seed(['s3', 'mb', `s3://${BUCKET}`]);
  seed(['s3', 'mb', `s3://${KEPT}`]);
  mkdirSync(join(sandbox.dir, 'files'), { recursive: true });
  for (let i = 0; i < 7; i++) {
    const file = join(sandbox.dir, 'files', `f${i}.txt`);
    writeFileSync(file, 'x'.repeat(100 * (i + 1)));
    seed(['s3', 'cp', file, `s3://${BUCKET}/data/f${i}.txt`]);
  }
  seed(['s3api', 'put-bucket-versioning', '--bucket', BUCKET, '--versioning-configuration', 'Status=Enabled']);
  seed(['rds', 'create-db-instance', '--db-instance-identifier', DB, '--db-instance-class', 'db.t3.micro', '--engine', 'postgres', '--allocated-storage', '20', '--master-username', 'app', '--master-user-password', 'not-a-secret-1', '--deletion-protection', '--backup-retention-period', '7']);
  seed(['dynamodb', 'create-table', '--table-name', TABLE, '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH', '--billing-mode', 'PAY_PER_REQUEST', '--deletion-protection-enabled']);
  for (let i = 0; i < 3; i++) seed(['dynamodb', 'put-item', '--table-name', TABLE, '--item', JSON.stringify({ id: { S: `item-${i}` } })]);
  const image = JSON.parse(seed(['ec2', 'describe-images', '--owners', 'amazon', '--query', 'Images[0].ImageId'])) as string;
  const run = JSON.parse(seed(['ec2', 'run-instances', '--image-id', image, '--instance-type', 't3.micro', '--count', '1', '--disable-api-termination', '--tag-specifications', 'ResourceType=instance,Tags=[{Key=Name,Value=api-1},{Key=Environment,Value=production}]'])) as { Instances: { InstanceId: string }[] };
  instanceId = run.Instances[0]?.InstanceId ?? '';
  const template = { Resources: { Logs: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { BucketName: `guard-logs-${RUN}` } }, Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `guard-jobs-${RUN}` } } } };
  seed(['cloudformation', 'create-stack', '--stack-name', STACK, '--template-body', JSON.stringify(template)]);
  seed(['ec2', 'modify-instance-attribute', '--instance-id', instanceId, '--disable-api-termination']);
});

after(() => sandbox?.cleanup());

function guard(args: readonly string[], env: Record<string, string> = {}) {
  return runGuard(args, { sandbox, env: { ...CREDENTIALS, ...env }, pathPrefix: [awsDir], timeoutMs: 120_000 });
}

interface Report {
  risk: string;
  decision: string;
  confirmPhrase: string | null;
  environment: { name: string; protected: boolean } | null;
  targets: Record<string, unknown>[];
  blastRadius: string[];
  recovery: string | null;
  unverified: string[];
}

const report = (stdout: string) => JSON.parse(stdout) as Report;

test("done-means: guard --dry-run --json aws s3 rb s3://B --force reports B's objects and exits 77", { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'aws', '--endpoint-url', endpoint, 's3', 'rb', `s3://${BUCKET}`, '--force']);
  assert.equal(run.status, 77, describeRun(run));
  const r = report(run.stdoutText);
  assert.equal(r.risk, 'destructive');
  assert.equal(r.targets[0]?.objects, 7, r.unverified.join('; '));
  assert.equal(r.targets[0]?.bytes, 2800);
  assert.equal(r.targets[0]?.versioning, 'Enabled');
  assert.equal(r.targets[0]?.account, '123456789012', 'the account comes from sts get-caller-identity');
  assert.equal(r.confirmPhrase, `local/${BUCKET}`);
  assert.deepEqual(r.unverified, []);
  assert.ok(r.recovery?.includes('versioning enabled'), r.recovery ?? '');
});

test('AWS_ENDPOINT_URL reaches moto for s3 as the user’s command would; a prefix is measured on its own', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'aws', 's3', 'rm', `s3://${BUCKET}/data/f1`, '--recursive'], { AWS_ENDPOINT_URL: endpoint });
  assert.equal(run.status, 77, describeRun(run));
  const r = report(run.stdoutText);
  assert.equal(r.targets[0]?.objects, 1);
  assert.equal(r.targets[0]?.bytes, 200);
});

test('without a terminal the real command is refused and the bucket survives; --confirm with the phrase runs it', { skip }, async () => {
  const refused = await guard(['aws', '--endpoint-url', endpoint, 's3', 'rb', `s3://${KEPT}`, '--force']);
  assert.equal(refused.status, 77, describeRun(refused));
  assert.match(refused.stderrText, /refused/);
  assert.equal(aws(['s3api', 'head-bucket', '--bucket', KEPT]).status, 0, 'the bucket is still there');
  const wrong = await guard(['--confirm', `production/${KEPT}`, 'aws', '--endpoint-url', endpoint, 's3', 'rb', `s3://${KEPT}`, '--force']);
  assert.equal(wrong.status, 77, 'a phrase naming another environment confirms nothing');
  const confirmed = await guard(['--confirm', `local/${KEPT}`, 'aws', '--endpoint-url', endpoint, 's3', 'rb', `s3://${KEPT}`, '--force']);
  assert.equal(confirmed.status, 0, describeRun(confirmed));
  assert.match(confirmed.stdoutText, /remove_bucket: /);
  assert.notEqual(aws(['s3api', 'head-bucket', '--bucket', KEPT]).status, 0, 'the bucket is gone');
});

test('an RDS delete reports its deletion protection and the skipped final snapshot', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'aws', 'rds', 'delete-db-instance', '--db-instance-identifier', DB, '--skip-final-snapshot', '--endpoint-url', endpoint]);
  assert.equal(run.status, 77, describeRun(run));
  const r = report(run.stdoutText);
  assert.equal(r.targets[0]?.deletionProtection, true);
  assert.equal(r.targets[0]?.engine?.toString().startsWith('postgres'), true);
  assert.ok(r.blastRadius.some((line) => line.startsWith('deletion protection is ON')), r.blastRadius.join('\n'));
  assert.ok(r.blastRadius.some((line) => line.includes('NO final snapshot')), r.blastRadius.join('\n'));
  assert.ok(r.recovery?.includes('deletion protection'));
});

test('a DynamoDB delete reports items, deletion protection and point-in-time recovery', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'aws', '--endpoint-url', endpoint, 'dynamodb', 'delete-table', '--table-name', TABLE]);
  const r = report(run.stdoutText);
  assert.equal(r.targets[0]?.items, 3, describeRun(run));
  assert.equal(r.targets[0]?.deletionProtection, true);
  assert.equal(r.targets[0]?.pointInTimeRecovery, false);
});

test('an EC2 terminate reports Name and environment tags, termination protection and volumes deleted with it', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'aws', '--endpoint-url', endpoint, 'ec2', 'terminate-instances', '--instance-ids', instanceId]);
  const r = report(run.stdoutText);
  assert.equal(r.targets[0]?.terminationProtection, true, describeRun(run));
  assert.equal(r.targets[0]?.nameTag, 'api-1');
  assert.ok(r.blastRadius.some((line) => line.includes('environment tag production')), r.blastRadius.join('\n'));
  assert.equal(typeof r.targets[0]?.volumesDeleted, 'number');
  assert.equal(r.environment?.name, 'production', 'an Environment tag naming a protected environment protects the run');
  assert.equal(r.environment?.protected, true);
});

test('a CloudFormation delete-stack lists the resources it deletes and those it retains', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'aws', '--endpoint-url', endpoint, 'cloudformation', 'delete-stack', '--stack-name', STACK]);
  const r = report(run.stdoutText);
  assert.equal(r.targets[0]?.resources, 2, describeRun(run));
  assert.equal(r.targets[0]?.retained, 1);
  assert.ok(r.blastRadius.some((line) => line.includes('AWS::S3::Bucket') && line.endsWith('Retain')), r.blastRadius.join('\n'));
});

test('read-only commands are read and run untouched', { skip }, async () => {
  const direct = aws(['sts', 'get-caller-identity']);
  const guarded = await guard(['aws', '--endpoint-url', endpoint, 'sts', 'get-caller-identity']);
  assert.equal(guarded.status, 0, describeRun(guarded));
  assert.equal(guarded.stdoutText, direct.stdout, 'byte for byte what aws prints');
  assert.equal(guarded.stderrText, '');
  const listing = await guard(['aws', 's3', 'ls'], { AWS_ENDPOINT_URL: endpoint });
  assert.equal(listing.status, 0, describeRun(listing));
  assert.ok(listing.stdoutText.includes(BUCKET));
  const dry = await guard(['--dry-run', '--json', 'aws', 's3', 'ls'], { AWS_ENDPOINT_URL: endpoint });
  assert.equal(report(dry.stdoutText).risk, 'read');
});

test('an endpoint that does not answer is unverified, never a pass', { skip }, async () => {
  const run = await guard(['--dry-run', '--json', 'aws', '--endpoint-url', 'http://127.0.0.1:9', 's3', 'rb', `s3://${BUCKET}`, '--force']);
  assert.equal(run.status, 77, describeRun(run));
  const r = report(run.stdoutText);
  assert.ok(r.unverified.length > 0);
  assert.equal(r.targets[0]?.objects, undefined, 'no number guard did not measure');
});
