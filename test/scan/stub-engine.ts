// A stand-in for the shell-line engine: one simple command per line, plain quotes, the real per-command pipeline.
import type { Context } from '../../src/core/context.js';
import { assess } from '../../src/core/pipeline.js';
import { maxRisk, strictestDecision } from '../../src/core/risk.js';
import type { CommandAssessment, LineAssessment, LineCommand } from '../../src/shell/model.js';

/** Splits a line into words with '…' and "…" quoting: enough for the fixtures, not a shell. */
function words(line: string): string[] | null {
  const out: string[] = [];
  let current: string | null = null;
  let quote: string | null = null;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      current ??= '';
    } else if (char === ' ' || char === '\t') {
      if (current !== null) out.push(current);
      current = null;
    } else if (char === '#' && current === null) {
      break;
    } else current = (current ?? '') + char;
  }
  if (quote) return null;
  if (current !== null) out.push(current);
  return out;
}

/** Text that says `PARSE-ERROR` stands for shell the real engine could not parse. */
export async function stubAssessShell(text: string, ctx: Context): Promise<LineAssessment> {
  const commands: CommandAssessment[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.includes('PARSE-ERROR')) problems.push(`syntax error on line ${index + 1}`);
    const argv = words(line);
    if (argv === null) {
      problems.push(`unterminated quote on line ${index + 1}`);
      continue;
    }
    if (argv.length === 0) continue;
    const column = line.length - line.trimStart().length + 1;
    const unknowns = argv[0]?.startsWith('$') ? ['command name comes from a variable'] : [];
    const command: LineCommand = { argv, env: {}, origin: { line: index + 1, column, text: line.trim() }, via: [], unknowns };
    commands.push({ command, assessment: await assess(argv, ctx) });
  }
  const risk = maxRisk(...commands.map((c) => c.assessment.analysis.risk), problems.length > 0 ? 'unknown' : 'none');
  const decision = strictestDecision(...commands.map((c) => c.assessment.verdict.decision), problems.length > 0 ? 'confirm' : 'allow');
  return { line: text, risk, decision, commands, problems };
}
