// SARIF 2.1.0 output of `guard scan`: the rule catalogue as the driver's rules, findings as results.
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import type { Rule } from '../core/types.js';
import type { Risk } from '../core/risk.js';
import type { Finding, ScanResult } from './model.js';
import { isFailing } from './scanner.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note' | 'none';

const DEFAULT_LEVEL: Readonly<Record<Risk, Level>> = { destructive: 'error', unknown: 'error', write: 'warning', read: 'note', none: 'note' };

/** A file path as a SARIF URI reference: relative paths stay relative to the scan's working directory. */
export function artifactUri(file: string): string {
  const slashed = file.split('\\').join('/');
  const encoded = slashed.split('/').map(encodeURIComponent).join('/');
  return isAbsolute(file) ? `file://${encoded}` : encoded;
}

function ruleDescriptor(rule: Rule, helpUri: string | undefined) {
  const help = `${rule.reason}${rule.recovery ? `\nRecovery: ${rule.recovery}` : ''}\nSuppress one occurrence with a comment on the line or the one before: # guard: allow ${rule.id} -- <reason>`;
  const markdown = `**${rule.description}**\n\n${rule.reason}${rule.recovery ? `\n\n**Recovery:** ${rule.recovery}` : ''}\n\nSuppress one occurrence with a comment on the line or the one before: \`# guard: allow ${rule.id} -- <reason>\``;
  return {
    id: rule.id,
    ...(helpUri ? { helpUri } : {}),
    name: rule.id.split('/').map((part) => part.split('-').map((word) => (word[0] ?? '').toUpperCase() + word.slice(1)).join('')).join(''),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.reason },
    help: { text: help, markdown },
    defaultConfiguration: { level: DEFAULT_LEVEL[rule.risk] },
    properties: { risk: rule.risk },
  };
}

function message(finding: Finding): string {
  const parts = [finding.kind === 'suppression' ? 'Suppression problem' : `${finding.risk[0]?.toUpperCase()}${finding.risk.slice(1)}: ${finding.command}`];
  for (const rule of finding.rules) if (rule.summary && rule.summary !== finding.command) parts.push(`${rule.id}: ${rule.summary}`);
  if (finding.environment) parts.push(`environment ${finding.environment.name}${finding.environment.protected ? ' (protected)' : ''}`);
  if (finding.context) parts.push(finding.context);
  return `${parts.join('. ')}.`;
}

/**
 * A fingerprint that survives the finding moving to another line: the rule, the file and the
 * command as written (code-scanning services use it to track one alert across commits).
 */
function fingerprint(finding: Finding, ruleId: string): string {
  return createHash('sha256').update(`${ruleId}\0${finding.file}\0${finding.command.replace(/\s+/g, ' ').trim()}`).digest('hex').slice(0, 32);
}

/**
 * One SARIF log. `rules` is every rule guard knows (the catalogue and the scanner's own); only
 * the ones the findings use are embedded. `helpUri` names each rule's documentation page.
 */
export function renderSarif(result: ScanResult, rules: readonly Rule[], version: string, helpUri: (rule: Rule) => string | undefined = () => undefined): string {
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  const used = [...new Set(result.findings.map((finding) => finding.rules[0]?.id ?? 'scan/unanalysable-shell'))].sort();
  const catalogue = used.map((id) => known.get(id)).filter((rule): rule is Rule => rule !== undefined);
  const index = new Map(catalogue.map((rule, i) => [rule.id, i]));
  const results = result.findings.flatMap((finding) => {
    const ruleId = finding.rules[0]?.id ?? 'scan/unanalysable-shell';
    const level: Level = finding.kind === 'suppression' ? 'warning' : isFailing(finding, result.failOn) ? 'error' : DEFAULT_LEVEL[finding.risk];
    return [
      {
        ruleId,
        ...(index.has(ruleId) ? { ruleIndex: index.get(ruleId) } : {}),
        level,
        message: { text: message(finding) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(finding.file) },
              region: { startLine: finding.line, startColumn: finding.column },
            },
          },
        ],
        partialFingerprints: { 'guardFinding/v1': fingerprint(finding, ruleId) },
        ...(finding.suppressed ? { suppressions: [{ kind: 'inSource', justification: finding.suppressed.reason }] } : {}),
        properties: {
          risk: finding.risk,
          decision: finding.decision,
          rules: finding.rules.map((rule) => rule.id),
          ...(finding.environment ? { environment: finding.environment.name } : {}),
        },
      },
    ];
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'guard', semanticVersion: version, rules: catalogue.map((rule) => ruleDescriptor(rule, helpUri(rule))) } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
