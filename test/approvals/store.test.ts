// The approvals store: deduplicated pending requests, one-time approvals bound to the exact key, expiring after 15 minutes.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { ApprovalKey, PendingRequest } from '../../src/approvals/model.js';
import { APPROVAL_TTL_MS, createApprovalStore, PENDING_TTL_MS } from '../../src/approvals/store.js';

let dir: string;
let clock: number;
const now = () => new Date(clock);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'guard-approvals-'));
  clock = Date.parse('2026-11-25T12:00:00Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEY: ApprovalKey = { kind: 'argv', command: ['psql', 'postgres://app:s3cret@db/shop', '-c', 'DROP TABLE orders'].join('\0'), cwd: '/srv/shop', targets: ['production/public.orders'] };

function request(key: ApprovalKey = KEY): Omit<PendingRequest, 'id' | 'createdAt'> {
  return { key, display: 'psql postgres://app:***@db/shop -c DROP TABLE orders', risk: 'destructive', environment: 'production', blastRadius: ['48,213 rows'], phrase: 'production/orders', requester: 'claude' };
}

test('the same request is recorded once, with a stable id; files are private and hold no secret', () => {
  const store = createApprovalStore(dir, now);
  const a = store.recordPending(request());
  clock += 1000;
  const b = store.recordPending(request());
  assert.equal(a.id, b.id);
  assert.equal(store.listPending().length, 1);
  const other = store.recordPending(request({ ...KEY, cwd: '/elsewhere' }));
  assert.notEqual(other.id, a.id);
  assert.equal(store.listPending().length, 2);
  for (const name of readdirSync(join(dir, 'approvals'))) {
    assert.equal(statSync(join(dir, 'approvals', name)).mode & 0o777, 0o600, name);
    assert.ok(!readFileSync(join(dir, 'approvals', name), 'utf8').includes('s3cret'), `${name} stores the secret`);
  }
  assert.equal(statSync(join(dir, 'approvals')).mode & 0o777, 0o700);
});

test('an approval is used once, then never again', () => {
  const store = createApprovalStore(dir, now);
  const pending = store.recordPending(request());
  assert.equal(store.consume(KEY), null, 'nothing is approved before a human approves');
  store.approve(pending.id);
  assert.equal(store.listPending().length, 0, 'an approved request is no longer pending');
  assert.equal(store.consume(KEY)?.requestId, pending.id);
  assert.equal(store.consume(KEY), null);
});

test('an approval expires after 15 minutes', () => {
  const store = createApprovalStore(dir, now);
  store.approve(store.recordPending(request()).id);
  clock += APPROVAL_TTL_MS + 1;
  assert.equal(store.consume(KEY), null);
});

test('an approval still works just before it expires', () => {
  const store = createApprovalStore(dir, now);
  store.approve(store.recordPending(request()).id);
  clock += APPROVAL_TTL_MS - 1000;
  assert.ok(store.consume(KEY));
});

test('a changed target, command or directory voids the approval', () => {
  const store = createApprovalStore(dir, now);
  store.approve(store.recordPending(request()).id);
  for (const changed of [
    { ...KEY, targets: ['staging/public.orders'] },
    { ...KEY, targets: ['production/public.orders', 'production/public.items'] },
    { ...KEY, command: `${KEY.command} CASCADE` },
    { ...KEY, cwd: '/srv/other' },
    { ...KEY, kind: 'line' as const },
  ]) {
    assert.equal(store.consume(changed), null, JSON.stringify(changed));
  }
  assert.ok(store.consume(KEY), 'the exact key still matches');
});

test('approving something that is not pending fails', () => {
  const store = createApprovalStore(dir, now);
  assert.throws(() => store.approve('0123456789'), /no pending request/);
});

test('old pending requests are dropped; damaged files are ignored, never trusted', () => {
  const store = createApprovalStore(dir, now);
  store.recordPending(request());
  writeFileSync(join(dir, 'approvals', 'approved-evil.json'), '{"key": ');
  writeFileSync(join(dir, 'approvals', 'pending-evil.json'), 'not json');
  assert.equal(store.listPending().length, 1);
  assert.equal(store.consume(KEY), null);
  clock += PENDING_TTL_MS + 1;
  assert.equal(store.listPending().length, 0);
});

test('two stores racing for one approval: exactly one wins', () => {
  const first = createApprovalStore(dir, now);
  const second = createApprovalStore(dir, now);
  first.approve(first.recordPending(request()).id);
  const wins = [first.consume(KEY), second.consume(KEY)].filter((a) => a !== null);
  assert.equal(wins.length, 1);
});
