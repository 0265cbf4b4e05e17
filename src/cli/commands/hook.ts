// `guard hook <agent>` answers an agent's pre-tool hook; `guard hook install <agent>` wires guard into the agent's config.
import { mkdtempSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Context } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { spooledFile, type StdinSource } from '../../core/stdin.js';
import { loadConfig } from '../../config/load.js';
import { AGENTS, isAgentName, type AgentName } from '../../hooks/model.js';
import type { RegisterCommand } from './types.js';
import type { HookResult } from '../../hooks/run.js';

interface HookOptions {
  project?: boolean;
  user?: boolean;
  uninstall?: boolean;
  live?: boolean;
}

/** The hook's own stdin is the agent's payload; commands in the line never read it. */
function noStdin(): StdinSource {
  return {
    isTTY: false,
    closed: true,
    async spool() {
      const dir = mkdtempSync(join(tmpdir(), 'guard-hook-'));
      writeFileSync(join(dir, 'stdin'), '', { mode: 0o600 });
      return spooledFile(join(dir, 'stdin'), dir);
    },
  };
}

function usableCwd(cwd: string | null, fallback: string): string {
  if (cwd && isAbsolute(cwd) && existsSync(cwd) && statSync(cwd).isDirectory()) return cwd;
  return fallback;
}

export interface HookAnswerOptions {
  readonly live: boolean;
  readonly guardBinary: string | null;
  /** When guard started reading the payload: the budget counts from there. */
  readonly started: number;
  /** The working directory guard itself runs in (the payload's own cwd may differ). */
  readonly processCwd: string;
  /** The resident guard narrows the context (its effects); the in-process path leaves it as it is. */
  readonly adapt?: (ctx: Context) => Context;
}

/** The hook's whole answer to one payload, without writing it: the in-process path and the resident guard share it. */
export async function computeHookAnswer(agent: AgentName, raw: Buffer, options: HookAnswerOptions): Promise<HookResult> {
  const [{ answerHook, DEFAULT_BUDGET_MS }, { loadLineAssessor }, { createProcessContext }] = await Promise.all([
    import('../../hooks/run.js'),
    import('../../hooks/line-engine.js'),
    import('../context.js'),
  ]);
  return answerHook(agent, raw, {
    assessLine: await loadLineAssessor(),
    budgetMs: Math.max(200, DEFAULT_BUDGET_MS - (Date.now() - options.started)),
    makeContext(cwd): Context {
      const base = createProcessContext({ offline: !options.live, offlineCause: "the hook's offline mode", guardBinary: options.guardBinary });
      const where = usableCwd(cwd, options.processCwd);
      const ctx: Context = { ...base, cwd: where, agent: true, config: where === base.cwd ? base.config : loadConfig(base.guardDir, where), stdin: noStdin() };
      return options.adapt ? options.adapt(ctx) : ctx;
    },
  });
}

