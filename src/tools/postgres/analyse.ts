// What psql will execute for a command line's inputs (-c, -f, stdin, \i…), as classified findings.
//
// psqlrc: psql 15's manual (FILES, -X, -c) says psql reads the system-wide psqlrc and then
// ~/.psqlrc (or $PSQLRC; a version-specific ~/.psqlrc-15 / -15.x is preferred when present)
// "after connecting but before accepting normal commands", unless -X/--no-psqlrc is given. Since
// 9.6, -c and -f no longer imply -X: the startup files run before every -c and -f. The caller
// passes the startup file as a leading `{ kind: 'file' }` input; it is analysed like any script.
import { isStdinPath } from '../../core/stdin.js';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Risk } from '../../core/risk.js';
import { maxRisk } from '../../core/risk.js';
import type { PsqlAnalysis, PsqlInput, Reconnect, SqlFinding } from './model.js';
import { psqlRules, type PsqlRuleKey } from './rules.js';
import { DEFAULT_MAX_STATEMENT_BYTES, splitPsqlScript, type CopyDataFormat, type ScriptItem } from './script.js';
import { PsqlVariables } from './script-meta.js';
import { interpretMeta, copyAsSql } from './analyse-meta.js';
import { classifyParsed, copyFromStdinFormat, loadSqlParser, newSqlSession, parseSql, unparseableFinding, type SqlClassification, type SqlSession } from './sql.js';
import { FindingCollector, type PendingStatement, classifyBatch } from './analyse-batch.js';
import { classifyCopyCandidate } from './analyse-copy.js';

export interface AnalyseOptions {
  readonly variables: Readonly<Record<string, string>>; // from -v / --set / --variable
  readonly cwd: string;
  /** Open a file psql would read (-f, \i, \ir). Throw (any Error) when it cannot be read. */
  openFile(path: string): AsyncIterable<Buffer>;
  /** Open psql's stdin (already spooled by guard to a temp file). */
  openStdin(): AsyncIterable<Buffer>;
  readonly limits?: { maxIncludeDepth?: number; maxIncludeBytes?: number; maxFindings?: number; maxStatementBytes?: number };
  /** For `~` in \i paths; without it such paths count as unreadable. */
  readonly homeDir?: string;
}

const DEFAULTS = { maxIncludeDepth: 16, maxIncludeBytes: 4 * 1024 ** 3, maxFindings: 1000 };

interface Source { readonly label: string; readonly path: string | null; readonly open: () => AsyncIterable<Buffer> }

class PsqlAnalyser {
  readonly collector: FindingCollector;
  readonly connections: (Reconnect | null)[] = [null];
  readonly variables: PsqlVariables;
  readonly session: SqlSession = newSqlSession();
  private statementCount = 0;
  private bytesRead = 0;
  private cwd: string | null;
  private readonly includeStack: string[] = [];
  private pending: PendingStatement[] = [];
  private pendingBytes = 0;
  private readonly limits: typeof DEFAULTS & { maxStatementBytes: number };

  constructor(private readonly options: AnalyseOptions) {
    this.limits = { ...DEFAULTS, maxStatementBytes: DEFAULT_MAX_STATEMENT_BYTES, ...stripUndefined(options.limits ?? {}) };
    this.collector = new FindingCollector(this.limits.maxFindings);
    this.variables = new PsqlVariables(options.variables);
    this.cwd = options.cwd;
  }

  get connection(): number {
    return this.connections.length - 1;
  }

  add(found: { rule: PsqlRuleKey; summary: string; objects?: SqlFinding['objects']; statementText?: string; cascade?: boolean }, origin: string): void {
    const finding: SqlFinding = { rule: found.rule, summary: found.summary, objects: found.objects ?? [], connection: this.connection, origin, ...(found.statementText === undefined ? {} : { statementText: found.statementText }), ...(found.cascade ? { cascade: true } : {}) };
    this.collector.add(finding, psqlRules[found.rule].risk);
  }

