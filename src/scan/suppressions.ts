// Inline suppressions: `# guard: allow <rule-id>[,<rule-id>…] -- <reason>` on a finding's line or the one before.
import type { FileKind, Finding, FindingRule } from './model.js';
import { scanRules } from './rules.js';

export interface Suppression {
  readonly line: number;
  readonly column: number;
  readonly ruleIds: readonly string[];
  readonly reason: string;
  /** Why the comment allows nothing (no rule id, no reason): reported, never applied. */
  readonly invalid?: string;
}

/** The comment marker a suppression follows, per file kind; JSON has none (package.json cannot suppress). */
const COMMENT_MARKERS: Readonly<Record<FileKind, string | null>> = {
  shell: '#',
  make: '#',
  'github-actions': '#',
  'gitlab-ci': '#',
  sql: '--',
  'package-json': null,
  // JavaScript and Python comment differently; code findings are not suppressible inline yet.
  code: null,
  'rails-migration': '#',
  'python-migration': '#',
  'js-migration': '//',
};

const KEYWORD = 'guard:';

/** Every suppression comment in a file's text. */
export function findSuppressions(text: string, kind: FileKind): Suppression[] {
  const marker = COMMENT_MARKERS[kind];
  if (marker === null) return [];
  const found: Suppression[] = [];
  text.split('\n').forEach((line, index) => {
    let from = 0;
    for (;;) {
      const at = line.indexOf(KEYWORD, from);
      if (at < 0) return;
      from = at + KEYWORD.length;
      if (!line.slice(0, at).trimEnd().endsWith(marker)) continue;
      const words = line.slice(from).trim();
      if (!words.startsWith('allow ') && words !== 'allow') continue;
      found.push(parseSuppression(words.slice('allow'.length).trim(), index + 1, at + 1));
      return;
    }
  });
  return found;
}

function parseSuppression(rest: string, line: number, column: number): Suppression {
  const separator = rest.indexOf(' --');
  const idsText = (separator < 0 ? rest : rest.slice(0, separator)).trim();
  const reason = separator < 0 ? '' : rest.slice(separator + 3).trim();
  const ruleIds = idsText.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
  const invalid = ruleIds.length === 0 || ruleIds.some((id) => id.includes(' ')) ? 'names no rule id' : reason === '' ? 'gives no reason after --' : undefined;
  return { line, column, ruleIds, reason, ...(invalid ? { invalid } : {}) };
}

/**
 * Applies suppressions to a file's command findings. A finding is suppressed when every one of
 * its rules is allowed by a comment on its line or the line before; comments that allowed
 * nothing, or could not be read, become findings of their own.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], file: string): Finding[] {
  const used = new Set<Suppression>();
  const out = findings.map((finding) => {
    const covering = suppressions.filter((s) => !s.invalid && (s.line === finding.line || s.line === finding.line - 1));
    if (covering.length === 0) return finding;
    const allowed = (rule: FindingRule) => covering.some((s) => s.ruleIds.includes(rule.id));
    for (const suppression of covering) if (finding.rules.some((rule) => suppression.ruleIds.includes(rule.id))) used.add(suppression);
    const suppression = covering.find((s) => finding.rules.some((rule) => s.ruleIds.includes(rule.id)));
    if (!suppression || !finding.rules.every(allowed)) return finding;
    return { ...finding, suppressed: { line: suppression.line, reason: suppression.reason } };
  });
  for (const suppression of suppressions) {
    if (used.has(suppression)) continue;
    const rule = suppression.invalid ? scanRules['invalid-suppression'] : scanRules['unused-suppression'];
    const what = suppression.invalid ? `suppression ${suppression.invalid}` : `suppression of ${suppression.ruleIds.join(', ')} matches no finding on this line or the next`;
    out.push({
      kind: 'suppression',
      file,
      line: suppression.line,
      column: suppression.column,
      command: `guard: allow ${suppression.ruleIds.join(',')}${suppression.reason ? ` -- ${suppression.reason}` : ''}`,
      rules: [{ id: rule.id, risk: rule.risk, summary: what }],
      risk: rule.risk,
      environment: null,
      decision: 'allow',
      reasons: [rule.reason],
    });
  }
  return out;
}
