// guard scan's outputs: human, JSON, GitHub annotations, and SARIF 2.1.0 validated against the OASIS schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import type { Finding, ScanResult } from '../../src/scan/model.js';
import { renderGithub, renderHuman, renderJson } from '../../src/scan/render.js';
import { SCAN_RULES } from '../../src/scan/rules.js';
import { renderSarif } from '../../src/scan/sarif.js';
import { loadAllTools } from '../../src/tools/registry.js';

const require = createRequire(import.meta.url);

const finding = (over: Partial<Finding>): Finding => ({
  kind: 'command',
  file: 'ops/reset db.sh',
  line: 3,
  column: 5,
  command: "psql -h db.prod.internal -c 'DROP TABLE orders'",
  rules: [{ id: 'psql/drop-table', risk: 'destructive', summary: 'DROP TABLE orders' }],
  risk: 'destructive',
  environment: { name: 'production', protected: true, source: 'default: host name' },
  decision: 'confirm',
  context: 'script',
  reasons: [],
  ...over,
});

const RESULT: ScanResult = {
  version: 1,
  failOn: 'destructive',
  offline: true,
  files: ['ops/reset db.sh', 'db/0002.sql'],
  findings: [
    finding({}),
    finding({ file: 'db/0002.sql', line: 7, column: 1, command: 'TRUNCATE orders', rules: [{ id: 'psql/truncate', risk: 'destructive', summary: 'TRUNCATE orders' }], environment: null, suppressed: { line: 6, reason: 'fixture table, reseeded' } }),
    finding({ file: 'db/0002.sql', line: 9, command: 'INSERT INTO t', rules: [{ id: 'psql/write', risk: 'write', summary: 'INSERT INTO t' }], risk: 'write', decision: 'allow', environment: null }),
    finding({ kind: 'suppression', line: 1, column: 3, command: 'guard: allow x/y -- old', rules: [{ id: 'scan/unused-suppression', risk: 'none', summary: 'matches nothing' }], risk: 'none', decision: 'allow', environment: null }),
  ],
  summary: { files: 2, findings: 3, suppressed: 1, failing: 1 },
};

test('human output: location, verdict, rule, command, environment and a summary line', () => {
  const text = renderHuman(RESULT);
  assert.match(text, /^ops\/reset db\.sh:3:5 {2}FAIL {2}DESTRUCTIVE {2}psql\/drop-table$/m);
  assert.match(text, /environment production \(protected\); guard would ask for confirmation/);
  assert.match(text, /^db\/0002\.sql:7:1 {2}allowed .*\n.*\n.*\n.*allowed by the comment on line 6: fixture table, reseeded/m);
  assert.match(text, /^db\/0002\.sql:9:5 {2}note {2}WRITE/m);
  assert.match(text, /2 files, 3 findings, 1 allowed by comments; 1 at or above the threshold \(destructive or unknown\): failing\.\n$/);
});

test('JSON output is the ScanResult itself', () => {
  assert.deepEqual(JSON.parse(renderJson(RESULT)), JSON.parse(JSON.stringify(RESULT)));
});

test('GitHub output: ::error for failing findings, ::warning for the rest, escaped, suppressed ones silent', () => {
  const lines = renderGithub(RESULT).trimEnd().split('\n');
  assert.deepEqual(lines, [
    "::error file=ops/reset db.sh,line=3,col=5,title=guard%3A destructive (psql/drop-table)::psql -h db.prod.internal -c 'DROP TABLE orders' — DROP TABLE orders — environment: production",
    '::warning file=db/0002.sql,line=9,col=5,title=guard%3A write (psql/write)::INSERT INTO t',
    '::warning file=ops/reset db.sh,line=1,col=3,title=guard%3A suppression (scan/unused-suppression)::guard: allow x/y -- old — matches nothing',
  ]);
  const tricky = renderGithub({ ...RESULT, findings: [finding({ file: 'a,b:c.sh', command: 'x\ny%' })] });
  assert.match(tricky, /file=a%2Cb%3Ac\.sh,.*::x%0Ay%25 — /);
});

test('SARIF output validates against the SARIF 2.1.0 schema and carries the catalogue as rules', async () => {
  const rules = [...(await loadAllTools()).flatMap((tool) => Object.values(tool.rules)), ...Object.values(SCAN_RULES)];
  const log = JSON.parse(renderSarif(RESULT, rules, '0.1.0')) as {
    version: string;
    runs: { tool: { driver: { rules: { id: string; help: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; suppressions?: unknown[]; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
  };
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  // CommonJS default export; the schema's own `language` pattern is not valid with the u flag.
  const Ajv = AjvDraft04.default;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  const run = log.runs[0];
  assert.ok(run);
  const driverRules = run.tool.driver.rules;
  assert.ok(driverRules.some((rule) => rule.id === 'psql/drop-table' && rule.help.text.includes('guard: allow psql/drop-table')));
  assert.ok(driverRules.some((rule) => rule.id === 'scan/unused-suppression'));
  // Only the rules the results use are embedded, not the whole catalogue.
  assert.deepEqual(driverRules.map((rule) => rule.id).sort(), ['psql/drop-table', 'psql/truncate', 'psql/write', 'scan/unused-suppression']);
  assert.deepEqual(run.results.map((r) => [r.ruleId, driverRules[r.ruleIndex]?.id, r.level, Boolean(r.suppressions)]), [
    ['psql/drop-table', 'psql/drop-table', 'error', false],
    ['psql/truncate', 'psql/truncate', 'error', true],
    ['psql/write', 'psql/write', 'warning', false],
    ['scan/unused-suppression', 'scan/unused-suppression', 'warning', false],
  ]);
  assert.equal(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'ops/reset%20db.sh');
  assert.equal(run.results[0]?.locations[0]?.physicalLocation.region.startLine, 3);

  // The validator is not vacuous: a result without a message is rejected.
  const broken = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
  delete broken.runs[0]?.results[0]?.message;
  assert.equal(validate(broken), false);
});

test('SARIF: helpUri per rule, and fingerprints that survive a finding moving to another line', async () => {
  const rules = [...(await loadAllTools()).flatMap((tool) => Object.values(tool.rules)), ...Object.values(SCAN_RULES)];
  const render = (result: typeof RESULT) =>
    JSON.parse(renderSarif(result, rules, '0.1.0', (rule) => (rule.id.startsWith('psql/') ? `file:///guard/docs/tools/postgres.md#${rule.id.replace('/', '-')}` : undefined))) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[];
    };
  const log = render(RESULT);
  const driver = log.runs[0]?.tool.driver.rules ?? [];
  assert.equal(driver.find((rule) => rule.id === 'psql/drop-table')?.helpUri, 'file:///guard/docs/tools/postgres.md#psql-drop-table');
  assert.equal(driver.find((rule) => rule.id === 'scan/unused-suppression')?.helpUri, undefined);
  const first = log.runs[0]?.results[0]?.partialFingerprints['guardFinding/v1'];
  assert.match(first ?? '', /^[0-9a-f]{32}$/);
  const moved = render({ ...RESULT, findings: RESULT.findings.map((f, i) => (i === 0 ? { ...f, line: f.line + 10 } : f)) });
  assert.equal(moved.runs[0]?.results[0]?.partialFingerprints['guardFinding/v1'], first);
  const fingerprints = log.runs[0]?.results.map((r) => r.partialFingerprints['guardFinding/v1']) ?? [];
  assert.equal(new Set(fingerprints).size, fingerprints.length, 'distinct findings have distinct fingerprints');
});