  async command(text: string, index: number): Promise<void> {
    const origin = `${ordinal(index)} -c`;
    if (text.startsWith('\\')) {
      await this.script({ label: origin, path: null, open: () => once(text) }, true);
      return;
    }
    // psql sends a -c string to the server as it is: no meta-commands, no :variables.
    await loadSqlParser();
    const parsed = parseSql(text);
    if (!parsed.ok) { this.statementCount++; this.add(unparseableFinding(parsed.error), origin); return; }
    this.statementCount += parsed.statements.length;
    for (const statement of parsed.statements) for (const found of classifyParsed(statement, this.session)) this.add(found, origin);
  }

  async file(path: string): Promise<void> {
    if (isStdinPath(path)) return this.script({ label: 'stdin', path: null, open: () => this.options.openStdin() });
    const resolved = resolve(this.cwd ?? this.options.cwd, path);
    return this.script({ label: path, path: resolved, open: () => this.options.openFile(resolved) });
  }

  async stdin(): Promise<void> {
    return this.script({ label: 'stdin', path: null, open: () => this.options.openStdin() });
  }

  /** Runs one input through the splitter; \i recurses with its own query buffer, as psql does. */
  async script(source: Source, isCommand = false): Promise<void> {
    const key = source.path ?? source.label;
    if (source.path && this.includeStack.includes(key)) {
      this.add({ rule: 'unreadable-input', summary: `\\i cycle: ${source.label} includes itself` }, source.label);
      return;
    }
    if (this.includeStack.length > this.limits.maxIncludeDepth) {
      this.add({ rule: 'unreadable-input', summary: `\\i nested deeper than ${this.limits.maxIncludeDepth} files at ${source.label}` }, source.label);
      return;
    }
    this.includeStack.push(key);
    const origin = (line: number): string => (isCommand ? source.label : `${source.label}:${line}`);
    let copyFormat: CopyDataFormat | null = null;
    const split = splitPsqlScript(this.counted(source), {
      variables: this.variables,
      maxStatementBytes: this.limits.maxStatementBytes,
      copyFromStdin: () => copyFormat,
    });
    try {
      for await (const item of split) {
        copyFormat = null;
        await this.item(item, origin(item.line), source, (format) => { copyFormat = format; });
      }
    } catch (error) {
      const reason = error instanceof SizeLimitError ? error.message : `cannot read ${source.label}: ${error instanceof Error ? error.message : String(error)}`;
      this.add({ rule: 'unreadable-input', summary: reason }, source.label);
    } finally {
      this.flush();
      this.includeStack.pop();
    }
  }

  private async item(item: ScriptItem, origin: string, source: Source, readCopyData: (format: CopyDataFormat) => void): Promise<void> {
    switch (item.kind) {
      case 'binary':
        this.add({ rule: 'unreadable-input', summary: `${source.label} contains NUL bytes (binary input)` }, origin);
        return;
      case 'too-large':
        this.flush();
        this.statementCount++;
        this.add({ rule: 'unparseable', summary: `statement of ${item.bytes} bytes, larger than guard analyses (${this.limits.maxStatementBytes})` }, origin);
        return;
      case 'sql': {
        await loadSqlParser();
        this.pending.push({ text: item.text, origin, connection: this.connection, unresolved: item.unresolved, invalidUtf8: item.invalidUtf8 });
        this.pendingBytes += item.text.length;
        // COPY … FROM STDIN must be known before the splitter reads on: its data follows.
        const format = item.firstWord === 'copy' ? copyFromStdinFormat(item.text) : null;
        if (format) readCopyData(format);
        if (format || this.pending.length >= 256 || this.pendingBytes > 1024 * 1024) this.flush();
        return;
      }
      case 'meta': return this.meta(item, origin, source, readCopyData);
      case 'copy-candidate':
        this.flush();
        await loadSqlParser();
        for (const found of classifyCopyCandidate(item.text, this.variables)) this.add(found, origin);
        return;
      case 'copy-unchecked':
        this.add({ rule: 'unparseable', summary: `COPY data beyond guard's ${Math.round(item.budget / 1024)} KiB budget for lines that could be SQL was not checked (psql runs them as SQL if the COPY fails)` }, origin);
        return;
    }
  }

