// The daemon never changes a verdict: every argv and shell-line corpus row, answered by a running daemon and in-process, gives the same report.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { after, before, test } from 'node:test';
import { GUARD_BIN, createSandbox, runGuard, type GuardSandbox } from '../support/run-guard.js';
import { startTestDaemon, type TestDaemon } from '../support/daemon.js';
import { exchange } from '../../src/daemon/client.js';
import { PROTOCOL_VERSION, type AssessRequest } from '../../src/daemon/protocol.js';

interface Row {
  readonly argv?: string[];
  readonly line?: string;
  readonly stdin?: string;
  readonly env?: Record<string, string>;
  readonly files?: Record<string, string>;
  readonly agent?: boolean;
  readonly note: string;
}

const ARGV_TABLES = ['must-allow', 'must-block', 'bypass-attempts', 'must-not-crash'];
const LINE_TABLES = ['must-allow', 'must-block'];
/** The hook's fail-closed answers when its time budget runs out (the whole answer's, or the line engine's). */
const OVER_BUDGET = /no answer within \d+ ms|longer than the time budget/;
/** In-process runs at once: each loads both parsers, and the machine has two cores. */
const PARALLEL = 3;

let sandbox: GuardSandbox;
let daemon: TestDaemon;
before(async () => {
  sandbox = createSandbox('guard-differential-');
  daemon = await startTestDaemon(sandbox);
});
after(async () => {
  await daemon.stop();
  sandbox.cleanup();
});

function rows(path: string): Row[] {
  return JSON.parse(readFileSync(path, 'utf8')) as Row[];
}

/** A directory holding the row's files; rows with stdin are the client's by construction (the daemon never reads it). */
function rowDirectory(row: Row): string | null {
  if (row.stdin !== undefined) return null;
  const files = Object.entries(row.files ?? {});
  if (files.some(([path]) => isAbsolute(path))) return null;
  const dir = mkdtempSync(join(sandbox.dir, 'row-'));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function rowEnv(row: Row, useDaemon: boolean): Record<string, string> {
  return { ...daemon.env, GUARD_DAEMON: useDaemon ? '1' : '0', ...(row.agent ? { GUARD_AGENT: '1' } : {}), ...(row.env ?? {}) };
}

interface Compared {
  served: number;
  handedBack: number;
  skipped: number;
  mismatches: string[];
}

async function compare(kind: 'argv' | 'hook', table: Row[]): Promise<Compared> {
  const result: Compared = { served: 0, handedBack: 0, skipped: 0, mismatches: [] };
  const pending = [...table];
  const worker = async () => {
    for (let row = pending.shift(); row; row = pending.shift()) {
      const cwd = rowDirectory(row);
      if (!cwd) {
        result.skipped++;
        continue;
      }
      const args = kind === 'argv' ? ['--dry-run', '--json', '--offline', ...(row.argv ?? [])] : ['hook', 'claude'];
      const payload = kind === 'hook' ? JSON.stringify({ session_id: 'd', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: row.line }, cwd }) : '';
      const request: AssessRequest = {
        v: PROTOCOL_VERSION,
        build: daemon.build,
        kind,
        args,
        cwd,
        env: rowEnv(row, true),
        terminals: { stdinClosed: false, stdin: false, stdout: false, stderr: false },
        guardBinary: GUARD_BIN,
        ...(kind === 'hook' ? { payload: Buffer.from(payload).toString('base64') } : {}),
      };
      let reply = await exchange(daemon.socket, request, 30_000);
      for (let retry = 0; retry < 4 && reply && reply !== 'unreachable' && reply.status === 'answer' && OVER_BUDGET.test(reply.stdout); retry++) {
        reply = await exchange(daemon.socket, request, 30_000);
      }
      assert.ok(reply && reply !== 'unreachable', `no reply for ${row.note} (${String(reply)}); daemon exit ${daemon.child.exitCode}, log:\n${daemon.log()}`);
      if (reply.status !== 'answer') {
        assert.equal(reply.status, 'fallback');
        result.handedBack++;
        continue;
      }
      result.served++;
      // The in-process hook answers a fail-closed deny when the loaded machine runs it past its 2 s
      // budget: that is timing, not a verdict to compare. Such a run is repeated (as other hook e2e tests do).
      let direct = await runGuard(args, { sandbox, cwd, env: rowEnv(row, false), stdin: payload, agentStandIn: false, timeoutMs: 120_000 });
      for (let retry = 0; retry < 4 && OVER_BUDGET.test(direct.stdoutText) && !OVER_BUDGET.test(reply.stdout); retry++) {
        direct = await runGuard(args, { sandbox, cwd, env: rowEnv(row, false), stdin: payload, agentStandIn: false, timeoutMs: 120_000 });
      }
      const same = direct.status === reply.exitCode && direct.stdoutText === reply.stdout && direct.stderrText === reply.stderr;
      if (!same) result.mismatches.push(`${row.note}: in-process ${direct.status} ${direct.stdoutText.slice(0, 300)} ${direct.stderrText.slice(0, 300)} | daemon ${reply.exitCode} ${reply.stdout.slice(0, 300)} ${reply.stderr.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return result;
}

for (const name of ARGV_TABLES) {
  test(`argv corpus ${name}: the daemon's dry-run reports equal the in-process ones`, async (t) => {
    const outcome = await compare('argv', rows(`test/corpus/${name}.json`));
    t.diagnostic(`served ${outcome.served}, handed back ${outcome.handedBack}, rows with stdin or absolute files ${outcome.skipped}`);
    assert.deepEqual(outcome.mismatches, []);
    assert.ok(outcome.served > 0, 'the daemon answered rows of this table itself');
  });
}

for (const name of LINE_TABLES) {
  test(`shell-line corpus ${name}: the daemon's hook answers equal the in-process ones`, async (t) => {
    const outcome = await compare('hook', rows(`test/corpus/lines/${name}.json`));
    t.diagnostic(`served ${outcome.served}, handed back ${outcome.handedBack}, rows with stdin or absolute files ${outcome.skipped}`);
    assert.deepEqual(outcome.mismatches, []);
    assert.ok(outcome.served > 0, 'the daemon answered rows of this table itself');
  });
}
