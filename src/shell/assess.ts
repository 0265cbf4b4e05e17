// assessShellLine / assessShellScript: each extracted command through the pipeline's assess, combined fail-closed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../core/context.js';
import { decide } from '../core/decide.js';
import { remoteContext } from '../core/inner-context.js';
import { findOsUser, osUserName, type OsUser } from '../core/os-user.js';
import { unknownEnvironment } from '../core/environment.js';
import { assess, type Assessment } from '../core/pipeline.js';
import { buildReport } from '../core/report.js';
import { maxRisk, strictestDecision, type Decision, type Risk } from '../core/risk.js';
import { UNKNOWN_ENVIRONMENT_NAME, type EnvironmentFacts } from '../core/types.js';
import { spooledFile, type SpooledInput, type StdinSource } from '../core/stdin.js';
import { analyseShellLine, DEFAULT_LIMITS } from './analyse.js';
import type { CommandAssessment, LineAnalysis, LineAssessment, LineCommand, LinePayload, ShellLimits } from './model.js';

/** A command's stdin as guard saw it on the line; remembers whether the tool needed to read it. */
interface TrackedStdin {
  readonly source: StdinSource;
  /** Why the bytes the tool read are not what will really arrive, or null. */
  unseen(): string | null;
  cleanup(): void;
}

/**
 * The Context's readFile, for regular files only: a FIFO, /dev/tty or /dev/zero named as a
 * script or as stdin would block or never end.
 */
