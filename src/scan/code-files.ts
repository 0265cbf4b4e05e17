// Scripts as `guard scan` reads them: the script runner's own assessment, one finding per call site that writes or worse.
import type { Context } from '../core/context.js';
import { maxRisk, riskRank, type Risk } from '../core/risk.js';
import { languageOfFile } from '../code/program.js';
import { shebangInterpreter } from './files.js';
import type { Finding } from './model.js';

/** The program that would run the file: its shebang's, else by extension. */
function runnerOf(absolute: string, text: string): string {
  const interpreter = shebangInterpreter(text.slice(0, 256));
  if (interpreter === 'python' || interpreter === 'python3') return 'python3';
  if (interpreter === 'deno') return 'deno';
  const language = languageOfFile(absolute);
  if (language === 'python') return 'python3';
  if (language === 'typescript' || language === 'tsx') return 'tsx';
  return 'node';
}

/** `cleanup.js:2: volumeDelete(…)` → line 2 of cleanup.js (the runners' summaries name their file and line first). */
function lineOf(summary: string): { file: string; line: number; rest: string } | null {
  const match = /^(.+?):([0-9]+): (.*)$/s.exec(summary);
  return match ? { file: match[1] as string, line: Number(match[2]), rest: match[3] as string } : null;
}

export async function scanCodeFile(file: string, absolute: string, text: string, ctx: Context): Promise<Finding[]> {
  const { assess } = await import('../core/pipeline.js');
  const program = runnerOf(absolute, text);
  const assessment = await assess([program, absolute], ctx);
  const { report, verdict } = assessment;
  if (assessment.tool && assessment.parsed) await assessment.tool.dispose?.(assessment.parsed);
  const byLine = new Map<string, { line: number; shownFile: string; rules: { id: string; risk: Risk; summary: string }[] }>();
  for (const rule of report.rules) {
    if (riskRank(rule.risk) < riskRank('write')) continue;
    const at = lineOf(rule.summary);
    const shownFile = at && at.file !== file && !file.endsWith(at.file) ? at.file : file;
    const key = `${shownFile}:${at?.line ?? 1}`;
    const entry = byLine.get(key) ?? { line: at?.line ?? 1, shownFile, rules: [] };
    entry.rules.push(rule);
    byLine.set(key, entry);
  }
  return [...byLine.values()].map((entry) => ({
    kind: 'command',
    file: entry.shownFile === file ? file : entry.shownFile,
    line: entry.line,
    column: 1,
    command: entry.rules.map((rule) => lineOf(rule.summary)?.rest ?? rule.summary).join('; '),
    rules: entry.rules,
    risk: maxRisk(...entry.rules.map((rule) => rule.risk)),
    environment: report.environment,
    decision: verdict.decision,
    context: `${program} script`,
    reasons: verdict.reasons,
  }));
}
