// The incident end to end through the real bin/guard: an agent, a staging link, a volume production shares.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createFakeBin, type FakeBin } from '../support/fake-bin.js';
import { describePty, runOnPty, type PtyRun } from '../support/pty.js';
import { INCIDENT, railwaySchemaPath, startRailwayApi, type RailwayApi } from '../support/railway-api/server.js';
import { createSandbox, describeRun, GUARD_BIN, guardEnv, runGuard, type GuardResult, type GuardSandbox } from '../support/run-guard.js';

assert.ok(existsSync(railwaySchemaPath()), 'vendor/railway/schema.json is missing');

const VOLUME = INCIDENT.volumeId;
const PHRASE = 'production/pg-data';
const DELETE = ['railway', 'volume', 'delete', '--volume', VOLUME, '--yes'];
const MUTATION = JSON.stringify({ query: `mutation { volumeDelete(volumeId: "${VOLUME}") }` });
/** A workspace token for a workspace that does not hold project pocket: it cannot see the volume. */
const BLIND_TOKEN = 'workspace-token-elsewhere-5e1c';

let api: RailwayApi;
let sandbox: GuardSandbox;
let fakes: FakeBin;
/** The linked working directory: ~/.railway/config.json says it is staging. */
let work: string;
/** Everything guard printed in this file, checked for the token at the end. */
const printed: string[] = [];

before(async () => {
  api = await startRailwayApi();
  api.world.tokens.push({ kind: 'api', token: BLIND_TOKEN, userId: 'user_ana', workspaceId: 'ws_elsewhere' });
  sandbox = createSandbox('guard-incident-');
  work = join(sandbox.dir, 'src', 'pocket');
  mkdirSync(work, { recursive: true });
  mkdirSync(join(sandbox.home, '.railway'));
  // The CLI's own link-file shape (railwayapp/cli src/config.rs, see src/tools/railway/link.ts).
  const link = { projectPath: work, name: 'pocket', project: INCIDENT.projectId, environment: INCIDENT.stagingId, environmentName: 'staging', service: INCIDENT.serviceId };
  writeFileSync(join(sandbox.home, '.railway', 'config.json'), JSON.stringify({ projects: { [work]: link }, user: {} }));
  writeFileSync(join(work, 'payload.json'), MUTATION);
  fakes = createFakeBin({ railway: { exit: 0, stdout: 'fake railway: volume deleted\n', stderr: '' } });
});
after(async () => {
  await api?.stop();
  sandbox?.cleanup();
  fakes?.cleanup();
});

interface Who {
  readonly agent?: boolean;
  readonly apiUrl?: string;
  readonly token?: string;
  /** RAILWAY_TOKEN (a project token) instead of RAILWAY_API_TOKEN. */
  readonly projectToken?: string;
}

function envFor(who: Who = {}): Record<string, string | undefined> {
  return {
    GUARD_RAILWAY_API_URL: who.apiUrl ?? api.url,
    RAILWAY_API_TOKEN: who.projectToken ? undefined : (who.token ?? INCIDENT.apiToken),
    RAILWAY_TOKEN: who.projectToken,
    ...(who.agent === false ? {} : { CLAUDECODE: '1' }),
  };
}

async function guard(args: readonly string[], who: Who = {}, stdin?: string): Promise<GuardResult> {
  const run = await runGuard(args, { sandbox, cwd: work, env: envFor(who), pathPrefix: [fakes.dir], timeoutMs: 20_000, ...(stdin !== undefined ? { stdin } : {}) });
  printed.push(run.stdoutText, run.stderrText);
  return run;
}

/** How many volumeDelete mutations the double has executed, for anyone, ever. */
function deletesSent(): number {
  return api.requests.flatMap((r) => r.mutations).filter((m) => m.name === 'volumeDelete').length;
}

interface JsonReport {
  risk: string;
  tool: string;
  environment: { name: string; protected: boolean; source: string } | null;
  targets: { kind: string; id: string; name: string; environment: string; bytes?: number; backups?: number }[];
  blastRadius: string[];
  credential: { kind: string; source: string; reach: string } | null;
  decision: string;
  confirmPhrase: string | null;
  unverified: string[];
}

function reportOf(run: GuardResult): JsonReport {
  return JSON.parse(run.stdoutText) as JsonReport;
}

