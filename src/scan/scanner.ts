// `guard scan`: files → shell snippets and SQL → the same assessment as the prefix → findings.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Context } from '../core/context.js';
import { redactArgv } from '../core/redact.js';
import { maxRisk, riskRank, strictestDecision, type Risk } from '../core/risk.js';
import { spooledFile, type StdinSource } from '../core/stdin.js';
import type { LineAssessment } from '../shell/model.js';
import { quotePosix } from '../shims/shell-init.js';
import type { ShellTextAssessor } from './engine.js';
import { extractGithubSnippets, extractGitlabSnippets, extractPackageScripts } from './extract-ci.js';
import { extractMakeSnippets } from './extract-make.js';
import { codeKind, isShellShebang, kindFromName, walkDirectory, type WalkEntry, type WalkProblem } from './files.js';
import type { CodeMigrationKind, FailOn, FileKind, Finding, Position, ScanResult, ShellSnippet } from './model.js';
import { scanRules, type ScanRuleKey } from './rules.js';
import { scanSqlFile } from './sql-migrations.js';
import { applySuppressions, findSuppressions } from './suppressions.js';

/** Larger files are not analysed (and say so, as unknown): a scan must end. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
export const STDIN_LABEL = '<stdin>';

export interface ScanOptions {
  readonly failOn: FailOn;
}

export interface ScanDependencies {
  readonly assessShell: ShellTextAssessor;
  /** All of guard's stdin, for the path `-`. */
  readStdin(): Promise<string>;
}

/** Which risks fail the scan at each threshold; unknown is handled like destructive (fail closed). */
const FAILING_RISKS: Readonly<Record<FailOn, ReadonlySet<Risk>>> = {
  destructive: new Set(['destructive', 'unknown']),
  unknown: new Set(['destructive', 'unknown']),
  write: new Set(['write', 'destructive', 'unknown']),
};

/** Suppression problems are hygiene: they fail only the strictest threshold. */
export function isFailing(finding: Finding, failOn: FailOn): boolean {
  if (finding.suppressed) return false;
  if (finding.kind === 'suppression') return failOn === 'write';
  return FAILING_RISKS[failOn].has(finding.risk);
}

export async function scanPaths(paths: readonly string[], ctx: Context, deps: ScanDependencies, options: ScanOptions): Promise<ScanResult> {
  const scanCtx: Context = { ...ctx, stdin: emptyStdin() };
  const files: string[] = [];
  const findings: Finding[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push(STDIN_LABEL);
      const text = await deps.readStdin();
      findings.push(...(await scanText(STDIN_LABEL, text, 'shell', ctx.cwd, scanCtx, deps)));
      continue;
    }
    const absolute = resolve(ctx.cwd, path);
    const entries: WalkEntry[] = [];
    const problems: WalkProblem[] = [];
    let explicitKind: FileKind | null = null;
    try {
      if (statSync(absolute).isDirectory()) walkDirectory(absolute, entries, problems);
      else {
        const head = await headOf(absolute, scanCtx);
        explicitKind = kindFromName(absolute) ?? (isShellShebang(head) ? 'shell' : null) ?? codeKind(absolute, true, () => head);
        if (explicitKind) entries.push({ path: absolute, kind: explicitKind });
        else findings.push(fileFinding(path, 'unrecognised-file', 'not a kind of file guard scans (shell, Makefile, package.json, workflow, GitLab CI, SQL, code migrations, JavaScript/TypeScript/Python scripts)'));
      }
    } catch (error) {
      problems.push({ path: absolute, why: describeError(error) });
    }
    for (const problem of problems) findings.push(fileFinding(shown(problem.path, path, absolute, ctx.cwd), 'unreadable-file', problem.why));
    for (const entry of entries) {
      const file = shown(entry.path, path, absolute, ctx.cwd);
      files.push(file);
      findings.push(...(await scanFile(file, entry.path, entry.kind, scanCtx, deps)));
    }
  }
  const summary = {
    files: files.length,
    findings: findings.filter((f) => !f.suppressed).length,
    suppressed: findings.filter((f) => f.suppressed).length,
    failing: findings.filter((f) => isFailing(f, options.failOn)).length,
  };
  return { version: 1, failOn: options.failOn, offline: ctx.offline, files, findings, summary };
}

