// Issue 11 on the incident world: the agent is refused offline; the human approving sees the live blast radius and types production/pg-data.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hookAsAgent } from '../support/agent-hook.js';
import { describePty, runOnPty, type PtyRun } from '../support/pty.js';
import { INCIDENT, startRailwayApi, type RailwayApi } from '../support/railway-api/server.js';
import { createSandbox, describeRun, GUARD_BIN, guardEnv, runGuard, type GuardSandbox } from '../support/run-guard.js';

const VOLUME = INCIDENT.volumeId;
const LIVE_PHRASE = 'production/pg-data';
const OFFLINE_PHRASE = `unknown/${VOLUME}`;

let api: RailwayApi;
let sandbox: GuardSandbox;
let work: string;
const printed: string[] = [];

before(async () => {
  api = await startRailwayApi();
  sandbox = createSandbox('guard-live-approve-');
  work = join(sandbox.dir, 'src', 'pocket');
  mkdirSync(work, { recursive: true });
  mkdirSync(join(sandbox.home, '.railway'));
  const link = { projectPath: work, name: 'pocket', project: INCIDENT.projectId, environment: INCIDENT.stagingId, environmentName: 'staging', service: INCIDENT.serviceId };
  writeFileSync(join(sandbox.home, '.railway', 'config.json'), JSON.stringify({ projects: { [work]: link }, user: {} }));
});
after(async () => {
  await api?.stop();
  sandbox?.cleanup();
});

/** The agent's Bash call, with the account token in its environment (as in the incident). */
const agentCall = (line: string) =>
  hookAsAgent(sandbox, { name: 'Bash', input: { command: line } }, { cwd: work, env: { RAILWAY_API_TOKEN: INCIDENT.apiToken, GUARD_RAILWAY_API_URL: api.url } });

/** The human at their own terminal, with their own credential. */
function humanApproves(id: string, answers: { text: string; after: string[] }[], apiUrl = api.url): Promise<PtyRun> {
  return runOnPty({
    argv: [process.execPath, GUARD_BIN, 'approve', id],
    env: { ...guardEnv({ sandbox, env: { RAILWAY_API_TOKEN: INCIDENT.apiToken, GUARD_RAILWAY_API_URL: apiUrl } }), TERM: 'xterm' },
    cwd: sandbox.dir,
    answers,
    timeoutSeconds: 40,
  });
}

test('refused offline in the user\'s words; approved against the live facts; the identical retry runs once', { timeout: 120_000 }, async () => {
  const line = `railway volume delete --volume ${VOLUME} --yes`;
  const refused = await agentCall(line);
  printed.push(refused.reason);
  assert.equal(refused.decision, 'deny', refused.reason);
  assert.match(refused.reason, /guard did not look this up, so it is treated as production-level/);
  assert.doesNotMatch(refused.reason, /not asked|--offline/);
  const id = /guard approve ([0-9a-f]{10})/.exec(refused.reason)?.[1];
  assert.ok(id, refused.reason);

  const deletesBefore = api.requests.flatMap((r) => r.mutations).length;
  const human = await humanApproves(id, [
    // The phrase the agent's offline guess would give does not approve.
    { text: OFFLINE_PHRASE, after: [`Type ${LIVE_PHRASE} to allow this once`] },
    { text: LIVE_PHRASE, after: ['does not match', `Type ${LIVE_PHRASE} to allow this once`] },
  ]);
  printed.push(human.transcript);
  assert.equal(human.status, 0, describePty(human));
  assert.equal(human.unanswered, 0, describePty(human));
  const screen = human.screen.join('\n');
  // Everything the human needs is on screen before the first prompt.
  const beforePrompt = screen.slice(0, screen.indexOf(`Type ${LIVE_PHRASE}`));
  for (const fact of ['production', 'staging', '41.2 GB', '900.0 MB', 'backups', 'deleted with it', 'every project', 'pg-data']) {
    assert.ok(beforePrompt.includes(fact), `the approval screen lacks "${fact}" before the prompt:\n${screen}`);
  }
  assert.match(screen, new RegExp(`refused for ${OFFLINE_PHRASE}; looked up live, it is ${LIVE_PHRASE}`));
  assert.equal(api.requests.flatMap((r) => r.mutations).length, deletesBefore, 'approving looks things up; it never deletes');

  assert.equal((await agentCall(line)).decision, 'allow', 'the identical retry is let through');
  assert.equal((await agentCall(line)).decision, 'deny', 'once');
});

