// The closed vocabulary of risk and decision, and the one ordering every stage uses.

export const RISKS = ['none', 'read', 'write', 'unknown', 'destructive'] as const;
export type Risk = (typeof RISKS)[number];

export const DECISIONS = ['allow', 'confirm', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

// `unknown` ranks just below `destructive`: both are handled alike (fail closed), but when a
// command has a recognised destructive statement and an unparseable one, the report should
// lead with what guard knows for sure.
const RANK: Record<Risk, number> = { none: 0, read: 1, write: 2, unknown: 3, destructive: 4 };

export function riskRank(risk: Risk): number {
  return RANK[risk];
}

export function maxRisk(...risks: Risk[]): Risk {
  let worst: Risk = 'none';
  for (const risk of risks) if (RANK[risk] > RANK[worst]) worst = risk;
  return worst;
}

/** Risks that need a confirmation (or a human) before they run. */
export function isDangerous(risk: Risk): boolean {
  return risk === 'destructive' || risk === 'unknown';
}

const DECISION_RANK: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };

export function strictestDecision(...decisions: Decision[]): Decision {
  let worst: Decision = 'allow';
  for (const decision of decisions) if (DECISION_RANK[decision] > DECISION_RANK[worst]) worst = decision;
  return worst;
}
