// Fails when src/tools/railway/mutations.generated.ts no longer matches Railway's schema.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RAILWAY_MUTATIONS } from '../../../src/tools/railway/mutations.generated.js';
import { deriveMutationTable, nameWords, RAILWAY_SCHEMA_SOURCE, renderMutationsModule } from '../../../src/tools/railway/mutation-risk.js';

const SCHEMA = join(process.cwd(), 'vendor', 'railway', 'schema.json');
const GENERATED = join(process.cwd(), 'src', 'tools', 'railway', 'mutations.generated.ts');
assert.ok(existsSync(SCHEMA), 'vendor/railway/schema.json is missing');

test('the committed mutation table is what the generator writes today', () => {
  const fresh = renderMutationsModule(deriveMutationTable(JSON.parse(readFileSync(SCHEMA, 'utf8'))), RAILWAY_SCHEMA_SOURCE);
  assert.ok(
    readFileSync(GENERATED, 'utf8') === fresh,
    'src/tools/railway/mutations.generated.ts is stale: run `tsc -p . && node dist/scripts/generate-railway-mutations.js`',
  );
});

test('the incident mutation and its relatives are destructive', () => {
  for (const name of ['volumeDelete', 'environmentDelete', 'serviceDelete', 'projectDelete', 'deploymentRemove', 'volumeInstanceBackupDelete', 'volumeInstanceBackupRestore', 'variableDelete', 'apiTokenDelete']) {
    assert.equal(RAILWAY_MUTATIONS[name]?.risk, 'destructive', name);
  }
  assert.deepEqual(RAILWAY_MUTATIONS.volumeDelete?.args, ['volumeId']);
});

test('conditional mutations record what makes them destructive', () => {
  assert.deepEqual(RAILWAY_MUTATIONS.volumeInstanceUpdate?.condition, { kind: 'destructive-without-args', args: ['environmentId'] });
  assert.equal(RAILWAY_MUTATIONS.environmentPatchCommit?.condition?.kind, 'destructive-when-patch-deletes');
  assert.equal(RAILWAY_MUTATIONS.environmentPatchCommitStaged?.risk, 'unknown');
  assert.equal(RAILWAY_MUTATIONS.projectScheduleDeleteCancel?.risk, 'write');
  assert.equal(RAILWAY_MUTATIONS.serviceCreate?.risk, 'write');
  assert.equal(RAILWAY_MUTATIONS.deploymentRestart?.risk, 'write');
});

test('verbs are matched as words of the name, not as substrings', () => {
  assert.deepEqual(nameWords('volumeInstancePITRRestore').slice(-1), ['restore']);
  assert.ok(!nameWords('customDomainCreate').includes('delete'));
});