test('another command does not ride on an approval', { timeout: 90_000 }, async () => {
  const line = `railway volume delete --volume ${VOLUME} -y`;
  const refused = await agentCall(line);
  const id = /guard approve ([0-9a-f]{10})/.exec(refused.reason)?.[1];
  assert.ok(id);
  const human = await humanApproves(id, [{ text: LIVE_PHRASE, after: [`Type ${LIVE_PHRASE} to allow this once`] }]);
  assert.equal(human.status, 0, describePty(human));
  assert.equal((await agentCall(`${line} --service pg`)).decision, 'deny');
  assert.equal((await agentCall(line)).decision, 'allow');
});

test('an API that is down during approve: a plain "could not verify" and the unresolved phrase', { timeout: 90_000 }, async () => {
  const line = `railway volume delete -v ${VOLUME} --yes`;
  const refused = await agentCall(line);
  const id = /guard approve ([0-9a-f]{10})/.exec(refused.reason)?.[1];
  assert.ok(id);
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dead = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql/v2`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const human = await humanApproves(id, [{ text: OFFLINE_PHRASE, after: [`Type ${OFFLINE_PHRASE} to allow this once`] }], dead);
  printed.push(human.transcript);
  assert.equal(human.status, 0, describePty(human));
  const screen = human.screen.join('\n');
  assert.match(screen, /could not verify this live/);
  assert.match(screen, /ECONNREFUSED/);
  assert.doesNotMatch(screen, new RegExp(`Type ${LIVE_PHRASE}`));
});

test('guard approve --list and --list --json need no terminal; --offline approves from the refusal\'s facts', { timeout: 60_000 }, async () => {
  const line = `railway volume delete --volume ${VOLUME} --yes --json`;
  const refused = await agentCall(line);
  const id = /guard approve ([0-9a-f]{10})/.exec(refused.reason)?.[1];
  assert.ok(id);
  const list = await runGuard(['approve', '--list'], { sandbox });
  assert.equal(list.status, 0, describeRun(list));
  assert.match(list.stdoutText, new RegExp(`${id}\\s+destructive in unknown`));
  const json = await runGuard(['approve', '--list', '--json'], { sandbox });
  const rows = JSON.parse(json.stdoutText) as { id: string; command: string; replayable: boolean }[];
  const row = rows.find((r) => r.id === id);
  assert.ok(row, json.stdoutText);
  assert.equal(row.command, line);
  assert.equal(row.replayable, true);
  const offline = await runOnPty({
    argv: [process.execPath, GUARD_BIN, 'approve', id, '--offline'],
    env: { ...guardEnv({ sandbox }), TERM: 'xterm' },
    cwd: sandbox.dir,
    answers: [{ text: OFFLINE_PHRASE, after: [`Type ${OFFLINE_PHRASE} to allow this once`] }],
  });
  assert.equal(offline.status, 0, describePty(offline));
  assert.match(offline.screen.join('\n'), /did not look this up live \(--offline\)/);
});

test('the token appears nowhere: not in the refusal, the screens, the requests or the audit log', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = join(sandbox.configDir, 'approvals');
  const stored = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
  for (const text of [...printed, ...stored, readFileSync(sandbox.auditFile, 'utf8')]) assert.ok(!text.includes(INCIDENT.apiToken), text.slice(0, 400));
  assert.ok(stored.some((text) => text.includes('"replay"')), 'the requests hold their replayable command');
});
