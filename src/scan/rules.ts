// Rules of the scanner itself: what it could not read or see, and suppression comments that went wrong.
import type { Rule, RuleTable } from '../core/types.js';

const UNSEEN_RECOVERY = 'Nothing has run yet: make the file readable or the command static, or run it under guard, which decides with the facts at hand.';

export const scanRules = {
  'unreadable-file': {
    id: 'scan/unreadable-file',
    risk: 'unknown',
    description: 'a file or directory the scan could not read, or too large to analyse',
    reason: 'What guard cannot read it cannot clear: an unread file counts as unknown (fail closed).',
    recovery: UNSEEN_RECOVERY,
  },
  'unrecognised-file': {
    id: 'scan/unrecognised-file',
    risk: 'unknown',
    description: 'a file named on the command line that is none of the kinds guard scans',
    reason: 'guard scans shell scripts, Makefiles, package.json, GitHub Actions, GitLab CI and SQL; it cannot clear anything else.',
    recovery: UNSEEN_RECOVERY,
  },
  'unanalysable-shell': {
    id: 'scan/unanalysable-shell',
    risk: 'unknown',
    description: 'shell text guard could not parse, or a step in a shell guard does not analyse (pwsh, python…)',
    reason: 'Commands guard cannot see may destroy anything: unknown, handled like destructive.',
    recovery: UNSEEN_RECOVERY,
  },
  'unresolved-command': {
    id: 'scan/unresolved-command',
    risk: 'unknown',
    description: 'a command whose name, target or payload comes from something guard cannot evaluate',
    reason: 'A command computed at run time (`$(…)`, unknown variables, decoded payloads) could be any command.',
    recovery: UNSEEN_RECOVERY,
  },
  'unused-suppression': {
    id: 'scan/unused-suppression',
    risk: 'none',
    description: 'a `guard: allow` comment that matches no finding on its line or the next',
    reason: 'A stale suppression would silently allow whatever lands on that line later.',
  },
  'invalid-suppression': {
    id: 'scan/invalid-suppression',
    risk: 'none',
    description: 'a `guard: allow` comment without a rule id or without a reason after `--`',
    reason: 'A suppression must say which rule it allows and why; this one allows nothing.',
  },
} as const satisfies Record<string, Rule>;

export type ScanRuleKey = keyof typeof scanRules;

export const SCAN_RULES: RuleTable = scanRules;
