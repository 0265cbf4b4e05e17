// Runs `guard hook claude` the way an agent does: as the child of a non-shell parent process (node), which then exits.
import { spawn } from 'node:child_process';
import { GUARD_BIN, guardEnv, type GuardSandbox } from './run-guard.js';

export interface HookAnswer {
  readonly decision: 'allow' | 'deny' | 'ask';
  readonly reason: string;
}

const PARENT = `const r=require('node:child_process').spawnSync(process.execPath,[process.argv[1],'hook','claude',...JSON.parse(process.argv[3])],{input:process.argv[2],encoding:'utf8'});process.stdout.write(r.stdout);process.stderr.write(r.stderr)`;

/** The Claude Code answer to one tool call; an empty answer is "no objection" (allow). */
export function hookAsAgent(sandbox: GuardSandbox, tool: { name: string; input: unknown }, options: { cwd: string; env?: Record<string, string | undefined>; args?: readonly string[] }): Promise<HookAnswer> {
  const env = guardEnv({ sandbox, env: { CLAUDECODE: '1', ...options.env } });
  const payload = JSON.stringify({ tool_name: tool.name, tool_input: tool.input, cwd: options.cwd, hook_event_name: 'PreToolUse' });
  const child = spawn(process.execPath, ['-e', PARENT, GUARD_BIN, payload, JSON.stringify(options.args ?? [])], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) =>
    child.on('close', () => {
      try {
        const parsed = out.trim() ? (JSON.parse(out) as { hookSpecificOutput: { permissionDecision: HookAnswer['decision']; permissionDecisionReason: string } }) : null;
        resolve({ decision: parsed?.hookSpecificOutput.permissionDecision ?? 'allow', reason: parsed?.hookSpecificOutput.permissionDecisionReason ?? '' });
      } catch (error) {
        reject(new Error(`hook answered ${out} ${err}: ${(error as Error).message}`));
      }
    }),
  );
}
