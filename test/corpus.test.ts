// The cross-tool corpus by intent: each JSON row is a command that must block, allow, or not crash.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assess } from '../src/core/pipeline.js';
import { DECISIONS, RISKS } from '../src/core/risk.js';
import { buildWorld } from './support/world.js';

interface Row {
  argv: string[];
  stdin?: string;
  env?: Record<string, string>;
  files?: Record<string, string>;
  agent?: boolean;
  note: string;
}

function rows(name: string): Row[] {
  return JSON.parse(readFileSync(`test/corpus/${name}.json`, 'utf8')) as Row[];
}

async function run(row: Row) {
  const world = buildWorld({ offline: true, agent: row.agent ?? false, ...(row.stdin !== undefined ? { stdin: row.stdin } : {}), ...(row.env ? { env: row.env } : {}), ...(row.files ? { files: row.files } : {}) });
  try {
    return await assess(row.argv, world.ctx);
  } finally {
    world.cleanup();
  }
}

for (const name of ['must-block', 'bypass-attempts']) {
  for (const row of rows(name)) {
    test(`${name}: ${row.note}`, async () => {
      const { analysis, verdict } = await run(row);
      assert.ok(analysis.risk === 'destructive' || analysis.risk === 'unknown', `risk ${analysis.risk} for ${JSON.stringify(row.argv)}`);
      assert.notEqual(verdict.decision, 'allow');
      if (row.agent) assert.equal(verdict.confirmPhrase, null, 'no phrase for agents');
    });
  }
}

for (const row of rows('must-allow')) {
  test(`must-allow: ${row.note}`, async () => {
    const { analysis, verdict } = await run(row);
    assert.equal(verdict.decision, 'allow', `risk ${analysis.risk}: ${analysis.hits.map((h) => h.rule.id).join(', ')}`);
  });
}

for (const row of rows('must-not-crash')) {
  test(`must-not-crash: ${row.note}`, async () => {
    const { analysis, verdict } = await run(row);
    assert.ok(RISKS.includes(analysis.risk));
    assert.ok(DECISIONS.includes(verdict.decision));
    // Whatever guard could not read must never come out as harmless.
    if (analysis.hits.some((h) => h.rule.risk === 'unknown')) assert.notEqual(verdict.decision, 'allow');
  });
}
