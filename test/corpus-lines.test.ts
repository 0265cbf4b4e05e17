// The shell-line corpus by intent: every line in lines/must-block.json must not be allowed, every must-allow line must be.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findTool } from '../src/tools/registry.js';
import { assessShellLine } from '../src/shell/assess.js';
import type { LineAssessment } from '../src/shell/model.js';
import { buildWorld } from './support/world.js';

interface Row {
  readonly line: string;
  readonly note: string;
  readonly env?: Record<string, string>;
  readonly files?: Record<string, string>;
  readonly agent?: boolean;
  /** A tool other helpers are adding now: the row is skipped until the catalogue has it. */
  readonly pendingTool?: string;
  readonly expectDecision?: 'confirm' | 'deny';
}

function rows(name: string): Row[] {
  return JSON.parse(readFileSync(`test/corpus/lines/${name}.json`, 'utf8')) as Row[];
}

async function assessRow(row: Row): Promise<LineAssessment> {
  const world = buildWorld({ offline: true, agent: row.agent ?? false, ...(row.env ? { env: row.env } : {}), ...(row.files ? { files: row.files } : {}) });
  try {
    return await assessShellLine(row.line, world.ctx);
  } finally {
    world.cleanup();
  }
}

function explain(result: LineAssessment): string {
  return JSON.stringify({
    risk: result.risk,
    decision: result.decision,
    problems: result.problems,
    commands: result.commands.map(({ command, assessment }) => ({ argv: command.argv, via: command.via, risk: assessment.analysis.risk, unknowns: command.unknowns })),
  });
}

async function pending(row: Row): Promise<string | null> {
  if (!row.pendingTool) return null;
  return (await findTool(row.pendingTool)) ? null : `${row.pendingTool} is not in the catalogue yet`;
}

test('the line corpus has no duplicate rows', () => {
  for (const name of ['must-block', 'must-allow']) {
    const seen = new Set<string>();
    for (const row of rows(name)) {
      const key = JSON.stringify([row.line, row.files ?? null, row.env ?? null, row.agent ?? false]);
      assert.ok(!seen.has(key), `${name}: duplicate ${JSON.stringify(row.line)}`);
      seen.add(key);
    }
  }
});

for (const row of rows('must-block')) {
  test(`lines must-block: ${row.note}`, async (t) => {
    const skip = await pending(row);
    if (skip) return t.skip(skip);
    const result = await assessRow(row);
    assert.ok(result.risk === 'destructive' || result.risk === 'unknown', `risk ${result.risk}: ${explain(result)}`);
    assert.notEqual(result.decision, 'allow', explain(result));
    if (row.expectDecision) assert.equal(result.decision, row.expectDecision, explain(result));
  });
}

for (const row of rows('must-allow')) {
  test(`lines must-allow: ${row.note}`, async (t) => {
    const skip = await pending(row);
    if (skip) return t.skip(skip);
    const result = await assessRow(row);
    assert.equal(result.decision, 'allow', explain(result));
    assert.deepEqual(result.problems, []);
  });
}
