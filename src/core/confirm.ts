// The typed, target-bound confirmation: --confirm/GUARD_CONFIRM, or the phrase typed at /dev/tty.
import type { Context } from './context.js';
import type { Report, Verdict } from './types.js';
import { redactArgv } from './redact.js';
import { quoteForDisplay } from './quote.js';
import { flagIsOn } from './env-flag.js';

export interface ConfirmOutcome {
  readonly confirmed: boolean;
  /** Why it was refused (printed to stderr). */
  readonly message: string;
}

export const MAX_TRIES = 3;

/** Where the phrase goes: guard's own option before the command, or GUARD_CONFIRM through a shim or function. */
function howToConfirm(phrase: string, report: Report, ctx: Context): string {
  const command = redactArgv(report.argv).map(quoteForDisplay).join(' ');
  if (ctx.invokedVia) return `GUARD_CONFIRM=${quoteForDisplay(phrase)} ${command}`;
  return `guard --confirm ${quoteForDisplay(phrase)} ${command}`;
}

function refusal(report: Report, verdict: Verdict, ctx: Context): string {
  const where = report.environment ? `in ${report.environment.name}` : 'here';
  const head = `guard: refused (exit 77): ${report.risk} ${where}`;
  if (verdict.decision === 'deny' || ctx.agent) {
    return `${head}. Stop and ask the user; a human must approve this with 'guard approve'.`;
  }
  const noPrompt = promptsDisabled(ctx.env) ? ' (no prompt: CI or GUARD_NO_PROMPT is set)' : '';
  return `${head}${noPrompt}; if this is really what you mean, re-run it as\n  ${howToConfirm(verdict.expectedPhrase ?? '', report, ctx)}`;
}

/** CI=true (or 1) and GUARD_NO_PROMPT=1 mean: never ask, even when a terminal is there. */
export function promptsDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return flagIsOn(env.CI) || flagIsOn(env.GUARD_NO_PROMPT);
}

export async function confirm(verdict: Verdict, report: Report, given: string | null, ctx: Context): Promise<ConfirmOutcome> {
  if (verdict.decision === 'allow') return { confirmed: true, message: '' };
  if (verdict.decision === 'deny' || verdict.expectedPhrase === null) {
    return { confirmed: false, message: refusal(report, verdict, ctx) };
  }
  const phrase = verdict.expectedPhrase;
  if (given !== null) {
    if (given === phrase) return { confirmed: true, message: '' };
    const expected = ctx.agent ? '' : ` (the resolved target needs '${phrase}')`;
    return { confirmed: false, message: `guard: refused (exit 77): the confirmation '${given}' does not match${expected}.` };
  }
  const terminal = promptsDisabled(ctx.env) ? null : await ctx.openTerminal();
  if (!terminal) return { confirmed: false, message: refusal(report, verdict, ctx) };
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
