// Inline code and programs on stdin, assessed as a line: the code readers decide, not a word search.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessShellLine } from '../../src/shell/assess.js';
import type { Risk } from '../../src/core/risk.js';
import { buildWorld } from '../support/world.js';

const ROWS: readonly { readonly line: string; readonly risk: Risk; readonly files?: Record<string, string> }[] = [
  { line: `python -c "import os; os.system('ls')"`, risk: 'read' },
  { line: `python -c "import os; os.system('railway down -y')"`, risk: 'destructive' },
  { line: `python3 -Ic 'import urllib.request'`, risk: 'read' },
  { line: `node --eval="fetch('https://x')"`, risk: 'read' },
  { line: `node --eval="fetch('https://x/api/ns/prod', {method: 'DELETE'})"`, risk: 'destructive' },
  { line: `echo 'import os; os.system("railway down -y")' | python3`, risk: 'destructive' },
  { line: `echo 'print(1)' | python3 -`, risk: 'read' },
  { line: `python3 < job.py`, risk: 'unknown' },
  { line: `python3 < job.py`, risk: 'destructive', files: { 'job.py': 'import subprocess\nsubprocess.run(["dropdb", "shop"])\n' } },
  { line: `python3 -c "$CODE"`, risk: 'unknown' },
  { line: `node --test`, risk: 'read' },
  { line: `node`, risk: 'unknown' },
  { line: `./cleanup.js`, risk: 'destructive', files: { 'cleanup.js': "#!/usr/bin/env node\nrequire('child_process').execSync('railway down -y');\n" } },
];

for (const row of ROWS) {
  test(`inline code: ${row.line}${row.files ? ' (with files)' : ''} → ${row.risk}`, async () => {
    const world = buildWorld({ offline: true, ...(row.files ? { files: row.files } : {}) });
    try {
      const result = await assessShellLine(row.line, world.ctx);
      assert.equal(result.risk, row.risk, JSON.stringify(result.commands.map((c) => [c.command.argv, c.assessment.analysis.risk, c.assessment.analysis.unverified])));
    } finally {
      world.cleanup();
    }
  });
}
