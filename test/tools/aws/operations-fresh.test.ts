// Fails when operations.generated.ts no longer matches the installed botocore, or when guard names operations unlike the aws CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nameWords, xformName } from '../../../src/tools/aws/operation-risk.js';
import { awsOperationRisk, findCliOperation, serviceOfCommand } from '../../../src/tools/aws/operations.js';
import { BOTOCORE_VERSION, OPERATIONS } from '../../../src/tools/aws/operations.generated.js';
import { deriveAllServices, findBotocore, renderOperationsModule } from '../../../src/tools/aws/operations-source.js';

const botocore = findBotocore();
const skip = botocore === null ? 'botocore is not installed here (python3 -c "import botocore" fails): the aws operation table cannot be checked' : false;
const GENERATED = join(process.cwd(), 'src', 'tools', 'aws', 'operations.generated.ts');

test('the committed operation table is what the generator writes from the installed botocore', { skip }, () => {
  if (!botocore) return;
  assert.equal(BOTOCORE_VERSION, botocore.version, `operations.generated.ts was generated from botocore ${BOTOCORE_VERSION}, ${botocore.version} is installed: run npm run gen:aws`);
  const fresh = renderOperationsModule(deriveAllServices(botocore), botocore);
  assert.ok(readFileSync(GENERATED, 'utf8') === fresh, 'src/tools/aws/operations.generated.ts is stale: run `npm run gen:aws`');
});

test("guard's xform_name and command table agree with the installed aws CLI's own", { skip }, () => {
  // The CLI's own answer: every operation name through botocore.xform_name, and every top-level command's service.
  const script = [
    'import json, sys',
    'from botocore import xform_name',
    'from awscli.clidriver import create_clidriver',
    'names = json.load(sys.stdin)',
    'table = create_clidriver()._get_command_table()',
    'services = {n: getattr(c, "_service_name", None) for n, c in table.items()}',
    'print(json.dumps({"xform": {n: xform_name(n, "-") for n in names}, "services": services}))',
  ].join('\n');
  const nameOf = (token: string) => {
    const end = [...token].findIndex((c) => '+!?^'.includes(c));
    return end === -1 ? token : token.slice(0, end);
  };
  const clean = [...new Set(Object.values(OPERATIONS).flatMap((ops) => ops.split(' ').map(nameOf)))];
  const answer = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(clean), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { xform: Record<string, string>; services: Record<string, string | null> };
  const wrong = clean.filter((n) => xformName(n) !== answer.xform[n]);
  assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} names transformed unlike botocore`);
  for (const [command, service] of Object.entries(answer.services)) {
    if (service === null) continue;
    assert.equal(serviceOfCommand(command), service, `aws ${command} is service ${service} in the CLI`);
  }
});

test('CLI names find their operations, and the exported API view answers by service and operation', () => {
  assert.equal(findCliOperation('rds', 'delete-db-instance')?.operation, 'DeleteDBInstance');
  assert.equal(findCliOperation('wafv2', 'list-web-acls')?.operation, 'ListWebACLs');
  assert.equal(findCliOperation('ec2', 'terminate-instances')?.dryRun, true);
  assert.equal(serviceOfCommand('s3'), null, 'aws s3 is the high-level command set');
  assert.equal(serviceOfCommand('s3api'), 's3');
  assert.deepEqual(awsOperationRisk('s3', 'DeleteBucket'), { risk: 'destructive', ruleId: 'aws/s3api-delete-bucket', reason: 'Deletes the (empty) bucket; its name becomes free for anyone.' });
  assert.equal(awsOperationRisk('s3', 'GetObject')?.risk, 'read');
  assert.equal(awsOperationRisk('dynamodb', 'PutItem')?.risk, 'write');
  assert.equal(awsOperationRisk('kms', 'ScheduleKeyDeletion')?.ruleId, 'aws/kms-schedule-key-deletion');
  assert.equal(awsOperationRisk('iam', 'DeleteUser')?.ruleId, 'aws/destructive-operation');
  assert.equal(awsOperationRisk('dynamodb', 'ExecuteStatement')?.risk, 'unknown');
  assert.equal(awsOperationRisk('s3', 'NoSuchOperation'), null);
  assert.equal(awsOperationRisk('nosuchservice', 'DeleteBucket'), null);
  assert.equal(awsOperationRisk('__proto__', 'constructor'), null);
});

test('verbs are words of the name, not substrings', () => {
  assert.deepEqual(nameWords('DescribeDBInstances'), ['describe', 'db', 'instances']);
  assert.equal(awsOperationRisk('secretsmanager', 'RestoreSecret')?.risk, 'destructive', 'a restore over existing data fails closed');
  assert.equal(awsOperationRisk('dynamodb', 'RestoreTableFromBackup')?.risk, 'write', 'restores into a new table');
  assert.equal(awsOperationRisk('ec2', 'DeleteTags')?.risk, 'write', 'removing tags loses no data');
  assert.equal(awsOperationRisk('kms', 'CancelKeyDeletion')?.risk, 'write');
});