/** A walked file as the user would name it: relative to where they named its directory. */
function shown(path: string, given: string, absolute: string, cwd: string): string {
  if (path === absolute) return given;
  const fromCwd = relative(cwd, path);
  return isAbsolute(given) || fromCwd.startsWith('..') ? path : fromCwd;
}

async function headOf(path: string, ctx: Context): Promise<string> {
  return (await ctx.readFile(path)).subarray(0, 256).toString('utf8');
}

async function scanFile(file: string, absolute: string, kind: FileKind, ctx: Context, deps: ScanDependencies): Promise<Finding[]> {
  let text: string;
  try {
    if (statSync(absolute).size > MAX_FILE_BYTES) return [fileFinding(file, 'unreadable-file', `larger than ${MAX_FILE_BYTES} bytes; not analysed`)];
    text = (await ctx.readFile(absolute)).toString('utf8');
  } catch (error) {
    return [fileFinding(file, 'unreadable-file', describeError(error))];
  }
  if (kind === 'sql') {
    let sqlFindings: Finding[];
    try {
      sqlFindings = await scanSqlFile(file, absolute, ctx);
    } catch (error) {
      sqlFindings = [fileFinding(file, 'unreadable-file', describeError(error))];
    }
    return applySuppressions(sqlFindings, findSuppressions(text, kind), file);
  }
  if (kind === 'code') {
    const { scanCodeFile } = await import('./code-files.js');
    try {
      return await scanCodeFile(file, absolute, text, ctx);
    } catch (error) {
      return [fileFinding(file, 'unreadable-file', describeError(error))];
    }
  }
  if (kind === 'rails-migration' || kind === 'python-migration' || kind === 'js-migration') {
    const { scanCodeMigration } = await import('./code-migrations.js');
    return applySuppressions(await scanCodeMigration(file, text, kind, ctx), findSuppressions(text, kind), file);
  }
  return scanText(file, text, kind, absolute, ctx, deps);
}

async function scanText(file: string, text: string, kind: Exclude<FileKind, 'sql' | 'code' | CodeMigrationKind>, absolute: string, ctx: Context, deps: ScanDependencies): Promise<Finding[]> {
  let snippets: ShellSnippet[];
  try {
    snippets = extractSnippets(text, kind, absolute, ctx.cwd);
  } catch (error) {
    return [fileFinding(file, 'unanalysable-shell', describeError(error))];
  }
  const findings: Finding[] = [];
  for (const snippet of snippets) findings.push(...(await scanSnippet(file, snippet, ctx, deps)));
  return applySuppressions(findings, findSuppressions(text, kind), file);
}

function extractSnippets(text: string, kind: Exclude<FileKind, 'sql' | 'code' | CodeMigrationKind>, absolute: string, cwd: string): ShellSnippet[] {
  const directory = absolute === STDIN_LABEL ? cwd : resolve(absolute, '..');
  switch (kind) {
    case 'shell':
      return [{ text, positions: text.split('\n').map((_, i) => ({ line: i + 1, column: 1 })), cwd: directory, label: 'shell script' }];
    case 'make':
      return extractMakeSnippets(text, directory);
    case 'package-json':
      return extractPackageScripts(text, absolute);
    case 'github-actions':
      return extractGithubSnippets(text, absolute);
    case 'gitlab-ci':
      return extractGitlabSnippets(text, absolute);
  }
}

