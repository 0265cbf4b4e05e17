// assessShellLine / assessShellScript: commands through the pipeline with their own cwd, env and stdin, combined fail-closed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessShellLine, assessShellScript } from '../../src/shell/assess.js';
import type { LineAssessment } from '../../src/shell/model.js';
import { buildWorld, type WorldSpec } from '../support/world.js';

async function line(text: string, spec: WorldSpec = {}): Promise<LineAssessment> {
  const world = buildWorld({ offline: true, ...spec });
  try {
    return await assessShellLine(text, world.ctx);
  } finally {
    world.cleanup();
  }
}

interface Row {
  readonly text: string;
  readonly spec?: WorldSpec;
  readonly risk: LineAssessment['risk'];
  readonly decision: LineAssessment['decision'];
  readonly note: string;
}

const ROWS: readonly Row[] = [
  { text: 'ls -la', spec: { agent: true }, risk: 'none', decision: 'allow', note: 'an unguarded command, for an agent' },
  { text: 'cd app && RAILWAY_TOKEN=x railway volume -e production delete -v pg-data --yes', spec: { agent: true, files: { 'app/.keep': '' } }, risk: 'destructive', decision: 'deny', note: 'issue 4 done-means' },
  { text: 'railway down -y', risk: 'destructive', decision: 'confirm', note: 'a human gets the prompt' },
  { text: 'PGHOST=db.prod.internal psql -c "DROP TABLE t"', spec: { agent: true }, risk: 'destructive', decision: 'deny', note: 'an assignment reaches the command env' },
  { text: 'export PGHOST=db.prod.internal; psql -c "DROP TABLE t"', spec: { agent: true }, risk: 'destructive', decision: 'deny', note: 'an exported variable reaches the command env' },
  { text: 'cd sql && psql -f drop.sql', spec: { files: { 'sql/drop.sql': 'DROP TABLE users;\n' } }, risk: 'destructive', decision: 'confirm', note: 'the command runs in the directory cd chose' },
  { text: 'psql < drop.sql', spec: { files: { 'drop.sql': 'DROP TABLE users;\n' } }, risk: 'destructive', decision: 'confirm', note: 'stdin from a file' },
  { text: "psql <<'SQL'\nSELECT 1;\nSQL", risk: 'read', decision: 'allow', note: 'a read in a heredoc' },
  { text: 'generate | psql', risk: 'unknown', decision: 'confirm', note: 'a payload guard cannot see, read by psql' },
  { text: 'generate | grep x', risk: 'none', decision: 'allow', note: 'a payload guard cannot see, read by an unguarded program' },
  { text: 'psql -c "select 1"', risk: 'read', decision: 'allow', note: 'the line stdin is not consulted by -c' },
  { text: 'psql', risk: 'unknown', decision: 'confirm', note: 'psql reading the line stdin guard cannot see' },
  { text: '$(which railway) down', spec: { agent: true }, risk: 'unknown', decision: 'deny', note: 'unknown name, agent' },
  { text: '$(which railway) down', risk: 'unknown', decision: 'confirm', note: 'unknown name, human' },
  { text: 'railway down "', risk: 'unknown', decision: 'deny', note: 'a line that does not parse is denied' },
  { text: 'psql < /dev/zero', risk: 'unknown', decision: 'confirm', note: 'stdin from a device is not read (it never ends)' },
  { text: 'bash /dev/zero', risk: 'unknown', decision: 'confirm', note: 'a device named as a script is not read' },
  { text: 'kubectl get ns; railway down -y', spec: { agent: true }, risk: 'destructive', decision: 'deny', note: 'the strictest command wins' },
];

for (const row of ROWS) {
  test(`assessShellLine: ${row.note}`, async () => {
    const result = await line(row.text, row.spec);
    const detail = JSON.stringify({ problems: result.problems, commands: result.commands.map((c) => [c.command.argv, c.assessment.analysis.risk, c.assessment.verdict.decision, c.command.unknowns]) });
    assert.equal(result.risk, row.risk, detail);
    assert.equal(result.decision, row.decision, detail);
    assert.equal(result.line, row.text);
  });
}

test('an agent is told a human must approve, with the blast radius, and no phrase', async () => {
  const result = await line('echo "DROP TABLE users" | psql -h db.prod.internal', { agent: true });
  const psql = result.commands.find((entry) => entry.command.argv[0] === 'psql');
  assert.ok(psql);
  assert.equal(psql.assessment.verdict.decision, 'deny');
  assert.equal(psql.assessment.report.confirmPhrase, null);
  assert.match(psql.assessment.verdict.reasons.join(' '), /guard approve/);
  assert.equal(psql.assessment.report.environment?.name, 'production');
});

test('what guard could not see is in the report as unverified', async () => {
  const result = await line('psql -c "$SQL"');
  const report = result.commands[0]?.assessment.report;
  assert.equal(report?.risk, 'unknown');
  assert.match(report?.unverified.join() ?? '', /\$SQL/);
});

test('assessShellScript: findings carry the file and line', async () => {
  const world = buildWorld({ offline: true });
  try {
    const result = await assessShellScript('#!/bin/sh\nset -e\nrailway status\nrailway down -y\n', world.ctx, { file: 'deploy.sh' });
    assert.equal(result.risk, 'destructive');
    const down = result.commands.find((entry) => entry.assessment.analysis.risk === 'destructive');
    assert.equal(down?.command.from, 'deploy.sh:4');
    assert.equal(down?.command.origin.line, 4);
  } finally {
    world.cleanup();
  }
});

test('an argument guard cannot see leaves the environment unresolved and protected, naming the variable', async () => {
  const assessed = await line('psql "$DATABASE_URL" -c "DROP TABLE orders"', { agent: true, env: {} });
  const analysis = assessed.commands[0]?.assessment.analysis;
  assert.equal(analysis?.environment?.name, 'unknown');
  assert.equal(analysis?.environment?.protected, true);
  assert.match(analysis?.environment?.source ?? '', /\$DATABASE_URL/);
  assert.ok(analysis?.targets.every((target) => target.environment === 'unknown'));
  assert.equal(assessed.decision, 'deny');
});

test('a protected environment stays itself when another word is unknown', async () => {
  const assessed = await line('psql -h db.prod.internal -c "DROP TABLE $TABLE"', { env: {} });
  const analysis = assessed.commands[0]?.assessment.analysis;
  assert.equal(analysis?.environment?.name, 'production');
});