function regularFileReader(ctx: Context, maxBytes: number | null): (path: string) => Promise<Buffer> {
  return async (path) => {
    const { stat } = await import('node:fs/promises');
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    if (maxBytes !== null && info.size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    return ctx.readFile(path);
  };
}

function trackStdin(payload: LinePayload | undefined, ctx: Context): TrackedStdin {
  let consulted = false;
  let failure: string | null = null;
  const dirs: string[] = [];
  const spoolText = (text: string): SpooledInput => {
    // 0700 directory: the payload may hold secrets.
    const dir = mkdtempSync(join(tmpdir(), 'guard-line-stdin-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'stdin'), text, { mode: 0o600 });
    return spooledFile(join(dir, 'stdin'), dir);
  };
  const source: StdinSource = {
    isTTY: false,
    closed: false,
    async spool() {
      consulted = true;
      if (payload?.kind === 'text') return spoolText(payload.text);
      if (payload?.kind === 'file') {
        try {
          return spoolText((await regularFileReader(ctx, null)(payload.path)).toString('utf8'));
        } catch (error) {
          failure = `stdin comes from ${payload.path}, which guard cannot read (${(error as Error).message})`;
          return spoolText('');
        }
      }
      return spoolText('');
    },
  };
  return {
    source,
    unseen() {
      if (!consulted) return null;
      if (failure) return failure;
      if (payload === undefined) return 'it reads the standard input of the line, which guard cannot see';
      if (payload.kind === 'unknown') return `it reads ${payload.why} on stdin, which guard cannot see`;
      return null;
    },
    cleanup() {
      // The tool's own dispose may have removed them already.
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same Context with the command's own cwd, environment, stdin, and the OS user a launcher switched to. */
function deriveContext(ctx: Context, command: LineCommand, stdin: StdinSource, user: OsUser | null | undefined): Context {
  // A command that runs in a pod or on another host sees none of this machine's variables, files or servers.
  const base = command.remote ? remoteContext(ctx, command.remote, command.env) : ctx;
  const derived = Object.create(base) as Context;
  Object.defineProperties(derived, {
    cwd: { value: command.cwd ?? base.cwd, enumerable: true },
    unwrapped: { value: true, enumerable: true },
    // sudo and su set USER, LOGNAME and HOME to the target user's (mysql's default user, ~/.my.cnf).
    env: { value: command.remote ? base.env : { ...ctx.env, ...switchedIdentity(command, user), ...command.env }, enumerable: true },
    stdin: { value: stdin, enumerable: true },
    argumentsFrom: { value: command.argumentsFrom, enumerable: true },
    // libpq's default user and database, and the ~/.pgpass it reads, are the target user's.
    ...(command.user !== undefined && !command.remote ? { osUser: { value: user?.name ?? command.user, enumerable: true } } : {}),
    // A user with no entry here has no home guard could read a ~/.pgpass from.
    ...(user ? { home: { value: user.home, enumerable: true } } : command.user !== undefined && user === null && !command.remote ? { home: { value: '/nonexistent-home-of-unknown-user', enumerable: true } } : {}),
  });
  return derived;
}

function switchedIdentity(command: LineCommand, user: OsUser | null | undefined): Record<string, string> {
  if (command.user === undefined || user === undefined) return {};
  const name = user?.name ?? command.user;
  return { USER: name, LOGNAME: name, ...(user ? { HOME: user.home } : {}) };
}

/** The user `sudo -u X` / `su - X -c` switches to, from this machine's passwd; undefined when no launcher switched, null when X is not a user here. */
async function switchedUser(command: LineCommand, ctx: Context): Promise<OsUser | null | undefined> {
  if (command.user === undefined || command.remote) return undefined;
  if (command.user === (ctx.osUser ?? osUserName())) return undefined;
  try {
    return findOsUser((await ctx.readFile('/etc/passwd')).toString('utf8'), command.user);
  } catch {
    return null;
  }
}

async function assessCommand(command: LineCommand, ctx: Context): Promise<CommandAssessment> {
  const stdin = trackStdin(command.stdin, ctx);
  const user = await switchedUser(command, ctx);
  let assessment: Assessment;
  try {
    assessment = await assess(command.argv, deriveContext(ctx, command, stdin.source, user));
    if (assessment.tool && assessment.parsed) await assessment.tool.dispose?.(assessment.parsed);
  } catch (error) {
    // A tool that fails on this argv must not make the line harmless.
    assessment = await assess([], ctx);
    return { command, assessment: failClosed(command, assessment, [`guard failed to assess it: ${(error as Error).message}`], ctx) };
  } finally {
    stdin.cleanup();
  }
  const unseen = stdin.unseen();
  const unknowns = [...command.unknowns, ...(unseen ? [unseen] : [])];
  if (command.remote && assessment.analysis.tool !== null) assessment = elsewhere(assessment, command.remote);
  if (user === null && assessment.analysis.tool !== null) assessment = unresolvedAs(assessment, `it runs as ${command.user}, who is not a user on this machine (no entry in /etc/passwd): guard cannot resolve that user's defaults`);
  else if (command.userLogin && assessment.analysis.tool !== null && !assessment.analysis.environment?.protected) {
    assessment = unresolvedAs(assessment, `it runs in ${command.user}'s login shell, whose profile files (~/.profile and the like) may set where it connects; guard does not read them`);
  }
  return { command, assessment: unknowns.length > 0 ? failClosed(command, assessment, unknowns, ctx) : assessment };
}

/**
 * A command that runs in a pod or on another host: whatever its tool resolved from this
 * machine's defaults is not its environment. It is unknown (protected), never local.
 */
function elsewhere(assessment: Assessment, remote: string): Assessment {
  return unresolvedAs(assessment, `it runs in ${remote}, whose connection settings guard cannot see from here`);
}

/** The environment is unresolved (protected) for this reason, whatever the tool resolved. */
function unresolvedAs(assessment: Assessment, why: string): Assessment {
  const environment = unknownEnvironment(why);
  const analysis = { ...assessment.analysis, environment, targets: assessment.analysis.targets.map((t) => ({ ...t, environment: environment.name })) };
  return { ...assessment, analysis };
}

/**
 * What guard could not see makes the command `unknown`, decided again with those facts unverified.
 * An environment resolved from words guard could not see (`psql "$DATABASE_URL"` with the variable
 * unset is not the local socket) is unresolved and protected, and says why; a protected one stays.
 */
function failClosed(command: LineCommand, assessment: Assessment, unknowns: readonly string[], ctx: Context): Assessment {
  const resolved = assessment.analysis.environment;
  const unresolved = resolved === null || !resolved.protected;
  const environment: EnvironmentFacts | null = unresolved
    ? { name: UNKNOWN_ENVIRONMENT_NAME, protected: true, source: `not resolved: ${unknowns[0] ?? 'guard cannot see all of the command'}` }
    : resolved;
  const targets = unresolved ? assessment.analysis.targets.map((target) => ({ ...target, environment: UNKNOWN_ENVIRONMENT_NAME })) : assessment.analysis.targets;
  // The connection the tool worked out from words guard could not see (`psql "$DATABASE_URL"` read as the local socket) is not a fact.
  const blastRadius = unresolved ? [...new Set(assessment.analysis.blastRadius.map((line) => (line.startsWith('connects to ') ? `connects to a server guard cannot name (${unknowns[0] ?? 'part of the command is unknown'})` : line)))] : assessment.analysis.blastRadius;
  const analysis = { ...assessment.analysis, environment, targets, blastRadius, risk: maxRisk(assessment.analysis.risk, 'unknown'), unverified: [...assessment.analysis.unverified, ...unknowns] };
  const verdict = decide({ analysis, agent: ctx.agent, policy: ctx.config.policy });
  return { ...assessment, analysis, verdict, report: buildReport(command.argv, analysis, verdict, ctx.agent) };
}

/** Risk is the worst command's; a line guard could not analyse is `unknown` and denied (it must not run unseen). */
export function combineLine(line: string, analysis: LineAnalysis, commands: readonly CommandAssessment[]): LineAssessment {
  const risks: Risk[] = commands.map((entry) => entry.assessment.analysis.risk);
  const decisions: Decision[] = commands.map((entry) => entry.assessment.verdict.decision);
  if (analysis.problems.length > 0) {
    risks.push('unknown');
    decisions.push('deny');
  }
  return { line, risk: maxRisk(...risks), decision: strictestDecision(...decisions), commands, problems: analysis.problems, writes: analysis.writes ?? [] };
}

async function assessAnalysis(text: string, analysis: LineAnalysis, ctx: Context): Promise<LineAssessment> {
  const commands: CommandAssessment[] = [];
  for (const command of analysis.commands) commands.push(await assessCommand(command, ctx));
  return combineLine(text, analysis, commands);
}

/**
 * The context with its environment as a plain copy, taken once for the whole line: the process
 * environment answers every read with a call into C++ (spreading 40 variables costs ≈ 130 µs),
 * and each command of a line spreads it again. Nothing changes the environment during a line.
 */
function withPlainEnvironment(ctx: Context): Context {
  const derived = Object.create(ctx) as Context;
  Object.defineProperty(derived, 'env', { value: { ...ctx.env }, enumerable: true });
  return derived;
}

/** One shell line as an agent or a hook would run it. */
export async function assessShellLine(line: string, lineCtx: Context, limits?: ShellLimits): Promise<LineAssessment> {
  const ctx = withPlainEnvironment(lineCtx);
  const analysis = await analyseShellLine(line, { cwd: ctx.cwd, env: ctx.env, home: ctx.home, readFile: regularFileReader(ctx, limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes), ...(limits ? { limits } : {}) });
  return assessAnalysis(line, analysis, ctx);
}

/** A whole script (`guard scan`): every command carries its line in the file (`from`: file:line). */
export async function assessShellScript(text: string, scriptCtx: Context, options: { readonly file: string; readonly limits?: ShellLimits }): Promise<LineAssessment> {
  const ctx = withPlainEnvironment(scriptCtx);
  // Scripts are larger than lines: scale the time budget with the text unless told otherwise.
  const lines = text.split('\n').length;
  const limits: ShellLimits = { budgetMs: Math.max(1000, lines * 2), ...options.limits };
  const analysis = await analyseShellLine(text, { cwd: ctx.cwd, env: ctx.env, home: ctx.home, readFile: regularFileReader(ctx, limits.maxBytes ?? DEFAULT_LIMITS.maxBytes), limits, file: options.file });
  return assessAnalysis(text, analysis, ctx);
}
