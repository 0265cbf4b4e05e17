// The environment markers AI coding agents set for the commands they run (DESIGN.md), and GUARD_AGENT.
export const AGENT_MARKERS = ['CLAUDECODE', 'CURSOR_AGENT', 'CODEX_SANDBOX', 'GEMINI_CLI', 'AI_AGENT', 'CLINE_ACTIVE', 'ROO_ACTIVE'] as const;

export function isAgentEnvironment(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.GUARD_AGENT !== undefined) return env.GUARD_AGENT === '1' || env.GUARD_AGENT === 'true';
  return AGENT_MARKERS.some((name) => env[name] !== undefined && env[name] !== '' && env[name] !== '0');
}
