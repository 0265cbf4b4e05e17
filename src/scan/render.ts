// Human and GitHub-annotation output of `guard scan`, and the JSON document (ScanResult as is).
import type { Finding, ScanResult } from './model.js';
import { isFailing } from './scanner.js';

function where(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}`;
}

function ruleIds(finding: Finding): string {
  return finding.rules.map((rule) => rule.id).join(', ');
}

/** One block per finding, failing ones first in file order, then a summary line. */
export function renderHuman(result: ScanResult): string {
  const lines: string[] = [];
  for (const finding of result.findings) {
    const mark = finding.suppressed ? 'allowed' : isFailing(finding, result.failOn) ? 'FAIL' : 'note';
    const risk = finding.kind === 'suppression' ? 'suppression' : finding.risk.toUpperCase();
    lines.push(`${where(finding)}  ${mark}  ${risk}  ${ruleIds(finding)}`);
    if (finding.command) lines.push(`    ${finding.command}`);
    const facts = [
      finding.context,
      finding.environment ? `environment ${finding.environment.name}${finding.environment.protected ? ' (protected)' : ''}` : null,
      finding.kind === 'command' ? `guard would ${finding.decision === 'allow' ? 'allow it' : finding.decision === 'confirm' ? 'ask for confirmation' : 'deny it'}` : null,
    ].filter((fact): fact is string => Boolean(fact));
    if (facts.length > 0) lines.push(`    ${facts.join('; ')}`);
    for (const rule of finding.rules) if (rule.summary && rule.summary !== finding.command) lines.push(`    ${rule.id}: ${rule.summary}`);
    if (finding.suppressed) lines.push(`    allowed by the comment on line ${finding.suppressed.line}: ${finding.suppressed.reason}`);
  }
  const { files, findings, suppressed, failing } = result.summary;
  const threshold = result.failOn === 'write' ? 'write or worse' : 'destructive or unknown';
  lines.push(
    `guard scan: ${plural(files, 'file')}, ${plural(findings, 'finding')}${suppressed ? `, ${suppressed} allowed by comments` : ''}; ` +
      (failing > 0 ? `${failing} at or above the threshold (${threshold}): failing.` : `none at or above the threshold (${threshold}).`),
  );
  return `${lines.join('\n')}\n`;
}

/** `1 file`, `4 files`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// Workflow commands: data escapes %, CR and LF; property values also `:` and `,`.
function escapeData(text: string): string {
  return text.split('%').join('%25').split('\r').join('%0D').split('\n').join('%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).split(':').join('%3A').split(',').join('%2C');
}

/** `::error file=…,line=…::…` for failing findings, `::warning` for the rest; suppressed ones are silent. */
export function renderGithub(result: ScanResult): string {
  const lines: string[] = [];
  for (const finding of result.findings) {
    if (finding.suppressed) continue;
    const level = isFailing(finding, result.failOn) ? 'error' : 'warning';
    const title = `guard: ${finding.kind === 'suppression' ? 'suppression' : finding.risk} (${ruleIds(finding)})`;
    const message = [finding.command, ...finding.rules.map((rule) => rule.summary).filter((s) => s && s !== finding.command), finding.environment ? `environment: ${finding.environment.name}` : '']
      .filter((part) => part)
      .join(' — ');
    lines.push(`::${level} file=${escapeProperty(finding.file)},line=${finding.line},col=${finding.column},title=${escapeProperty(title)}::${escapeData(message)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