  private async meta(item: Extract<ScriptItem, { kind: 'meta' }>, origin: string, source: Source, readCopyData: (format: CopyDataFormat) => void): Promise<void> {
    this.flush();
    const { findings, effect } = interpretMeta(item);
    for (const found of findings) this.add(found, origin);
    if (effect.kind === 'reconnect') this.connections.push(effect.to);
    else if (effect.kind === 'cd') this.cwd = effect.path === null ? (this.options.homeDir ?? null) : this.cwd && resolve(this.cwd, effect.path);
    else if (effect.kind === 'copy') {
      await loadSqlParser();
      this.pending.push({ text: effect.sql, origin, connection: this.connection, unresolved: [], invalidUtf8: false });
      this.flush();
      const copy = copyAsSql(item.args);
      if (copy?.fromStdin) readCopyData(copy.binary ? 'binary' : 'text');
    } else if (effect.kind === 'include') {
      const target = this.includePath(effect.path, effect.relativeToScript ? source.path : null);
      if (target === null) { this.add({ rule: 'unreadable-input', summary: `\\${item.command} ${effect.path}: guard cannot tell which file this is` }, origin); return; }
      if (target === '-') { await this.script({ label: 'stdin', path: null, open: () => this.options.openStdin() }); return; }
      const shown = relative(this.options.cwd, target);
      await this.script({ label: shown.startsWith('..') ? target : shown, path: target, open: () => this.options.openFile(target) });
    }
  }

  private includePath(path: string, scriptPath: string | null): string | null {
    if (isStdinPath(path)) return '-';
    if (path.startsWith('~')) return this.options.homeDir ? join(this.options.homeDir, path.slice(1)) : null;
    if (isAbsolute(path)) return path;
    const base = scriptPath ? dirname(scriptPath) : this.cwd;
    return base === null ? null : resolve(base, path);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.statementCount += classifyBatch(batch, this.session, (finding, connection) => {
      const { origin, ...found } = finding;
      this.collector.add({ ...found, connection, origin }, psqlRules[finding.rule].risk);
    });
  }

  /** Counts every byte guard reads; past the limit the input is unreadable rather than analysed forever. */
  private async *counted(source: Source): AsyncGenerator<Buffer> {
    for await (const chunk of source.open()) {
      this.bytesRead += chunk.length;
      if (this.bytesRead > this.limits.maxIncludeBytes) throw new SizeLimitError(`input beyond ${this.limits.maxIncludeBytes} bytes in total at ${source.label}`);
      yield chunk;
    }
  }

  result(): PsqlAnalysis {
    this.flush();
    return { findings: this.collector.findings(), truncatedFindings: this.collector.truncated, statementCount: this.statementCount, connections: this.connections };
  }
}

class SizeLimitError extends Error {}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function* once(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

/** Analyses psql's inputs in the order psql runs them. */
export async function analysePsqlInputs(inputs: readonly PsqlInput[], options: AnalyseOptions): Promise<PsqlAnalysis> {
  const analyser = new PsqlAnalyser(options);
  let commandIndex = 0;
  for (const input of inputs) {
    if (input.kind === 'command') await analyser.command(input.text, ++commandIndex);
    else if (input.kind === 'file') await analyser.file(input.path);
    else await analyser.stdin();
  }
  return analyser.result();
}

/** The overall risk of an analysis: the worst rule it hit, or read when nothing but reads ran. */
export function riskOfAnalysis(analysis: PsqlAnalysis): Risk {
  let risk: Risk = 'read';
  for (const finding of analysis.findings) risk = maxRisk(risk, psqlRules[finding.rule as PsqlRuleKey]?.risk ?? 'unknown');
  if (analysis.truncatedFindings > 0 && analysis.findings.length === 0) risk = maxRisk(risk, 'unknown');
  return risk;
}

/** Classifies SQL text as a psql script read from a file (convenience for tests and other tools). */
export async function classifySqlText(text: string): Promise<SqlFinding[]> {
  const analysis = await analysePsqlInputs([{ kind: 'file', path: 'input.sql' }], {
    variables: {},
    cwd: '/',
    openFile: () => once(text),
    openStdin: () => once(''),
  });
  return [...analysis.findings];
}

export type { SqlClassification };

/** `1st`, `2nd`, `3rd`, `11th`: where a statement came from, as a person would say it. */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