async function scanSnippet(file: string, snippet: ShellSnippet, ctx: Context, deps: ScanDependencies): Promise<Finding[]> {
  const first = snippet.positions[0] ?? { line: 1, column: 1 };
  // The excerpt is shown as written: its secrets are masked by the same redactor as every other door.
  const excerpt = await (await import('../core/redact-line.js')).redactShellLine(snippet.text.split('\n')[0] ?? '');
  if (snippet.opaque) return [{ ...fileFinding(file, 'unanalysable-shell', snippet.opaque), line: first.line, column: first.column, command: excerpt, context: snippet.label }];
  const snippetCtx: Context = { ...ctx, cwd: snippet.cwd, env: { ...ctx.env, ...snippet.env } };
  let assessed: LineAssessment;
  try {
    assessed = await deps.assessShell(snippet.text, snippetCtx, { file });
  } catch (error) {
    return [{ ...fileFinding(file, 'unanalysable-shell', describeError(error)), line: first.line, column: first.column, command: excerpt, context: snippet.label }];
  }
  const findings: Finding[] = [];
  if (assessed.problems.length > 0) {
    findings.push({ ...fileFinding(file, 'unanalysable-shell', assessed.problems.join('; ')), line: first.line, column: first.column, command: excerpt, context: snippet.label });
  }
  for (const { command, assessment } of assessed.commands) {
    const { report, verdict } = assessment;
    const rules = report.rules.map((rule) => ({ ...rule }));
    let risk: Risk = report.risk;
    if (command.unknowns.length > 0) {
      const rule = scanRules['unresolved-command'];
      rules.push({ id: rule.id, risk: rule.risk, summary: command.unknowns.join('; ') });
      risk = maxRisk(risk, 'unknown');
    }
    if (riskRank(risk) < riskRank('write')) continue;
    const at = mapPosition(snippet.positions, command.origin.line, command.origin.column);
    const argv = report.tool === null ? redactArgv(command.argv) : report.argv;
    findings.push({
      kind: 'command',
      file,
      line: at.line,
      column: at.column,
      command: argv.map(shellWord).join(' '),
      rules,
      risk,
      environment: report.environment,
      decision: command.unknowns.length > 0 ? strictestDecision(verdict.decision, 'confirm') : verdict.decision,
      context: [snippet.label, ...(command.from && !command.from.startsWith(`${file}:`) ? [`via ${command.from}`] : [])].join(', '),
      reasons: [...verdict.reasons, ...command.unknowns],
    });
  }
  return findings;
}

/** A snippet's 1-based line and column mapped to the file (lines past the map continue below it). */
export function mapPosition(positions: readonly Position[], line: number, column: number): Position {
  const index = line - 1;
  const known = positions[Math.min(Math.max(index, 0), positions.length - 1)] ?? { line: 1, column: 1 };
  if (index < positions.length) return { line: known.line, column: known.column + column - 1 };
  return { line: known.line + (index - positions.length + 1), column };
}

function shellWord(word: string): string {
  return word !== '' && [...word].every((char) => SAFE_WORD_CHARS.includes(char)) ? word : quotePosix(word);
}
const SAFE_WORD_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@,+%^';

function fileFinding(file: string, key: ScanRuleKey, why: string): Finding {
  const rule = scanRules[key];
  return {
    kind: 'command',
    file,
    line: 1,
    column: 1,
    command: '',
    rules: [{ id: rule.id, risk: rule.risk, summary: why }],
    risk: rule.risk,
    environment: null,
    decision: 'confirm',
    reasons: [rule.reason, why],
  };
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** The commands a scan assesses do not read guard's stdin: they get an empty one. */
function emptyStdin(): StdinSource {
  return {
    isTTY: false,
    closed: true,
    async spool() {
      const dir = mkdtempSync(join(tmpdir(), 'guard-scan-stdin-'));
      writeFileSync(join(dir, 'stdin'), '', { mode: 0o600 });
      return spooledFile(join(dir, 'stdin'), dir);
    },
  };
}
