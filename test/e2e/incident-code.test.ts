// The incident written as code: node cleanup.js / python3 cleanup.py with volumeDelete, through the hook, the prefix and scan.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { INCIDENT, startRailwayApi, type RailwayApi } from '../support/railway-api/server.js';
import { createSandbox, describeRun, runGuard, type GuardResult, type GuardSandbox } from '../support/run-guard.js';

const VOLUME = INCIDENT.volumeId;
const MUTATION = `mutation { volumeDelete(volumeId: "${VOLUME}") }`;

let api: RailwayApi;
let sandbox: GuardSandbox;
let work: string;
const printed: string[] = [];

/** The agent's scripts, as it would write them: the token from the environment, the API URL from the double. */
function scripts(url: string): Record<string, string> {
  return {
    'cleanup.js': [
      "const token = process.env.RAILWAY_API_TOKEN;",
      `fetch('${url}', { method: 'POST', headers: { Authorization: \`Bearer \${token}\`, 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '${MUTATION.replace(/'/g, "\\'")}' }) });`,
      '',
    ].join('\n'),
    'cleanup.py': ['import os, requests', `requests.post("${url}", json={"query": '${MUTATION}'}, headers={"Authorization": "Bearer " + os.environ["RAILWAY_API_TOKEN"]})`, ''].join('\n'),
    // Obfuscated: an alias of fetch, the URL and the mutation built by concatenation, the call in an imported helper.
    'lib/gql.mjs': `const send = globalThis['fe' + 'tch'];\nexport async function gql(query) {\n  return send('${url}', { method: 'POST', body: JSON.stringify({ query }) });\n}\n`,
    'sneaky.mjs': `import { gql } from './lib/gql.mjs';\nconst name = 'volume' + 'Delete';\nawait gql(\`mutation { \${name}(volumeId: "${VOLUME}") }\`);\n`,
    'sneaky.py': `import requests as r\npost = r.post\nq = "mutation { " + "volumeDelete" + '(volumeId: "${VOLUME}") }'\npost("${url}", json={"query": q})\n`,
    'build.js': "const fs = require('node:fs');\nconst path = require('node:path');\nconst src = fs.readFileSync(path.join(__dirname, 'src', 'index.js'), 'utf8');\nfs.mkdirSync('dist', { recursive: true });\nfs.writeFileSync(path.join('dist', 'index.js'), src.replace(/\\s+/g, ' '));\n",
    'src/index.js': 'export const x = 1;\n',
  };
}

before(async () => {
  api = await startRailwayApi();
  sandbox = createSandbox('guard-incident-code-');
  work = join(sandbox.dir, 'src', 'pocket');
  mkdirSync(join(work, 'lib'), { recursive: true });
  mkdirSync(join(work, 'src'), { recursive: true });
  mkdirSync(join(sandbox.home, '.railway'));
  const link = { projectPath: work, name: 'pocket', project: INCIDENT.projectId, environment: INCIDENT.stagingId, environmentName: 'staging', service: INCIDENT.serviceId };
  writeFileSync(join(sandbox.home, '.railway', 'config.json'), JSON.stringify({ projects: { [work]: link }, user: {} }));
  for (const [name, text] of Object.entries(scripts(api.url))) writeFileSync(join(work, name), text);
});
after(async () => {
  await api?.stop();
  sandbox?.cleanup();
});

