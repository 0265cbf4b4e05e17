// What the daemon loads before it listens: both parsers, the shell engine and every tool family, each run once.
import { PROGRAMS, findTool } from '../tools/registry.js';
import { computeHookAnswer } from '../cli/commands/hook.js';
import { gatedContext, newEffects } from './gated-context.js';

const TERMINALS = { stdinClosed: false, stdin: false, stdout: false, stderr: false };

/** The first parse of each parser costs tens of milliseconds: paid here once, not by the first client. */
export async function warmUp(): Promise<void> {
  for (const program of PROGRAMS) await findTool(program);
  const payload = Buffer.from(JSON.stringify({ tool_name: 'Bash', tool_input: { command: "ls -la && psql -c 'select 1' && kubectl get pods" }, cwd: '/' }));
  // Effects are collected and dropped: warming writes no audit record and touches no approval.
  await computeHookAnswer('claude', payload, {
    live: false,
    guardBinary: null,
    started: Date.now(),
    processCwd: '/',
    adapt: (ctx) => gatedContext(ctx, TERMINALS, newEffects()),
  });
}