/** Whether the hook looks up live: `--live` (from the hook's install) or GUARD_HOOK_LIVE=1. */
export function hookIsLive(options: { live?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  // Offline by default: an agent waits on every call, and live look-ups cost seconds (see README).
  return Boolean(options.live) || env.GUARD_HOOK_LIVE === '1';
}

export async function answer(agent: AgentName, options: HookOptions, guardBinary: string | null, preread: Buffer | undefined): Promise<number> {
  const started = Date.now();
  const raw = preread ?? (await (await import('../../hooks/payload.js')).readHookPayload());
  const result = await computeHookAnswer(agent, raw, { live: hookIsLive(options, process.env), guardBinary, started, processCwd: process.cwd() });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

const OFFLINE_NOTE =
  "guard: the hook judges offline (no network: about 50-100 ms a call). What it cannot look up counts as production-level, and 'guard approve' looks it up live for the human.\n" +
  '       For live look-ups in the hook itself, install it with --live: destructive requests then wait for the provider (a few seconds at most, bounded by the hook\'s 2 s budget); harmless ones never do.\n';
const LIVE_NOTE = "guard: the hook looks destructive requests up live (the provider's API, the database): those calls take longer, bounded by the hook's 2 s budget (an answer that does not come in time is a refusal); harmless ones are not looked up.\n";

/** Both levels wired means every command is checked, and refused or asked about, twice. */
function warnIfInstalledTwice(agent: AgentName, scope: 'user' | 'project', install: typeof import('../../hooks/install.js')): void {
  const other = scope === 'user' ? 'project' : 'user';
  const file = install.configFile(agent, other, process.cwd(), homedir());
  const mine = install.configFile(agent, scope, process.cwd(), homedir());
  if (file === null || mine === null || resolve(file) === resolve(mine) || !install.inspectHook(agent, file).installed) return;
  process.stderr.write(`guard: the hook is also installed at ${other} level (${file}): every command is now checked twice; remove one with guard hook install ${agent} --uninstall${other === 'project' ? ' --project' : ''}\n`);
}

export const registerHookCommand: RegisterCommand = (program, env) => {
  program
    .command('hook')
    .description(`answer an AI agent's pre-tool hook (${AGENTS.join(', ')}), or install/uninstall guard's hook`)
    .argument('<agent|install>', 'the agent whose hook payload is on stdin, or "install"')
    .argument('[agent]', 'with install: the agent to wire')
    .option('--project', 'with install: the project file, with a portable command teammates can share')
    .option('--user', "with install: the user's file in the home directory (the default)")
    .option('--uninstall', "with install: remove guard's hook instead")
    .option('--live', 'let the hook make live look-ups (slower; default is offline classification)')
    // An unknown option must not turn into a usage status an agent would read as "go ahead".
    .allowUnknownOption()
    .action(async (first: string, second: string | undefined, options: HookOptions) => {
      if (first === 'install') {
        if (!second || !isAgentName(second)) throw new UsageError(`guard hook install <agent>: one of ${AGENTS.join(', ')}`);
        if (options.project && options.user) throw new UsageError('--project and --user exclude each other');
        if (!env.guardBinary) throw new UsageError("cannot tell where guard's own binary is; run the installed 'guard'");
        const [{ installHook }, { AGENT_CONFIGS }, { guardDirectory }] = await Promise.all([import('../../hooks/install.js'), import('../../hooks/agents.js'), import('../../config/load.js')]);
        // User level by default: a project file is committed, and an absolute path in it breaks teammates.
        const userFile = AGENT_CONFIGS[second].files.user !== null;
        const scope = options.project || !userFile ? 'project' : 'user';
        if (!options.project && !userFile) process.stdout.write(`guard: ${AGENT_CONFIGS[second].display} reads hooks only from the repository: using the project file\n`);
        const result = installHook({
          agent: second,
          scope,
          projectDir: process.cwd(),
          home: homedir(),
          guardBinary: scope === 'user' ? resolve(env.guardBinary) : null,
          uninstall: Boolean(options.uninstall),
          live: Boolean(options.live),
          backupDir: join(guardDirectory(process.env, homedir()), 'hook-backups'),
        });
        process.stdout.write(`guard: ${result.summary}\n`);
        if (scope === 'project' && !options.uninstall) process.stdout.write("guard: the project file calls 'guard' from PATH (or the project's own through npx): commit it for the whole team\n");
        if (!options.uninstall) process.stdout.write(options.live ? LIVE_NOTE : OFFLINE_NOTE);
        if (!options.uninstall) warnIfInstalledTwice(second, scope, await import('../../hooks/install.js'));
        return;
      }
      if (!isAgentName(first)) {
        // An agent runs this: a usage status (64) would let its tool run, so refuse the way hooks block.
        process.stderr.write(`guard: unknown agent '${first}' (expected ${AGENTS.join(', ')}); refused (fail closed).\n`);
        env.setStatus(2);
        return;
      }
      env.setStatus(await answer(first, options, env.guardBinary, env.prereadStdin));
    });
};
