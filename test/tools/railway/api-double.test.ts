// The Railway API double itself: auth per token type, schema validation, the seeded world, recorded mutations.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { INCIDENT, railwaySchemaPath, startRailwayApi, type RailwayApi } from '../../support/railway-api/server.js';

assert.ok(existsSync(railwaySchemaPath()), 'vendor/railway/schema.json is missing');
let api: RailwayApi;
before(async () => {
  api = await startRailwayApi();
});
after(async () => {
  await api?.stop();
});

const BEARER = { authorization: `Bearer ${INCIDENT.apiToken}` };
const PROJECT = { 'project-access-token': INCIDENT.projectToken };

async function post(body: unknown, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

const VOLUME_QUERY = `query($id: String!) { project(id: $id) { name volumes { edges { node { id name volumeInstances { edges { node { environment { name } mountPath currentSizeMB } } } } } } } }`;

test('binds 127.0.0.1 on a random port', () => {
  assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+\/graphql\/v2$/);
});

test('no credential or an unknown one: 401 with a Not Authorized error', async () => {
  const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: INCIDENT.apiToken }];
  for (const headers of attempts) {
    const { status, json } = await post({ query: '{ me { id } }' }, headers);
    assert.equal(status, 401);
    assert.deepEqual(json, { errors: [{ message: 'Not Authorized' }], data: null });
  }
  const bad = await post({ query: '{ projectToken { id } }' }, { 'project-access-token': 'nope' });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.errors[0].message, 'Project Token not found');
});

test('an account token sees every environment of every project, instances and backups included', async () => {
  const { status, json } = await post({ query: VOLUME_QUERY, variables: { id: INCIDENT.projectId } }, BEARER);
  assert.equal(status, 200);
  const instances = json.data.project.volumes.edges[0].node.volumeInstances.edges.map((e: any) => [e.node.environment.name, e.node.currentSizeMB]);
  assert.deepEqual(instances, [['production', 41200], ['staging', 900]]);
  const projects = await post({ query: '{ projects { edges { node { name } } } }' }, BEARER);
  assert.deepEqual(projects.json.data.projects.edges.map((e: any) => e.node.name), ['pocket', 'sideline']);
  const backups = await post({ query: `{ volumeInstanceBackupList(volumeInstanceId: "${INCIDENT.productionInstanceId}") { createdAt } }` }, BEARER);
  assert.equal(backups.json.data.volumeInstanceBackupList.length, 4);
  assert.equal(backups.json.data.volumeInstanceBackupList.at(-1).createdAt, '2026-11-24T03:00:00.000Z');
});

test('a project token sees only its project and environment, and says which', async () => {
  const who = await post({ query: '{ projectToken { project { name } environment { name } } }' }, PROJECT);
  assert.deepEqual(who.json.data.projectToken, { project: { name: 'pocket' }, environment: { name: 'staging' } });
  const volume = await post({ query: VOLUME_QUERY, variables: { id: INCIDENT.projectId } }, PROJECT);
  assert.deepEqual(volume.json.data.project.volumes.edges[0].node.volumeInstances.edges.map((e: any) => e.node.environment.name), ['staging']);
  const other = await post({ query: `{ project(id: "${INCIDENT.otherProjectId}") { name } }` }, PROJECT);
  assert.equal(other.status, 200);
  assert.equal(other.json.errors[0].message, 'Not Authorized');
  assert.equal(other.json.data, null);
  const me = await post({ query: '{ me { id } }' }, PROJECT);
  assert.equal(me.json.errors[0].message, 'Not Authorized');
});

test('documents are validated against the real schema: 400 with GraphQL errors', async () => {
  const invalid = await post({ query: '{ project(id: "x") { nope } }' }, BEARER);
  assert.equal(invalid.status, 400);
  assert.match(invalid.json.errors[0].message, /Cannot query field "nope" on type "Project"/);
  const unparsable = await post({ query: 'mutation {' }, BEARER);
  assert.equal(unparsable.status, 400);
  const missingVariable = await post({ query: 'mutation($v: String!) { volumeDelete(volumeId: $v) }' }, BEARER);
  assert.equal(missingVariable.json.errors[0].message.includes('$v'), true);
});

test('volumeDelete is recorded with its arguments and applied to the world; batches run each request', async () => {
  const local = await startRailwayApi();
  try {
    const response = await fetch(local.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...BEARER },
      body: JSON.stringify([{ query: '{ me { email } }' }, { query: `mutation { gone: volumeDelete(volumeId: "${INCIDENT.volumeId}") }` }]),
    });
    const json = (await response.json()) as any[];
    assert.deepEqual(json[1], { data: { gone: true } });
    assert.deepEqual(local.requests.at(-1)?.mutations, [{ name: 'volumeDelete', args: { volumeId: INCIDENT.volumeId } }]);
    assert.equal(local.requests.at(-1)?.headers.authorization, `Bearer ${INCIDENT.apiToken}`);
    assert.equal(local.world.projects[0]?.volumes.length, 0);
  } finally {
    await local.stop();
  }
});
