// One request in the resident guard: the client's environment and directory, the in-process code path, and no effect on its behalf.
import type { Context } from '../core/context.js';
import { EXIT } from '../core/errors.js';
import { fileAuditLog, type AuditRecord } from '../core/audit.js';
import { runGuarded } from '../core/pipeline.js';
import { guardDirectory, homeDirectory } from '../config/guard-directory.js';
import { createProcessContext } from '../cli/context.js';
import { checkGuardOptions, parseFast, parseVia } from '../cli/options.js';
import { locateCommand } from '../cli/main.js';
import { SUBCOMMANDS } from '../cli/subcommands.js';
import { computeHookAnswer } from '../cli/commands/hook.js';
import { isAgentName } from '../hooks/model.js';
import { gatedContext, newEffects, type RequestEffects } from './gated-context.js';
import { PROTOCOL_VERSION, type Answer, type AssessRequest, type Fallback, type RunAnswer } from './protocol.js';

/** Set when the server gave up waiting for a request: its late result must not be appended or sent. */
export interface Abandonment {
  abandoned: boolean;
}

/**
 * Makes process.env exactly `env` (libuv's own environment too, which os.homedir() and child
 * processes read) and returns the undo. Safe because the server runs one request at a time.
 */
function adoptEnvironment(env: Readonly<Record<string, string>>): () => void {
  const saved = { ...process.env } as Record<string, string>;
  const set = (target: Readonly<Record<string, string>>) => {
    for (const name of Object.keys(process.env)) if (!(name in target)) delete process.env[name];
    for (const [name, value] of Object.entries(target)) if (process.env[name] !== value) process.env[name] = value;
  };
  set(env);
  const token = Symbol('request');
  current = token;
  return () => {
    // A request the server gave up on may finish while a later one runs: it must not undo that one's world.
    if (current !== token) return;
    current = null;
    set(saved);
    try {
      process.chdir('/');
    } catch {
      // '/' is always there
    }
  };
}

/** The request whose environment and directory the process has now. */
let current: symbol | null = null;

type Outcome = { readonly stdout: string; readonly stderr: string; readonly exitCode: number } | { readonly fallback: string };

async function assessHook(request: AssessRequest, effects: RequestEffects): Promise<Outcome> {
  const agent = request.args[1] ?? '';
  if (!isAgentName(agent)) return { fallback: 'not an agent guard knows' };
  const raw = Buffer.from(request.payload ?? '', 'base64');
  const result = await computeHookAnswer(agent, raw, {
    live: false,
    guardBinary: request.guardBinary,
    started: Date.now(),
    processCwd: request.cwd,
    adapt: (ctx: Context) => gatedContext(ctx, request.terminals, effects),
  });
  return { stdout: effects.stdout + result.stdout, stderr: effects.stderr + result.stderr, exitCode: result.exitCode };
}

/**
 * `guard [options] --dry-run CMD…` and `guard [options] CMD…`, as main() runs them on its fast
 * path; anything else (subcommands, --snapshot, commander's help and errors) is the client's.
 */
async function assessArgv(request: AssessRequest, effects: RequestEffects): Promise<Outcome> {
  const args = request.args;
  const { index, afterDoubleDash } = locateCommand(args);
  const first = args[index];
  if (first !== undefined && !afterDoubleDash && SUBCOMMANDS.has(first)) return { fallback: 'a subcommand' };
  checkGuardOptions(args);
  const fast = parseFast(args);
  if (!fast || fast.command.length === 0) return { fallback: 'not a plain command line' };
  const options = fast.options;
  const dryRun = request.kind === 'argv';
  if (Boolean(options.dryRun) !== dryRun) return { fallback: dryRun ? 'not a dry run' : 'a dry run sent as a run' };
  if (options.snapshot || (options.json && !dryRun)) return { fallback: 'an option the client handles' };
  const via = parseVia(options.via);
  const base = createProcessContext({
    offline: Boolean(options.offline),
    guardBinary: request.guardBinary,
    ...(options.color === undefined ? {} : { color: options.color }),
    ...(via ? { invokedVia: via } : {}),
  });
  const ctx = gatedContext(base, request.terminals, effects);
  const confirm = options.confirm ?? process.env.GUARD_CONFIRM ?? null;
  const status = await runGuarded(fast.command, { dryRun, json: Boolean(options.json), confirm }, ctx);
  // main() adds a "did you mean" to a missing program: its wording is the client's to produce.
  if (status === EXIT.notFound) return { fallback: 'command not found' };
  if (!dryRun && !effects.run) return { fallback: 'the run was not allowed' };
  return { stdout: effects.stdout, stderr: effects.stderr, exitCode: status };
}

/** Keeps a run's audit record until the client reports the exit status; returns the token for it. */
export type HoldRecord = (record: AuditRecord, guardDir: string) => string;

/**
 * Answers one request, or says "fallback": whenever the assessment needed anything only the
 * client may touch, threw, or its audit record could not be appended. Never an answer it did
 * not compute through the same code the client would run.
 */
export async function serveRequest(request: AssessRequest, build: string, abandonment: Abandonment, hold: HoldRecord): Promise<Answer | RunAnswer | Fallback> {
  const fallback = (why: string): Fallback => ({ v: PROTOCOL_VERSION, build, status: 'fallback', why });
  if (request.build !== build) return fallback(`build ${request.build}, not ${build}`);
  const restore = adoptEnvironment(request.env);
  const effects = newEffects({ allowRun: request.kind === 'run' });
  try {
    try {
      process.chdir(request.cwd);
    } catch {
      return fallback('the working directory is gone');
    }
    let outcome: Outcome;
    try {
      outcome = request.kind === 'hook' ? await assessHook(request, effects) : await assessArgv(request, effects);
    } catch (error) {
      return fallback(effects.needsClient ?? `the in-process path reports it: ${(error as Error)?.message ?? String(error)}`);
    }
    if (effects.needsClient) return fallback(effects.needsClient);
    if ('fallback' in outcome) return fallback(outcome.fallback);
    if (abandonment.abandoned) return fallback('too slow');
    const guardDir = guardDirectory(process.env, homeDirectory(process.env));
    // A run's last record waits for the client's exit status; the ones before it (a destructive
    // run's write-ahead record) are appended now, as in-process, and a failure refuses the answer.
    const now = effects.run ? effects.audit.slice(0, effects.run.recordsBefore) : effects.audit;
    const after = effects.run ? (effects.audit[effects.run.recordsBefore] ?? null) : null;
    if (now.length > 0) {
      try {
        const log = fileAuditLog(guardDir);
        for (const record of now) log.append(record);
      } catch (error) {
        return fallback(`audit: ${(error as Error).message}`);
      }
    }
    if (effects.run) {
      const { request: exec } = effects.run;
      const token = after ? hold(after, guardDir) : null;
      return { v: PROTOCOL_VERSION, build, status: 'run', stdout: outcome.stdout, stderr: outcome.stderr, file: exec.file, argv0: exec.argv0, args: [...exec.args], token, record: after };
    }
    return { v: PROTOCOL_VERSION, build, status: 'answer', ...outcome };
  } finally {
    restore();
  }
}
