// The typed, target-bound confirmation: --confirm/GUARD_CONFIRM, or the phrase typed at /dev/tty.
import type { Context } from './context.js';
import type { Report, Verdict } from './types.js';

export interface ConfirmOutcome {
  readonly confirmed: boolean;
  /** Why it was refused (printed to stderr). */
  readonly message: string;
}

export const MAX_TRIES = 3;

function refusal(report: Report, verdict: Verdict, agent: boolean): string {
  const where = report.environment ? `in ${report.environment.name}` : 'here';
  const head = `guard: refused (exit 77): ${report.risk} ${where}`;
  if (verdict.decision === 'deny' || agent) {
    return `${head}. Stop and ask the user; a human must approve this with 'guard approve'.`;
  }
  return `${head}; re-run with --confirm ${verdict.expectedPhrase} if this is really what you mean.`;
}

export async function confirm(verdict: Verdict, report: Report, given: string | null, ctx: Context): Promise<ConfirmOutcome> {
  if (verdict.decision === 'allow') return { confirmed: true, message: '' };
  if (verdict.decision === 'deny' || verdict.expectedPhrase === null) {
    return { confirmed: false, message: refusal(report, verdict, ctx.agent) };
  }
  const phrase = verdict.expectedPhrase;
  if (given !== null) {
    if (given === phrase) return { confirmed: true, message: '' };
    const expected = ctx.agent ? '' : ` (the resolved target needs '${phrase}')`;
    return { confirmed: false, message: `guard: refused (exit 77): the confirmation '${given}' does not match${expected}.` };
  }
  const terminal = await ctx.openTerminal();
  if (!terminal) return { confirmed: false, message: refusal(report, verdict, ctx.agent) };
  try {
    // A wrong phrase is answered inline, in the same prompt, with the tries left.
    let wrong = 0;
    const answer = await terminal.ask(`Type ${phrase} to run it, or press Enter to cancel:`, (value) => {
      const text = value.trim();
      if (text === '' || text === phrase) return true;
      wrong++;
      if (wrong >= MAX_TRIES) return true;
      const left = MAX_TRIES - wrong;
      return `that does not match ${phrase} (${left} ${left === 1 ? 'try' : 'tries'} left)`;
    });
    if (answer === null || answer.trim() === '') return { confirmed: false, message: 'guard: cancelled (exit 77).' };
    if (answer.trim() === phrase) return { confirmed: true, message: '' };
    return { confirmed: false, message: `guard: refused (exit 77): ${MAX_TRIES} attempts did not match ${phrase}.` };
  } finally {
    terminal.close();
  }
}