describe('the incident: an agent deletes "staging\'s" volume with an account token', () => {
  test('refused with 77; the report names both environments, sizes, backups and the token\'s reach; railway never runs', async () => {
    const runsBefore = fakes.runs('railway');
    const run = await guard(DELETE);
    assert.equal(run.status, 77, describeRun(run));
    const text = run.stderrText;
    for (const fact of ['production', 'staging', '41.2 GB', '900.0 MB', '5 backups', 'deleted with it', 'RAILWAY_API_TOKEN', 'every project', 'not environment-scoped', 'pg-data']) {
      assert.ok(text.includes(fact), `stderr lacks "${fact}":\n${text}`);
    }
    assert.match(text, /not only staging's: deleting it also deletes it in production/);
    assert.match(text, /a human must approve/);
    assert.equal(fakes.runs('railway'), runsBefore, 'the stand-in railway must not run');
  });

  test('--confirm staging/pg-data is still refused: the agent is in production, and the phrase is production/pg-data', async () => {
    const runsBefore = fakes.runs('railway');
    const agent = await guard(['--confirm', 'staging/pg-data', ...DELETE]);
    assert.equal(agent.status, 77, describeRun(agent));
    const human = await guard(['--confirm', 'staging/pg-data', ...DELETE], { agent: false });
    assert.equal(human.status, 77, describeRun(human));
    assert.ok(human.stderrText.includes(`needs '${PHRASE}'`), human.stderrText);
    // Even the right phrase cannot be supplied by an agent for a protected environment.
    const agentRight = await guard(['--confirm', PHRASE, ...DELETE]);
    assert.equal(agentRight.status, 77, describeRun(agentRight));
    assert.equal(fakes.runs('railway'), runsBefore);
  });

  const curlForms: { name: string; body: string[]; stdin?: string }[] = [
    { name: '-d JSON', body: ['-d', MUTATION] },
    { name: '-d @payload.json', body: ['-d', '@payload.json'] },
    { name: '--data-binary @- (stdin)', body: ['--data-binary', '@-'], stdin: MUTATION },
  ];
  for (const form of curlForms) {
    test(`curl ${form.name} volumeDelete to Railway's API: 77, and the double never sees the mutation`, async () => {
      const args = ['curl', '-sS', '-H', `Authorization: Bearer ${INCIDENT.apiToken}`, '-H', 'Content-Type: application/json', ...form.body, api.url];
      for (const agent of [true, false]) {
        const run = await guard(args, { agent }, form.stdin);
        assert.equal(run.status, 77, describeRun(run));
        assert.match(run.stderrText, /curl\/railway-destructive/);
        assert.ok(run.stderrText.includes('production') && run.stderrText.includes('staging'), run.stderrText);
      }
      assert.equal(deletesSent(), 0, 'no volumeDelete may reach the API');
    });
  }
});

describe('a human at a terminal', () => {
  const onTerminal = (answers: string[]): Promise<PtyRun> =>
    runOnPty({
      argv: [process.execPath, GUARD_BIN, ...DELETE],
      env: { ...guardEnv({ sandbox, pathPrefix: [fakes.dir], env: envFor({ agent: false }) }), TERM: 'xterm' },
      cwd: work,
      // A rejected phrase stays in the field: the next one clears the line first (Ctrl-U).
      answers: answers.map((text, i) => (i === 0 ? { text, after: [`Type ${PHRASE} to run it`] } : { text: `\u0015${text}`, after: ['does not match'] })),
      timeoutSeconds: 20,
    });

  test('wrong phrases (the one the agent believed in) do not run it', { timeout: 40_000 }, async () => {
    const runsBefore = fakes.runs('railway');
    const run = await onTerminal(['staging/pg-data', 'staging/pg-data', 'pg-data']);
    printed.push(run.transcript);
    assert.equal(run.status, 77, describePty(run));
    assert.equal(run.unanswered, 0, describePty(run));
    assert.equal(fakes.runs('railway'), runsBefore);
  });

  test('typing the phrase guard asks for (production/pg-data) runs railway once, with identical argv', { timeout: 40_000 }, async () => {
    const runsBefore = fakes.runs('railway');
    const run = await onTerminal([PHRASE]);
    printed.push(run.transcript);
    assert.equal(run.status, 0, describePty(run));
    const screen = run.screen.join('\n');
    assert.equal(run.screen.filter((line) => line.includes(`Type ${PHRASE} to run it`)).length, 1, describePty(run));
    assert.match(screen, /DESTRUCTIVE/);
    assert.match(screen, /41\.2 GB/);
    assert.equal(fakes.runs('railway') - runsBefore, 1);
    assert.deepEqual(fakes.record('railway')?.argv, DELETE.slice(1));
  });
});

describe('"Done means": dry runs a new user would try', () => {
  test('--dry-run --json reports every environment instance, the backups and the token\'s reach, and exits 77', async () => {
    const run = await guard(['--dry-run', '--json', ...DELETE.slice(0, -1)], { agent: false });
    assert.equal(run.status, 77, describeRun(run));
    const report = reportOf(run);
    assert.equal(report.tool, 'railway');
    assert.equal(report.risk, 'destructive');
    assert.deepEqual(report.environment && { name: report.environment.name, protected: report.environment.protected }, { name: 'production', protected: true });
    const perEnvironment = report.targets.map((t) => [t.environment, t.kind, t.id, t.name, t.bytes, t.backups]).sort();
    assert.deepEqual(perEnvironment, [
      ['production', 'volume', VOLUME, 'pg-data', 41_200_000_000, 4],
      ['staging', 'volume', VOLUME, 'pg-data', 900_000_000, 1],
    ]);
    assert.ok(report.blastRadius.some((line) => line.includes('5 backups') && line.includes('deleted with it')), report.blastRadius.join('\n'));
    assert.deepEqual(report.credential && { kind: report.credential.kind, source: report.credential.source }, { kind: 'account or workspace token', source: 'RAILWAY_API_TOKEN' });
    assert.match(report.credential?.reach ?? '', /every project/);
    assert.equal(report.decision, 'confirm');
    assert.equal(report.confirmPhrase, PHRASE);
    assert.deepEqual(report.unverified, []);
  });

  test('--offline: destructive from the argv alone, no request sent', async () => {
    const before = api.requests.length;
    const run = await guard(['--offline', '--dry-run', '--json', ...DELETE], { agent: false });
    assert.equal(run.status, 77, describeRun(run));
    const report = reportOf(run);
    assert.equal(report.risk, 'destructive');
    assert.equal(report.environment?.protected, true);
    assert.equal(api.requests.length, before);
  });

  test('railway api with a volumeDelete mutation is destructive, measured like the CLI form', async () => {
    const run = await guard(['--dry-run', '--json', 'railway', 'api', `mutation { volumeDelete(volumeId: "${VOLUME}") }`], { agent: false });
    assert.equal(run.status, 77, describeRun(run));
    const report = reportOf(run);
    assert.equal(report.risk, 'destructive');
    assert.equal(report.environment?.name, 'production');
    assert.equal(report.confirmPhrase, PHRASE);
  });
});

/** A local endpoint that fails in one way; closed after the test. */
async function brokenApi(mode: 'closed' | '500' | 'silent'): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    if (mode === '500') response.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    // 'silent' never answers: guard's own timeout must end the wait.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql/v2`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  if (mode === 'closed') await stop();
  return { url, stop };
}

