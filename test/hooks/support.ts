// A stand-in for the shell-line engine (a table of lines → commands) and the recorded payloads, for hook tests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assess } from '../../src/core/pipeline.js';
import { maxRisk, strictestDecision } from '../../src/core/risk.js';
import type { LineAssessor } from '../../src/hooks/model.js';
import type { CommandAssessment, LineCommand } from '../../src/shell/model.js';

/** Compiled tests run from dist/ (or a private out dir): the fixtures stay in the source tree. */
function fixturesDir(): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      if (existsSync(join(dir, 'test', 'hooks', 'fixtures', 'SOURCES.md'))) return join(dir, 'test', 'hooks', 'fixtures');
      dir = dirname(dir);
    }
  }
  throw new Error('hook fixtures not found: run the tests from the repository');
}

export const FIXTURES = fixturesDir();

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, `${name}.json`));
}

export interface StubCommand {
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
  /** Relative to the line's cwd. */
  readonly cwd?: string;
}

/** What the real engine would extract from each line the tests use; any other line is a test bug. */
export const STUB_LINES: Readonly<Record<string, readonly StubCommand[]>> = {
  'ls -la': [{ argv: ['ls', '-la'] }],
  'cd app && RAILWAY_TOKEN=x railway volume -e production delete -v pg-data --yes': [
    { argv: ['cd', 'app'] },
    { argv: ['railway', 'volume', '-e', 'production', 'delete', '-v', 'pg-data', '--yes'], env: { RAILWAY_TOKEN: 'x' }, cwd: 'app' },
  ],
  "psql -X -h localhost -c 'DROP TABLE orders'": [{ argv: ['psql', '-X', '-h', 'localhost', '-c', 'DROP TABLE orders'] }],
  'railway volume delete -v pg-data --yes': [{ argv: ['railway', 'volume', 'delete', '-v', 'pg-data', '--yes'] }],
};

export const stubAssessor: LineAssessor = async (line, ctx) => {
  const commands = STUB_LINES[line];
  if (!commands) throw new Error(`stub engine: no entry for ${JSON.stringify(line)}`);
  const assessed: CommandAssessment[] = [];
  for (const spec of commands) {
    const cwd = spec.cwd ? join(ctx.cwd, spec.cwd) : ctx.cwd;
    const command: LineCommand = { argv: spec.argv, env: spec.env ?? {}, cwd, origin: { line: 1, column: 1, text: spec.argv.join(' ') }, via: [], unknowns: [] };
    assessed.push({ command, assessment: await assess(spec.argv, { ...ctx, cwd, env: { ...ctx.env, ...spec.env } }) });
  }
  return {
    line,
    risk: maxRisk(...assessed.map((c) => c.assessment.analysis.risk)),
    decision: strictestDecision(...assessed.map((c) => c.assessment.verdict.decision)),
    commands: assessed,
    problems: [],
  };
};
