// Property tests: classification never throws, and a destructive statement is never hidden among reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifySqlText, riskOfAnalysis, analysePsqlInputs } from '../../../src/tools/postgres/analyse.js';
import { psqlRules, type PsqlRuleKey } from '../../../src/tools/postgres/rules.js';

const reads = ['SELECT 1', "SELECT 'DROP TABLE x'", 'SELECT * FROM deleted_users', 'SHOW work_mem', 'SET search_path = app', 'EXPLAIN DELETE FROM t', 'BEGIN', 'COMMIT', "SELECT $$TRUNCATE t$$", 'SELECT "drop table"'];
const destructive = ['DROP TABLE users', 'DROP/**/TABLE users', 'TRUNCATE orders', 'DELETE FROM t', 'delete from "Users" where true', 'DELETE FROM t WHERE 1=1', 'WITH d AS (DELETE FROM t RETURNING *) SELECT 1', 'DROP SCHEMA s CASCADE', 'UPDATE t SET a = 1'];
const separator = fc.constantFrom(' ', '\n', '\t', ' /* c; */ ', '\n-- DROP TABLE z;\n', '  \n\n');

const randomCase = (s: string, flips: boolean[]): string => {
  // Only change case outside quotes so identifiers like "Users" stay what they are.
  let inQuote = false;
  return [...s].map((ch, i) => {
    if (ch === '"' || ch === "'") inQuote = !inQuote;
    return !inQuote && flips[i % flips.length] ? (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) : ch;
  }).join('');
};

test('classification never throws on arbitrary text or bytes', async () => {
  await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
    const findings = await classifySqlText(text);
    for (const f of findings) assert.ok(psqlRules[f.rule as PsqlRuleKey]);
  }), { numRuns: 300 });
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
    const analysis = await analysePsqlInputs([{ kind: 'stdin' }], {
      variables: {}, cwd: '/', openFile: () => { throw new Error('no files'); },
      openStdin: () => (async function* () { yield Buffer.from(bytes); })(),
    });
    assert.ok(analysis.statementCount >= 0);
  }), { numRuns: 300 });
});

test('a destructive statement among reads is never read', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.constantFrom(...reads), { maxLength: 6 }),
    fc.constantFrom(...destructive),
    fc.nat(),
    separator,
    fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
    async (before, bad, position, sep, flips) => {
      const statements = [...before];
      statements.splice(position % (statements.length + 1), 0, bad);
      const script = statements.map((s) => randomCase(s, flips)).join(`;${sep}`) + ';';
      const analysis = await analysePsqlInputs([{ kind: 'stdin' }], {
        variables: {}, cwd: '/', openFile: () => { throw new Error('no files'); },
        openStdin: () => (async function* () { yield Buffer.from(script); })(),
      });
      assert.equal(riskOfAnalysis(analysis), 'destructive', script);
    },
  ), { numRuns: 300 });
});
