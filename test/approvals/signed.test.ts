// Approvals are signed and bound: forged, edited or unsigned files approve nothing; the agent is found by ancestry.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { agentAmong, agentProcessOf, agentStartedAncestor } from '../../src/approvals/agent-identity.js';
import type { ApprovalKey } from '../../src/approvals/model.js';
import { secretPath } from '../../src/approvals/secret.js';
import { createApprovalStore } from '../../src/approvals/store.js';
import type { ProcessInfo } from '../../src/core/processes.js';
import { readAncestry } from '../../src/core/processes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store() {
  const dir = mkdtempSync(join(tmpdir(), 'guard-signed-'));
  dirs.push(dir);
  return { dir, approvals: createApprovalStore(dir, () => new Date('2026-12-01T12:00:00Z')) };
}

const KEY: ApprovalKey = { kind: 'line', command: 'railway volume delete -v pg-data --yes', cwd: '/w', targets: ['unknown/pg-data'] };
const request = { key: KEY, display: KEY.command, risk: 'destructive' as const, environment: 'unknown', blastRadius: [], phrase: 'unknown/pg-data', requester: 'claude' };

function approvalFiles(dir: string): string[] {
  return readdirSync(join(dir, 'approvals')).filter((n) => n.startsWith('approved-'));
}

test('before guard approve ever ran there is no key, so a hand-written approval approves nothing', () => {
  const { dir, approvals } = store();
  const pending = approvals.recordPending(request);
  const stored = JSON.parse(readFileSync(join(dir, 'approvals', `pending-${pending.id}.json`), 'utf8')) as { key: ApprovalKey };
  writeFileSync(join(dir, 'approvals', 'approved-aaaaaaaaaaaa.json'), JSON.stringify({ id: 'aaaaaaaaaaaa', requestId: pending.id, approvedAt: '2026-12-01T12:00:00Z', expiresAt: '2026-12-01T12:10:00Z', key: stored.key, liveTargets: null, used: false }));
  assert.equal(approvals.consume(KEY), null);
  assert.equal(existsSync(secretPath(dir)), false);
});

test('a signed approval works once; the key is 0600; an edited or re-signed-by-guess file does not', () => {
  const { dir, approvals } = store();
  const pending = approvals.recordPending(request);
  approvals.approve(pending.id);
  assert.equal(statSync(secretPath(dir)).mode & 0o777, 0o600);
  const [file] = approvalFiles(dir);
  const original = readFileSync(join(dir, 'approvals', file!), 'utf8');

  // Edited to a later expiry: the MAC no longer matches.
  const edited = JSON.parse(original) as { expiresAt: string };
  edited.expiresAt = '2026-12-02T12:00:00Z';
  writeFileSync(join(dir, 'approvals', file!), JSON.stringify(edited));
  assert.equal(approvals.consume(KEY), null);

  writeFileSync(join(dir, 'approvals', file!), original);
  assert.ok(approvals.consume(KEY));
  assert.equal(approvals.consume(KEY), null, 'one time');
});

test('a key readable by others signs nothing', () => {
  const { dir, approvals } = store();
  approvals.approve(approvals.recordPending(request).id);
  chmodSync(secretPath(dir), 0o644);
  assert.equal(approvals.consume(KEY), null);
});

test('live targets bind a live retry; the offline key binds an offline one', () => {
  const { approvals } = store();
  approvals.approve(approvals.recordPending(request).id, { liveTargets: ['production/vol_1', 'staging/vol_1'] });
  assert.equal(approvals.consume({ ...KEY, targets: ['production/vol_2'] }, { live: true }), null, 'a live retry that resolves elsewhere');
  assert.ok(approvals.consume({ ...KEY, targets: ['staging/vol_1', 'production/vol_1'] }, { live: true }));
  approvals.approve(approvals.recordPending(request).id, { liveTargets: ['production/vol_1'] });
  assert.equal(approvals.consume({ ...KEY, command: `${KEY.command} ` }), null, 'another command');
  assert.ok(approvals.consume(KEY), 'the offline key of the request');
});

const tree = (...names: string[]): ProcessInfo[] => names.map((name, i) => ({ pid: 100 + i, ppid: 101 + i, startTime: String(1000 + i), name, argv: [name] }));

test('the agent is the nearest ancestor that is neither a shell nor guard', () => {
  const chain: ProcessInfo[] = [
    { pid: 10, ppid: 11, startTime: '5', name: 'node', argv: ['node', '/opt/guard/bin/guard', 'hook', 'claude'] },
    { pid: 11, ppid: 12, startTime: '4', name: 'sh', argv: ['/bin/sh', '-c', 'guard hook claude'] },
    { pid: 12, ppid: 13, startTime: '3', name: 'claude', argv: ['claude'] },
    { pid: 13, ppid: 1, startTime: '2', name: 'bash', argv: ['-bash'] },
  ];
  assert.deepEqual(agentProcessOf(chain, '/opt/guard/bin/guard'), { pid: 12, startTime: '3', name: 'claude' });
  assert.equal(agentProcessOf(tree('bash', 'zsh'), null), null, 'nothing but shells up to init');
  // A portable project hook runs guard through npx: npx is not the agent either.
  const npx: ProcessInfo[] = [{ pid: 20, ppid: 12, startTime: '6', name: 'node', argv: ['node', '/usr/bin/npx', '--no-install', 'guard', 'hook', 'claude'] }, ...chain.slice(1)];
  assert.equal(agentProcessOf(npx, null)?.name, 'claude');
  // An agent whose arguments mention guard is still the agent.
  const mentions: ProcessInfo[] = [chain[0]!, chain[1]!, { pid: 12, ppid: 13, startTime: '3', name: 'node', argv: ['node', '/opt/agent.js', '/opt/guard/bin/guard'] }];
  assert.equal(agentProcessOf(mentions, '/opt/guard/bin/guard')?.pid, 12);
});

test('a pty the agent opened is still inside its tree; a reused pid is not the agent', () => {
  const agent = { pid: 102, startTime: '1002', name: 'claude' };
  // guard approve ← bash ← script ← claude
  assert.deepEqual(agentAmong(tree('bash', 'script', 'claude', 'bash'), [agent]), agent);
  assert.equal(agentAmong(tree('bash', 'sshd'), [agent]), null);
  const reused = tree('bash', 'script', 'claude').map((p) => ({ ...p, startTime: '9' }));
  assert.equal(agentAmong(reused, [agent]), null);
});

test('a shell an agent harness started (markers in its initial environment) marks the tree as the agent\'s', () => {
  const chain = tree('bash', 'script', 'sh', 'node').map((p, i) => (i === 2 ? { ...p, agentEnvironment: true } : p));
  assert.equal(agentStartedAncestor(chain)?.name, 'sh');
  assert.equal(agentStartedAncestor(tree('bash', 'sshd')), null);
});

test('this test process can read its own ancestry (the real /proc or ps)', () => {
  const chain = readAncestry();
  assert.ok(chain.length > 0);
  assert.equal(chain[0]?.pid, process.ppid);
  assert.ok(chain.every((p) => p.startTime.length > 0));
});
