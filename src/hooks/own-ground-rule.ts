// The rule for requests that touch guard's own state (see own-ground.ts).
import type { Rule } from '../core/types.js';

export const OWN_GROUND_RULE = {
  id: 'guard/own-state',
  risk: 'destructive',
  description: "an agent's command or file edit that writes, moves, deletes or truncates guard's own state, or runs guard approve / config set / hook install / shims uninstall",
  reason: "guard's configuration, approvals, audit log, key, hook entries and shims decide what an agent may do: an agent may not change them.",
  recovery: 'A human restores them: `guard doctor` shows what is wired, `guard log --verify` checks the audit log.',
} as const satisfies Rule;