describe('what guard cannot verify fails closed', () => {
  type Mode = 'closed' | '500' | 'silent' | 'blind-token' | 'project-token';
  const cases: { name: string; mode: Mode; why: RegExp }[] = [
    { name: 'an unreachable API (closed port)', mode: 'closed', why: /did not answer \(127\.0\.0\.1:\d+: ECONNREFUSED\)/ },
    { name: 'an HTTP 500', mode: '500', why: /HTTP 500/ },
    { name: 'an API that never answers (bounded by guard\'s timeout)', mode: 'silent', why: /timeout after \d+ ms/ },
    { name: 'a token that cannot see the volume', mode: 'blind-token', why: /Not Authorized/ },
    { name: 'a staging project token (Railway shows it only staging\'s instance)', mode: 'project-token', why: /a project token sees only staging; other environments may share pg-data/ },
  ];
  for (const { name, mode, why } of cases) {
    test(`${name}: "could not verify which environments use ${VOLUME}", and no allow`, async () => {
      const broken = mode === 'blind-token' || mode === 'project-token' ? null : await brokenApi(mode);
      try {
        const who: Who = mode === 'blind-token' ? { token: BLIND_TOKEN } : mode === 'project-token' ? { projectToken: INCIDENT.projectToken } : { apiUrl: broken?.url ?? api.url };
        for (const agent of [false, true]) {
          // A hang bound, not a speed test: one 4 s look-up timeout fits; a timeout per query (12 s+) does not.
          const run = await runGuard(['--dry-run', '--json', ...DELETE], { sandbox, cwd: work, env: envFor({ ...who, agent }), timeoutMs: 10_000 });
          printed.push(run.stdoutText, run.stderrText);
          assert.equal(run.timedOut, false, describeRun(run));
          assert.equal(run.status, 77, describeRun(run));
          const report = reportOf(run);
          assert.notEqual(report.decision, 'allow');
          assert.equal(report.decision, agent ? 'deny' : 'confirm');
          assert.equal(report.environment?.protected, true);
          const unverified = report.unverified.join('\n');
          assert.ok(unverified.includes(`could not verify which environments use ${VOLUME}`), unverified);
          assert.match(unverified, why);
        }
      } finally {
        await broken?.stop();
      }
    });
  }
});

describe('the token is never printed', () => {
  test('not in stdout, stderr, JSON reports, terminal transcripts or the audit log', () => {
    assert.ok(printed.length > 20, 'the earlier tests ran and were collected');
    const secrets = [INCIDENT.apiToken, INCIDENT.projectToken, BLIND_TOKEN];
    for (const output of printed) assert.ok(secrets.every((secret) => !output.includes(secret)), output);
    assert.ok(existsSync(sandbox.auditFile), 'guard wrote an audit log');
    const audit = readFileSync(sandbox.auditFile, 'utf8');
    assert.ok(audit.includes('railway/volume-delete') && audit.includes('curl/railway-destructive'), 'the audit log records the refusals');
    assert.ok(secrets.every((secret) => !audit.includes(secret)), 'the audit log must not hold the token');
  });
});