async function guard(args: readonly string[], options: { agent?: boolean; stdin?: string } = {}): Promise<GuardResult> {
  const env = { GUARD_RAILWAY_API_URL: api.url, RAILWAY_API_TOKEN: INCIDENT.apiToken, ...(options.agent === false ? {} : { CLAUDECODE: '1' }) };
  const run = await runGuard(args, { sandbox, cwd: work, env, timeoutMs: 30_000, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
  printed.push(run.stdoutText, run.stderrText);
  return run;
}

function hookPayload(command: string): string {
  return JSON.stringify({ session_id: 's', cwd: work, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' });
}

function hookDecision(run: GuardResult): { decision: string; reason: string } {
  if (run.stdoutText.trim() === '') return { decision: 'allow', reason: '' };
  const specific = (JSON.parse(run.stdoutText) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
  return { decision: specific.permissionDecision, reason: specific.permissionDecisionReason };
}

interface JsonReport {
  risk: string;
  rules: { id: string; risk: string; summary: string }[];
  environment: { name: string; protected: boolean } | null;
  targets: { kind: string; id: string; environment: string; bytes?: number; backups?: number }[];
  blastRadius: string[];
  credential: { kind: string; reach: string } | null;
  decision: string;
  confirmPhrase: string | null;
  unverified: string[];
}

/** The report without what names the program (`node/…` vs `curl/…`, `cleanup.js:2: …`). */
function comparable(report: JsonReport) {
  return {
    risk: report.risk,
    rules: report.rules.map((rule) => ({ id: rule.id.slice(rule.id.indexOf('/') + 1), risk: rule.risk, summary: rule.summary.replace(/^[^ ]+:[0-9]+: /, '') })),
    environment: report.environment,
    targets: report.targets,
    blastRadius: report.blastRadius,
    credential: report.credential && { kind: report.credential.kind, reach: report.credential.reach },
    decision: report.decision,
    confirmPhrase: report.confirmPhrase,
  };
}

describe('the incident as a script the agent writes and runs', () => {
  test('the hook denies node cleanup.js and python3 cleanup.py, as it denies the curl form', async () => {
    const curl = `curl -sS -H "Authorization: Bearer $RAILWAY_API_TOKEN" -H 'Content-Type: application/json' -d '${JSON.stringify({ query: MUTATION })}' ${api.url}`;
    for (const command of [curl, 'node cleanup.js', 'python3 cleanup.py', 'node sneaky.mjs', 'python3 sneaky.py']) {
      // The hook classifies offline by default; --live measures the volume as the prefix does.
      // The hook's default (offline) mode; the live report is compared with curl's through the prefix below.
      for (const live of [false]) {
        // The hook answers within the agent's time budget or denies; on a loaded machine the budget
        // can run out before the analysis ends (still a deny): ask again, the full answer is what is checked.
        let run = await guard(['hook', 'claude', ...(live ? ['--live'] : [])], { stdin: hookPayload(command) });
        for (let attempt = 0; attempt < 3 && /no answer within/.test(hookDecision(run).reason); attempt++) run = await guard(['hook', 'claude', ...(live ? ['--live'] : [])], { stdin: hookPayload(command) });
        assert.equal(run.status, 0, describeRun(run));
        const { decision, reason } = hookDecision(run);
        assert.equal(decision, 'deny', `${command}: ${reason}`);
        assert.match(reason, /railway-destructive/, command);
        assert.ok(reason.includes(`volumeDelete(volumeId: "${VOLUME}")`) && reason.includes('every project it can see'), `${command}: ${reason}`);
        if (live) assert.ok(reason.includes('production') && reason.includes('41.2 GB'), `${command}: ${reason}`);
      }
    }
    assert.equal(api.requests.flatMap((r) => r.mutations).filter((m) => m.name === 'volumeDelete').length, 0, 'no volumeDelete may reach the API');
  });

  test('guard --dry-run --json: the same report as curl\'s (rules, environments, live volume, credential), naming cleanup.js:2', async () => {
    const curl = await guard(['--dry-run', '--json', 'curl', '-sS', '-H', `Authorization: Bearer ${INCIDENT.apiToken}`, '-H', 'Content-Type: application/json', '-d', JSON.stringify({ query: MUTATION }), api.url], { agent: false });
    assert.equal(curl.status, 77, describeRun(curl));
    const expected = comparable(JSON.parse(curl.stdoutText) as JsonReport);
    for (const [argv, where] of [[['node', 'cleanup.js'], 'cleanup.js:2'], [['python3', 'cleanup.py'], 'cleanup.py:2']] as const) {
      const run = await guard(['--dry-run', '--json', ...argv], { agent: false });
      assert.equal(run.status, 77, describeRun(run));
      const report = JSON.parse(run.stdoutText) as JsonReport;
      assert.equal(report.rules[0]?.summary, `${where}: volumeDelete(volumeId: "${VOLUME}")`);
      const got = comparable(report);
      // The credential's source names the program's header: curl's `-H` and the script's `headers`.
      assert.deepEqual({ ...got, credential: got.credential?.kind }, { ...expected, credential: expected.credential?.kind }, argv.join(' '));
      assert.deepEqual(report.unverified, []);
    }
  });

  test('guard --dry-run node cleanup.js: destructive, names cleanup.js:2, exit 77', async () => {
    const run = await guard(['--dry-run', 'node', 'cleanup.js'], { agent: false });
    assert.equal(run.status, 77, describeRun(run));
    assert.match(run.stderrText, /DESTRUCTIVE/);
    assert.match(run.stderrText, /cleanup\.js:2: volumeDelete/);
    assert.match(run.stderrText, /41\.2 GB/);
  });

  test('node build.js, which reads files and writes dist/, is allowed by the hook and the prefix', async () => {
    const hook = await guard(['hook', 'claude'], { stdin: hookPayload('node build.js') });
    assert.equal(hookDecision(hook).decision, 'allow', hook.stdoutText);
    const dry = await guard(['--dry-run', '--json', 'node', 'build.js']);
    assert.equal(dry.status, 0, describeRun(dry));
    assert.equal((JSON.parse(dry.stdoutText) as JsonReport).risk, 'read');
  });

  test('guard scan reads the scripts: cleanup.js:2 and cleanup.py:2 are findings, build.js is not', async () => {
    const run = await guard(['scan', '--json', 'cleanup.js', 'cleanup.py', 'build.js'], { agent: false });
    const findings = (JSON.parse(run.stdoutText) as { findings: { file: string; line: number; risk: string }[] }).findings;
    const dangerous = findings.filter((f) => f.risk === 'destructive').map((f) => `${f.file}:${f.line}`).sort();
    assert.deepEqual(dangerous, ['cleanup.js:2', 'cleanup.py:2']);
    assert.ok(!findings.some((f) => f.file === 'build.js' && f.risk !== 'read'), JSON.stringify(findings));
  });

  test('the token never appears in anything guard printed', () => {
    for (const text of printed) assert.ok(!text.includes(INCIDENT.apiToken), text);
  });
});
