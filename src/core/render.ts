// Writes the human report to stderr, in colour when the terminal and NO_COLOR/FORCE_COLOR allow.
import type { Context } from './context.js';
import { PLAIN, renderHuman, type Colors } from './report.js';
import type { Report, Verdict } from './types.js';

/** FORCE_COLOR wins, then NO_COLOR (chalk ignores it on a terminal), then whether stderr is a TTY. */
export function colorLevel(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): number {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    const level = Number(force);
    return Number.isInteger(level) && level >= 1 && level <= 3 ? level : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return 1;
}

async function colorsFor(ctx: Context): Promise<Colors> {
  const level = ctx.color === false ? 0 : ctx.color === true ? Math.max(1, colorLevel(ctx.env, true)) : colorLevel(ctx.env, ctx.stderr.isTTY);
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: level as 1 | 2 | 3 });
  return { red: chalk.red, yellow: chalk.yellow, green: chalk.green, bold: chalk.bold, dim: chalk.dim };
}

export async function renderReport(report: Report, verdict: Verdict, ctx: Context, options: { dryRun: boolean }): Promise<void> {
  const colors = await colorsFor(ctx);
  if (verdict.decision === 'allow' && !options.dryRun) {
    // Only interactive sessions get here: one line naming where the session goes.
    const env = report.environment;
    if (env) {
      const tag = env.protected ? colors.red(' [protected]') : '';
      ctx.stderr.write(`guard: ${report.argv[0]} session in ${colors.bold(env.name)}${tag} (${env.source})\n`);
    }
    return;
  }
  let text = renderHuman(report, colors);
  if (options.dryRun) {
    const phrase = verdict.confirmPhrase ? `; confirmation phrase: ${verdict.confirmPhrase}` : '';
    text += `  decision    ${colors.bold(verdict.decision)}${phrase}\n`;
    for (const reason of verdict.reasons) text += `  ${colors.dim('because')}     ${reason}\n`;
  }
  ctx.stderr.write(text);
}
