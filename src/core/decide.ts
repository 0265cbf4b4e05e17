// Pure policy: the default-decision table of DESIGN.md, tightened (never loosened) by config.
import type { PolicyConfig } from '../config/types.js';
import { strictestDecision, type Decision, type Risk } from './risk.js';
import type { Analysis, EnvironmentFacts, Verdict } from './types.js';

type Protection = 'unprotected' | 'protected';
type Actor = 'human' | 'agent';

/** The one default-decision table. Rows: risk; columns: environment protection and actor. */
const DEFAULT_DECISIONS: Record<Risk, Record<Protection, Record<Actor, Decision>>> = {
  none: { unprotected: { human: 'allow', agent: 'allow' }, protected: { human: 'allow', agent: 'allow' } },
  read: { unprotected: { human: 'allow', agent: 'allow' }, protected: { human: 'allow', agent: 'allow' } },
  write: { unprotected: { human: 'allow', agent: 'allow' }, protected: { human: 'allow', agent: 'allow' } },
  unknown: { unprotected: { human: 'confirm', agent: 'confirm' }, protected: { human: 'confirm', agent: 'deny' } },
  destructive: { unprotected: { human: 'confirm', agent: 'confirm' }, protected: { human: 'confirm', agent: 'deny' } },
};

export interface DecideInput {
  readonly analysis: Analysis;
  readonly agent: boolean;
  readonly policy: PolicyConfig;
}

export function protectionOf(environment: EnvironmentFacts | null): Protection {
  return environment === null || !environment.protected ? 'unprotected' : 'protected';
}

/**
 * The decision and why. The confirmation phrase is derived only from resolved facts:
 * `<environment>/<primary target>`; it is never shown to agents.
 */
export function decide({ analysis, agent, policy }: DecideInput): Verdict {
  const actor: Actor = agent ? 'agent' : 'human';
  const dangerous = analysis.risk === 'destructive' || analysis.risk === 'unknown';
  // Facts guard tried and failed to verify make the environment count as protected.
  const protection: Protection =
    dangerous && analysis.unverified.length > 0 ? 'protected' : protectionOf(analysis.environment);

  const decisions: Decision[] = [DEFAULT_DECISIONS[analysis.risk][protection][actor]];
  const reasons: string[] = [];

  if (analysis.risk === 'write' && protection === 'protected' && policy.writeInProtected === 'confirm') {
    decisions.push(agent ? 'deny' : 'confirm');
    reasons.push('Configuration asks for confirmation of writes in protected environments.');
  }
  if (analysis.interactive && agent && protection === 'protected') {
    decisions.push('deny');
    reasons.push('An agent may not open an interactive session in a protected environment.');
  }
  for (const hit of analysis.hits) {
    const override = policy.rules?.[hit.rule.id];
    if (override && override !== 'allow') {
      // An agent cannot type a phrase at a terminal it does not have: confirm means a human.
      decisions.push(override === 'confirm' && agent && protection === 'protected' ? 'deny' : override);
      reasons.push(`Configuration sets ${hit.rule.id} to ${override}.`);
    }
  }

  const decision = strictestDecision(...decisions);
  for (const hit of analysis.hits) {
    if (hit.rule.risk === analysis.risk && !reasons.includes(hit.rule.reason)) reasons.push(hit.rule.reason);
  }
  reasons.push(...analysis.notes);
  if (analysis.unverified.length > 0 && dangerous) {
    reasons.push(`guard could not verify: ${analysis.unverified.join('; ')}.`);
  }
  if (decision === 'deny' && agent) {
    reasons.push(`${analysis.risk} in ${analysis.environment?.name ?? 'an unresolved environment'}: a human must approve this with 'guard approve'.`);
  }

  // Agents are never shown the phrase (they must not be handed a way past); a matching
  // --confirm still works where policy lets an agent confirm (unprotected environments).
  const expected = decision === 'confirm' ? confirmPhrase(analysis) : null;
  return { decision, confirmPhrase: agent ? null : expected, expectedPhrase: expected, reasons };
}

/** `<environment>/<primary target name>`, or the tool when nothing narrower was resolved. */
export function confirmPhrase(analysis: Analysis): string {
  const environment = analysis.environment?.name ?? 'unknown';
  const first = analysis.targets[0];
  // One word, so it can be typed and passed as one argument: the name, else the id, else dashes for spaces.
  const target = first ? ([first.name, first.id].find((word) => !/\s/.test(word)) ?? first.name) : (analysis.tool ?? 'command');
  return `${oneWord(environment)}/${oneWord(target)}`;
}

function oneWord(text: string): string {
  return text.trim().replace(/\s+/g, '-');
}
