// `guard doctor`'s findings: config files, agent hooks, shims on PATH and the audit log, each with the problem it has (if any).
import { existsSync, readFileSync } from 'node:fs';
import { isExecutableFile } from '../core/exec.js';
import { delimiter, join, resolve } from 'node:path';

export interface DoctorInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  readonly guardBinary: string | null;
}

export interface FileFinding {
  readonly scope: 'user' | 'project';
  readonly file: string | null;
  readonly exists: boolean;
  readonly problem: string | null;
}

export interface HookFinding {
  readonly agent: string;
  readonly display: string;
  readonly scope: 'user' | 'project';
  readonly file: string;
  readonly installed: boolean;
  readonly problem: string | null;
}

export interface ProgramFinding {
  readonly program: string;
  /** What the shell runs for the bare name. */
  readonly first: string | null;
  /** What guard runs (the first non-shim binary). */
  readonly real: string | null;
  /** A guard shim on PATH for it, wherever it stands. */
  readonly shim: string | null;
  readonly problem: string | null;
}

export interface DoctorFindings {
  readonly version: string;
  readonly guardBinary: string | null;
  readonly configFiles: readonly FileFinding[];
  readonly auditLog: { readonly file: string; readonly exists: boolean; readonly entries: number; readonly problem: string | null };
  readonly pendingApprovals: number;
  readonly agentContext: boolean;
  readonly hooks: readonly HookFinding[];
  readonly programs: readonly ProgramFinding[];
  /** Every problem above, one sentence each; doctor exits non-zero when there is one. */
  readonly problems: readonly string[];
}

/** Every executable of that name along PATH, in order. */
function allOnPath(name: string, path: string, cwd: string): string[] {
  return path
    .split(delimiter)
    .map((dir) => join(dir === '' ? cwd : dir, name))
    .filter(isExecutableFile);
}

function configFinding(scope: 'user' | 'project', file: string | null, read: (file: string) => unknown): FileFinding {
  if (file === null || !existsSync(file)) return { scope, file, exists: false, problem: null };
  try {
    read(file);
    return { scope, file, exists: true, problem: null };
  } catch (error) {
    return { scope, file, exists: true, problem: (error as Error).message };
  }
}

/** A portable hook command (no absolute path) runs `guard` from PATH, else the project's own node_modules. */
function portableHookProblem(findings: { installed: boolean; problem: string | null }, file: string, input: DoctorInput, guardOnPath: boolean, scope: string): string | null {
  if (!findings.installed || findings.problem !== null) return findings.problem;
  const text = readSafely(file);
  if (!text.includes('npx --no-install guard')) return null;
  if (guardOnPath) return null;
  const projectGuard = join(scope === 'project' ? input.cwd : input.home, 'node_modules', '.bin', 'guard');
  return existsSync(projectGuard) ? null : 'it runs `guard` from PATH or the project\'s node_modules, and neither has it here: every command the agent runs is refused';
}

function readSafely(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The guard a shim execs: the file guard wrote quotes it on its `exec` line (src/shims/install.ts). */
function shimGuard(shim: string): string | null {
  const quoted = /^exec '((?:[^']|'\\'')*)' --via shim /m.exec(readSafely(shim))?.[1];
  return quoted === undefined ? null : quoted.split("'\\''").join("'");
}

export async function doctorFindings(input: DoctorInput): Promise<DoctorFindings> {
  const [{ guardDirectory, findProjectConfig, readLayer, USER_CONFIG_FILE }, { AUDIT_FILE, verifyAuditLog }, { findExecutable }, { isGuardShimFile }, { WRAPPED_PROGRAMS }, { readVersion }, { AGENTS }, { AGENT_CONFIGS }, { configFile, inspectHook }, { createApprovalStore }, { isAgentEnvironment }] =
    await Promise.all([
      import('../config/load.js'),
      import('../core/audit.js'),
      import('../core/exec.js'),
      import('../shims/install.js'),
      import('../tools/registry.js'),
      import('./subcommands.js'),
      import('../hooks/model.js'),
      import('../hooks/agents.js'),
      import('../hooks/install.js'),
      import('../approvals/store.js'),
      import('./context.js'),
    ]);
  const problems: string[] = [];
  const dir = guardDirectory(input.env, input.home);

  const configFiles = [configFinding('user', join(dir, USER_CONFIG_FILE), readLayer), configFinding('project', findProjectConfig(input.cwd), readLayer)];
  for (const finding of configFiles) if (finding.problem) problems.push(`${finding.scope} config: ${finding.problem}`);

  const auditFile = join(dir, AUDIT_FILE);
  const chain = verifyAuditLog(dir);
  const auditProblem = chain.brokenAt !== null ? `broken at entry ${chain.brokenAt}: ${chain.problem ?? 'the hash chain does not hold'}` : chain.problem;
  if (auditProblem) problems.push(`audit log ${auditFile}: ${auditProblem}`);

  const path = input.env.PATH ?? '';
  const guardOnPath = allOnPath('guard', path, input.cwd).length > 0;
  const hooks: HookFinding[] = [];
  for (const agent of AGENTS) {
    const display = AGENT_CONFIGS[agent].display;
    for (const scope of ['project', 'user'] as const) {
      const file = configFile(agent, scope, input.cwd, input.home);
      if (file === null) continue;
      const state = inspectHook(agent, file);
      const problem = portableHookProblem(state, file, input, guardOnPath, scope);
      hooks.push({ agent, display, scope, file, installed: state.installed, problem });
      if (problem) problems.push(`${display} hook (${scope}, ${file}): ${problem}`);
    }
    const wired = hooks.filter((hook) => hook.agent === agent && hook.installed);
    // Same file for both scopes (a project at the home directory) is one install, not two.
    if (wired.length > 1 && new Set(wired.map((hook) => resolve(hook.file))).size > 1) {
      problems.push(`${display} hook is installed twice (${wired.map((hook) => `${hook.scope}: ${hook.file}`).join('; ')}): every command is checked twice; remove one with guard hook install ${agent} --uninstall${wired.some((hook) => hook.scope === 'project') ? ' --project' : ''}`);
    }
  }

  const programs: ProgramFinding[] = WRAPPED_PROGRAMS.map((program) => {
    const all = allOnPath(program, path, input.cwd);
    const first = all[0] ?? null;
    const real = findExecutable(program, input.env, input.cwd, input.guardBinary);
    const shim = all.find((candidate) => isGuardShimFile(candidate)) ?? null;
    let problem: string | null = null;
    const shimTarget = shim === null ? null : shimGuard(shim);
    if (shimTarget !== null && !existsSync(shimTarget)) problem = `the shim ${shim} calls guard at ${shimTarget}, which does not exist: ${program} fails every time; run guard shims refresh ${join(shim ?? '', '..')} with the guard you use now`;
    else if (shim !== null && real === null) problem = `the shim ${shim} stands for a program that is not installed (command -v ${program} succeeds; guard shims refresh removes it)`;
    else if (shim !== null && first !== shim) problem = `${first} comes before the shim ${shim} on PATH, so ${program} runs unguarded: put ${join(shim, '..')} first on PATH`;
    if (problem) problems.push(`${program}: ${problem}`);
    return { program, first, real, shim, problem };
  });

  return {
    version: readVersion(),
    guardBinary: input.guardBinary,
    configFiles,
    auditLog: { file: auditFile, exists: existsSync(auditFile), entries: chain.entries, problem: auditProblem },
    pendingApprovals: createApprovalStore(dir, () => new Date()).listPending().length,
    agentContext: isAgentEnvironment(input.env),
    hooks,
    programs,
    problems,
  };
}
