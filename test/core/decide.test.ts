// The policy table of DESIGN.md, row by row, and the rules that only tighten it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmPhrase, decide } from '../../src/core/decide.js';
import { isProtectedName } from '../../src/core/environment.js';
import type { Risk } from '../../src/core/risk.js';
import type { Analysis, EnvironmentFacts } from '../../src/core/types.js';
import { psqlRules } from '../../src/tools/postgres/rules.js';

const PROD: EnvironmentFacts = { name: 'production', protected: true, source: 'test' };
const STAGING: EnvironmentFacts = { name: 'staging', protected: false, source: 'test' };

function analysis(risk: Risk, environment: EnvironmentFacts | null, extra: Partial<Analysis> = {}): Analysis {
  return {
    tool: 'psql',
    risk,
    hits: risk === 'destructive' ? [{ rule: psqlRules['drop-table'], summary: 'DROP TABLE orders' }] : [],
    environment,
    targets: [{ kind: 'table', id: 'public.orders', name: 'orders', environment: environment?.name ?? 'unknown' }],
    blastRadius: [],
    credential: null,
    recovery: null,
    unverified: [],
    notes: [],
    ...extra,
  };
}

const TABLE: [Risk, EnvironmentFacts | null, boolean, string][] = [
  ['none', PROD, false, 'allow'],
  ['read', PROD, true, 'allow'],
  ['write', PROD, true, 'allow'],
  ['write', STAGING, false, 'allow'],
  ['destructive', STAGING, false, 'confirm'],
  ['destructive', STAGING, true, 'confirm'],
  ['destructive', PROD, false, 'confirm'],
  ['destructive', PROD, true, 'deny'],
  ['unknown', STAGING, false, 'confirm'],
  ['unknown', PROD, true, 'deny'],
  ['unknown', { name: 'unknown', protected: true, source: 'unresolved' }, true, 'deny'],
];

for (const [risk, env, agent, expected] of TABLE) {
  test(`${risk} in ${env?.name ?? 'nothing'} by ${agent ? 'an agent' : 'a human'} → ${expected}`, () => {
    assert.equal(decide({ analysis: analysis(risk, env), agent, policy: {} }).decision, expected);
  });
}

test('the phrase names the resolved environment and target, never for a denied agent', () => {
  assert.equal(confirmPhrase(analysis('destructive', PROD)), 'production/orders');
  assert.equal(decide({ analysis: analysis('destructive', PROD), agent: false, policy: {} }).confirmPhrase, 'production/orders');
  assert.equal(decide({ analysis: analysis('destructive', PROD), agent: true, policy: {} }).confirmPhrase, null);
  const agentStaging = decide({ analysis: analysis('destructive', STAGING), agent: true, policy: {} });
  assert.equal(agentStaging.confirmPhrase, null);
  assert.equal(agentStaging.expectedPhrase, 'staging/orders');
});

test('unverified facts make an unprotected environment count as protected for dangerous risks', () => {
  const verdict = decide({ analysis: analysis('destructive', STAGING, { unverified: ['could not connect'] }), agent: true, policy: {} });
  assert.equal(verdict.decision, 'deny');
  assert.ok(verdict.reasons.some((r) => r.includes('could not connect')));
});

test('policy can tighten but never loosen', () => {
  assert.equal(decide({ analysis: analysis('write', PROD), agent: false, policy: { writeInProtected: 'confirm' } }).decision, 'confirm');
  assert.equal(decide({ analysis: analysis('destructive', PROD), agent: false, policy: { rules: { 'psql/drop-table': 'allow' } } }).decision, 'confirm');
  assert.equal(decide({ analysis: analysis('destructive', STAGING), agent: false, policy: { rules: { 'psql/drop-table': 'deny' } } }).decision, 'deny');
});

test('an agent may not open an interactive session in a protected environment', () => {
  assert.equal(decide({ analysis: analysis('write', PROD, { interactive: true }), agent: true, policy: {} }).decision, 'deny');
  assert.equal(decide({ analysis: analysis('write', PROD, { interactive: true }), agent: false, policy: {} }).decision, 'allow');
});

test('protected names: production, prod, prd, live and prod as a word part, not nonprod', () => {
  for (const name of ['production', 'prod', 'PRD', 'live', 'prod-eu', 'gke_acme_prod', 'preprod', 'eu1-prod2', 'unknown']) assert.ok(isProtectedName(name), name);
  for (const name of ['nonprod', 'staging', 'dev', 'local', 'product-catalog', 'delivery', 'olive']) assert.ok(!isProtectedName(name), name);
});
