// `guard doctor [--json]`: what guard is wired into (agent hooks, shims), its files, and every problem with them (exit 78 when any).
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { EXIT } from '../../core/errors.js';
import { doctorFindings, type DoctorFindings, type DoctorInput, type ProgramFinding } from '../doctor-checks.js';
import type { RegisterCommand } from './types.js';

function describeFile(file: string | null, missing: string): string {
  if (file === null) return missing;
  return existsSync(file) ? `${file} (${statSync(file).size} bytes)` : `${file} (not created yet)`;
}

function programState(finding: ProgramFinding): string {
  if (finding.problem) return `PROBLEM: ${finding.problem}`;
  if (finding.shim && finding.real) return `shim ${finding.shim} → ${finding.real}`;
  return `${finding.real} (no guard shim in front: unguarded unless prefixed)`;
}

/** The findings as the lines a person reads. */
export function renderDoctor(findings: DoctorFindings): string[] {
  const [user, project] = findings.configFiles;
  const audit = findings.auditLog;
  const lines = [
    `guard ${findings.version}  ${findings.guardBinary ?? '(binary path unknown)'}`,
    `user config    ${describeFile(user?.file ?? null, '(none)')}${user?.problem ? `  PROBLEM: ${user.problem}` : ''}`,
    `project config ${describeFile(project?.file ?? null, '(none found from this directory up)')}${project?.problem ? `  PROBLEM: ${project.problem}` : ''}`,
    `audit log      ${describeFile(audit.file, '')}`,
    `audit chain    ${audit.problem ? `NOT INTACT: ${audit.problem}` : `intact (${audit.entries} ${audit.entries === 1 ? 'entry' : 'entries'})`}`,
    `approvals      ${findings.pendingApprovals} pending`,
    `agent context  ${findings.agentContext ? 'yes: this shell looks like an AI agent' : 'no'}`,
    'agent hooks:',
  ];
  const agents = [...new Set(findings.hooks.map((hook) => hook.agent))];
  for (const agent of agents) {
    const hooks = findings.hooks.filter((hook) => hook.agent === agent);
    const parts = hooks.map((hook) => `${hook.scope} ${hook.installed ? 'wired' : 'not wired'}${hook.problem ? ` (${hook.problem})` : ''} [${hook.file}]`);
    lines.push(`  ${(hooks[0]?.display ?? agent).padEnd(15)} ${parts.join('; ')}`);
  }
  lines.push('programs (first on PATH → the real binary guard runs):');
  for (const finding of findings.programs) if (finding.real !== null || finding.shim !== null) lines.push(`  ${finding.program.padEnd(14)}${programState(finding)}`);
  const missing = findings.programs.filter((finding) => finding.real === null && finding.shim === null).map((finding) => finding.program);
  if (missing.length > 0) lines.push(`  not installed: ${missing.join(', ')}`);
  if (findings.problems.length === 0) lines.push('no problems found');
  else {
    lines.push(`${findings.problems.length} ${findings.problems.length === 1 ? 'problem' : 'problems'}:`);
    for (const problem of findings.problems) lines.push(`  - ${problem}`);
  }
  return lines;
}

/** The report as lines (kept for callers that only read text). */
export async function doctorReport(input: DoctorInput): Promise<string[]> {
  return renderDoctor(await doctorFindings(input));
}

export const registerDoctorCommand: RegisterCommand = (program, env) => {
  program
    .command('doctor')
    .description(`check guard's set-up: config files parse and validate, agent hooks are installed once and can run, shims come first on PATH, the audit log is intact. Exits ${EXIT.config} (bad configuration) when there is a problem, 0 otherwise`)
    .option('--json', 'the findings as one JSON object (its "problems" list is empty when all is well)')
    .action(async (options: { json?: boolean }) => {
      const findings = await doctorFindings({ env: process.env, cwd: process.cwd(), home: homedir(), guardBinary: env.guardBinary });
      if (options.json) process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
      else process.stdout.write(`${renderDoctor(findings).join('\n')}\n`);
      if (findings.problems.length > 0) env.setStatus(EXIT.config);
    });
};
