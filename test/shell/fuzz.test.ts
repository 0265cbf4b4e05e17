// Must not crash: random shell-like text always ends as commands or problems, never an exception or a hang.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyseShellLine } from '../../src/shell/analyse.js';

const TOKENS = ['railway', 'down', '-y', 'psql', '-c', 'sudo', 'env', '-S', 'bash', 'sh', '-c', 'xargs', 'find', '-exec', '\\;', '{}', 'eval', 'npx', 'make', 'timeout', '5',
  ' ', ' ', ' ', ';', '|', '&&', '||', '&', '(', ')', '{', '}', '$(', '`', '"', "'", '$', '${', 'IFS', '\\', '\n', '<<EOF\n', 'EOF', '<<<', '<', '>', '*', '?', '[', ']', '=', 'X', 'for', 'in', 'do', 'done', 'if', 'then', 'fi', 'case', 'esac', '!', '#', "$'\\x72'"];

test('random shell-like text never throws and never comes out empty-handed when broken', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), async (tokens) => {
      const text = tokens.join('');
      const result = await analyseShellLine(text, { cwd: '/tmp', env: { HOME: '/root' }, readFile: async () => { throw new Error('no files in this test'); } });
      assert.ok(Array.isArray(result.commands));
      for (const command of result.commands) assert.ok(command.argv.length > 0);
    }),
    { numRuns: 400 },
  );
});
