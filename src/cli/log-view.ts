// `guard log`'s filters and table: which audit records a person asked for, and how they read at a terminal.
import { UsageError } from '../core/errors.js';
import { quoteForDisplay } from '../core/quote.js';

/** One line of audit.jsonl as read back (fields may be missing in a damaged or older line). */
export type StoredRecord = Readonly<Record<string, unknown>>;

export interface LogFilterOptions {
  readonly tail?: string;
  readonly since?: string;
  readonly tool?: string;
  readonly decision?: string;
}

export interface LogFilter {
  readonly tail: number | null;
  readonly sinceMs: number | null;
  readonly tool: string | null;
  readonly decision: string | null;
}

/** The decisions guard records (DESIGN.md); what then happened is the record's outcome, shown in the table. */
export const LOG_DECISIONS = ['allow', 'confirm', 'deny'] as const;

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `1h`, `2d`, `1w` back from now, or an ISO date/time (`2026-12-01`, `2026-12-01T10:00Z`). */
export function parseSince(text: string, nowMs: number): number {
  const duration = /^(\d+)([smhdw])$/.exec(text);
  if (duration) return nowMs - Number(duration[1]) * (DURATION_UNITS[duration[2] ?? ''] ?? 0);
  // Date.parse also takes forms such as "Dec 1"; only ISO 8601 is documented, so only it is accepted.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new UsageError(`--since ${JSON.stringify(text)}: give a duration back from now (30m, 1h, 2d, 1w) or an ISO date/time (2026-12-01, 2026-12-01T10:00:00Z)`);
}

export function parseLogFilter(options: LogFilterOptions, nowMs: number): LogFilter {
  let tail: number | null = null;
  if (options.tail !== undefined) {
    if (!/^\d+$/.test(options.tail) || Number(options.tail) === 0) throw new UsageError(`--tail ${JSON.stringify(options.tail)}: give a positive whole number of entries`);
    tail = Number(options.tail);
  }
  const decision = options.decision ?? null;
  if (decision !== null && !(LOG_DECISIONS as readonly string[]).includes(decision)) throw new UsageError(`--decision ${JSON.stringify(decision)}: must be one of ${LOG_DECISIONS.join(', ')}`);
  if (options.tool !== undefined && options.tool.length === 0) throw new UsageError('--tool needs a tool name (guard rules lists them)');
  return { tail, sinceMs: options.since === undefined ? null : parseSince(options.since, nowMs), tool: options.tool ?? null, decision };
}

function matches(record: StoredRecord, filter: LogFilter): boolean {
  if (filter.tool !== null && record.tool !== filter.tool && (record.argv as unknown[] | undefined)?.[0] !== filter.tool) return false;
  if (filter.decision !== null && record.decision !== filter.decision) return false;
  if (filter.sinceMs !== null) {
    const time = typeof record.time === 'string' ? Date.parse(record.time) : Number.NaN;
    if (Number.isNaN(time) || time < filter.sinceMs) return false;
  }
  return true;
}

/** The filters apply first; --tail then keeps the newest N of what is left. */
export function selectRecords(records: readonly StoredRecord[], filter: LogFilter): StoredRecord[] {
  const kept = records.filter((record) => matches(record, filter));
  return filter.tail === null ? kept : kept.slice(-filter.tail);
}

/** Each line as a record; a line that is not JSON is kept as a marker so it is seen, not hidden. */
export function parseAuditText(text: string): StoredRecord[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, index) => {
      try {
        const value = JSON.parse(line) as unknown;
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as StoredRecord;
      } catch {
        // fall through
      }
      return { unreadable: `entry ${index + 1} is not a JSON record` };
    });
}

/** Control characters (newlines, terminal escapes an agent could plant in a command) shown as \\n, \\x1b…, never sent raw. */
function visible(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => (char === '\n' ? '\\n' : char === '\t' ? '\\t' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

function text(value: unknown): string {
  return visible(typeof value === 'string' ? value : value === null || value === undefined ? '-' : JSON.stringify(value));
}

/** The stored time in local-independent form: `2026-12-01 21:56:05Z`. */
function shortTime(value: unknown): string {
  return typeof value === 'string' ? value.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
}

function outcomeCell(record: StoredRecord): string {
  const outcome = text(record.outcome);
  return typeof record.exitStatus === 'number' && outcome === 'ran' ? `ran (exit ${record.exitStatus})` : outcome;
}

/** A table a person reads: the argv is shown as stored (already redacted when it was written). */
export function renderLogTable(records: readonly StoredRecord[]): string {
  if (records.length === 0) return '';
  const header = ['TIME', 'DECISION', 'OUTCOME', 'TOOL', 'ENVIRONMENT', 'COMMAND'];
  const rows = records.map((record) => {
    if (typeof record.unreadable === 'string') return ['-', '-', '-', '-', '-', `(${record.unreadable})`];
    const argv = Array.isArray(record.argv) ? visible(record.argv.map((word) => quoteForDisplay(String(word))).join(' ')) : '-';
    const by = record.agent === true ? 'agent' : '';
    return [shortTime(record.time), text(record.decision), outcomeCell(record), text(record.tool), text(record.environment), by ? `${argv}  (${by})` : argv];
  });
  const widths = header.slice(0, -1).map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
