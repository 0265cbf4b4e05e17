// The JSON report of DESIGN.md and the human blast-radius report on stderr.
import type { Analysis, Report, Verdict } from './types.js';
import { redactArgv } from './redact.js';

export function buildReport(argv: readonly string[], analysis: Analysis, verdict: Verdict, agent: boolean): Report {
  const seen = new Set<string>();
  const rules = [];
  for (const hit of analysis.hits) {
    const key = `${hit.rule.id}\u0000${hit.summary}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rules.push({ id: hit.rule.id, risk: hit.rule.risk, summary: hit.summary });
  }
  return {
    version: 1,
    argv: redactArgv(argv),
    tool: analysis.tool,
    risk: analysis.risk,
    rules,
    environment: analysis.environment,
    targets: analysis.targets,
    blastRadius: analysis.blastRadius,
    credential: analysis.credential,
    recovery: analysis.recovery,
    decision: verdict.decision,
    confirmPhrase: verdict.confirmPhrase,
    reasons: verdict.reasons,
    unverified: analysis.unverified,
    agent,
  };
}

/** Minimal colour interface so rendering stays pure (chalk is passed in by the caller). */
export interface Colors {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

export const PLAIN: Colors = { red: (t) => t, yellow: (t) => t, green: (t) => t, bold: (t) => t, dim: (t) => t };

const LABEL_WIDTH = 12;

/** A label and its value; a label as wide as the column still gets two spaces before its value. */
function line(label: string, text: string): string {
  return `  ${label.length >= LABEL_WIDTH ? `${label}  ` : label.padEnd(LABEL_WIDTH)}${text}`;
}

/** `1 row`, `2 rows`, `48,213 rows`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : pluralNoun}`;
}

/** Decimal units (1 kB = 1000 bytes), as Railway and disk vendors report sizes. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** 48213 → `48,213`, without loading ICU (toLocaleString costs ~10 ms on first use). */
export function formatCount(n: number): string {
  const [whole = '0', fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** The command as a person names it: the program and its leading words (`railway volume delete`). */
function commandWords(argv: readonly string[]): string {
  const words: string[] = [];
  for (const arg of argv) {
    if (words.length === 3 || arg.startsWith('-') || /[\s/:=@]/.test(arg)) break;
    words.push(arg);
  }
  return words.join(' ') || (argv[0] ?? '');
}

/** The blast radius as a person reads it; every line is a resolved fact or says it is not. */
export function renderHuman(report: Report, colors: Colors): string {
  const out: string[] = [];
  const riskWord = report.risk === 'none' ? 'NOT GUARDED' : report.risk.toUpperCase();
  const paint = report.risk === 'destructive' || report.risk === 'unknown' ? colors.red : report.risk === 'write' ? colors.yellow : colors.green;
  const ruleIds = [...new Set(report.rules.filter((r) => r.risk === report.risk).map((r) => r.id))];
  out.push(
    `guard: ${colors.bold(paint(riskWord))}  ${commandWords(report.argv)}${ruleIds.length ? `  (rule ${ruleIds.join(', ')})` : ''}`,
  );
  // The same statement twice (two -c, a file run twice) is one line with its count.
  const shown = new Map<string, { label: string; count: number }>();
  for (const rule of report.rules.filter((r) => r.risk !== 'read')) {
    const label = rule.risk === report.risk ? 'runs' : 'also';
    const key = `${label}\0${rule.summary}`;
    const seen = shown.get(key);
    if (seen) seen.count++;
    else shown.set(key, { label, count: 1 });
  }
  const rows = [...shown.entries()];
  for (const [key, { label, count }] of rows.slice(0, 12)) {
    out.push(line(label, `${key.slice(key.indexOf('\0') + 1)}${count > 1 ? colors.dim(`  (${count} times)`) : ''}`));
  }
  if (rows.length > 12) out.push(line('', colors.dim(`… and ${rows.length - 12} more`)));
  if (report.environment) {
    const tag = report.environment.protected ? colors.red(' [protected]') : '';
    out.push(line('environment', `${colors.bold(report.environment.name)}${tag}  ${colors.dim(`(${report.environment.source})`)}`));
  }
  // A table two statements touch is one line: the same target with the same facts is said once.
  const targetLines = new Set<string>();
  for (const target of report.targets) {
    const facts: string[] = [];
    if (target.rows !== undefined) facts.push(`${target.rowsEstimated ? '~' : ''}${plural(target.rows, 'row')}${target.rowsEstimated ? ' (planner estimate)' : ''}`);
    if (target.bytes !== undefined) facts.push(formatBytes(target.bytes));
    const name = target.name !== target.id && !target.id.endsWith(`.${target.name}`) ? `${target.name} (${target.id})` : target.id;
    targetLines.add(line(target.kind, `${name} in ${target.environment}${facts.length ? `  ${facts.join(', ')}` : ''}`));
  }
  out.push(...targetLines);
  for (const fact of new Set(report.blastRadius)) out.push(line('', fact));
  if (report.credential) out.push(line('credential', `${report.credential.source} (${report.credential.kind}): ${report.credential.reach}`));
  for (const missing of report.unverified) out.push(line('unverified', colors.yellow(missing)));
  const snapshot = report.snapshot;
  if (snapshot) out.push(...snapshotLines(snapshot, colors));
  if (report.recovery) out.push(line('recovery', report.recovery));
  if (snapshot?.restore) out.push(line('', `and from the snapshot taken first: ${snapshot.restore}`));
  return `${out.join('\n')}\n`;
}

/** `snapshot: public.orders, ~1.2 MB, to ~/.local/share/guard/snapshots/…`, or why none can be taken. */
function snapshotLines(snapshot: NonNullable<Report['snapshot']>, colors: Colors): string[] {
  const lines: string[] = [];
  const why = colors.dim(`(${snapshot.requirement === 'offer' ? 'offered' : 'required'}: ${snapshot.because})`);
  if (snapshot.copyable) {
    const size = snapshot.estimatedBytes !== null ? `, ~${formatBytes(snapshot.estimatedBytes)}` : '';
    lines.push(line('snapshot', `${snapshot.targets.join(', ')}${size}, to ${snapshot.to ?? '?'}  ${why}`));
  } else {
    lines.push(line('snapshot', `${colors.yellow(`none can be taken: ${snapshot.reason ?? 'unknown reason'}`)}  ${why}`));
  }
  for (const note of snapshot.notes) lines.push(line('', note));
  return lines;
}
