// `guard doctor`: what guard is wired into (agent hooks, shims), where its files are, and its version.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { RegisterCommand } from './types.js';

function firstOnPath(name: string, path: string, cwd: string): string | null {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir === '' ? cwd : dir, name);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return null;
}

function describeFile(file: string): string {
  return existsSync(file) ? `${file} (${statSync(file).size} bytes)` : `${file} (not created yet)`;
}

function auditState(result: { entries: number; brokenAt: number | null; problem: string | null }): string {
  if (result.brokenAt !== null) return `BROKEN at entry ${result.brokenAt}: ${result.problem ?? 'the hash chain does not hold'}`;
  if (result.problem !== null) return `NOT INTACT: ${result.problem}`;
  return `intact (${result.entries} entries)`;
}

export interface DoctorInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  readonly guardBinary: string | null;
}

/** The report as lines; pure apart from reading the files it reports on. */
export async function doctorReport(input: DoctorInput): Promise<string[]> {
  const [{ guardDirectory, findProjectConfig, USER_CONFIG_FILE }, { AUDIT_FILE, verifyAuditLog }, { findExecutable }, { WRAPPED_PROGRAMS: PROGRAMS }, { readVersion }, { AGENTS }, { AGENT_CONFIGS }, { configFile, inspectHook }, { createApprovalStore }, { isAgentEnvironment }] =
    await Promise.all([
      import('../../config/load.js'),
      import('../../core/audit.js'),
      import('../../core/exec.js'),
      import('../../tools/registry.js'),
      import('../subcommands.js'),
      import('../../hooks/model.js'),
      import('../../hooks/agents.js'),
      import('../../hooks/install.js'),
      import('../../approvals/store.js'),
      import('../context.js'),
    ]);
  const dir = guardDirectory(input.env, input.home);
  const lines = [
    `guard ${readVersion()}  ${input.guardBinary ?? '(binary path unknown)'}`,
    `user config   ${describeFile(join(dir, USER_CONFIG_FILE))}`,
    `project config ${findProjectConfig(input.cwd) ?? '(none found from this directory up)'}`,
    `audit log     ${describeFile(join(dir, AUDIT_FILE))}`,
    `audit chain   ${auditState(verifyAuditLog(dir))}`,
    `approvals     ${join(dir, 'approvals')} (${createApprovalStore(dir, () => new Date()).listPending().length} pending)`,
    `agent context ${isAgentEnvironment(input.env) ? 'yes: this shell looks like an AI agent' : 'no'}`,
    'agent hooks:',
  ];
  for (const agent of AGENTS) {
    const parts: string[] = [];
    for (const scope of ['project', 'user'] as const) {
      const file = configFile(agent, scope, input.cwd, input.home);
      if (file === null) continue;
      const state = inspectHook(agent, file);
      parts.push(`${scope} ${state.installed ? 'wired' : 'not wired'}${state.problem ? ` (${state.problem})` : ''} [${file}]`);
    }
    lines.push(`  ${AGENT_CONFIGS[agent].display.padEnd(15)} ${parts.join('; ')}`);
  }
  lines.push('programs (first on PATH → the real binary guard runs):');
  for (const program of PROGRAMS) {
    const first = firstOnPath(program, input.env.PATH ?? '', input.cwd);
    const real = findExecutable(program, input.env, input.cwd, input.guardBinary);
    const state = first === null ? 'not found' : first === real ? `${real} (no guard shim in front: unguarded unless prefixed)` : real ? `shim ${first} → ${real}` : `shim ${first}, but no real binary behind it`;
    lines.push(`  ${program.padEnd(12)} ${state}`);
  }
  return lines;
}

export const registerDoctorCommand: RegisterCommand = (program, env) => {
  program
    .command('doctor')
    .description('which agents and programs guard is wired into, where its files are, and its version')
    .action(async () => {
      const lines = await doctorReport({ env: process.env, cwd: process.cwd(), home: homedir(), guardBinary: env.guardBinary });
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
