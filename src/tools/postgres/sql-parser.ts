// Loading libpg-query and cutting SQL text into parsed statements (the classifier walks their trees in sql.ts).
import { unwrap } from './sql-ast.js';
import { applyWasmFlags } from '../../parsers/wasm-flags.js';

/** A parsed statement with its place in the parsed text (byte offsets, as the parser counts). */
export interface ParsedStatement {
  readonly node: unknown;
  readonly location: number;
  readonly length: number;
  readonly text: string;
}

export type ParseResult = { readonly ok: true; readonly statements: ParsedStatement[] } | { readonly ok: false; readonly error: string };

interface PgQuery { parseSync(sql: string): { stmts?: { stmt?: unknown; stmt_location?: number; stmt_len?: number }[] } }
let parser: PgQuery | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads libpg-query once. `--liftoff-only` keeps V8 from compiling the WASM module in the
 * background with TurboFan, which otherwise holds the process open ~300 ms at exit.
 */
export function loadSqlParser(): Promise<void> {
  loading ??= (async () => {
    await applyWasmFlags();
    const module = await import('libpg-query');
    await module.loadModule();
    parser = module as unknown as PgQuery;
  })();
  return loading;
}

export function parseSql(sql: string): ParseResult {
  if (!parser) throw new Error('loadSqlParser() must finish before parseSql()');
  if (sql.includes('\0')) return { ok: false, error: 'the text contains a NUL byte' };
  let tree;
  try {
    tree = parser.parseSync(sql);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // Statement texts are cut out only when asked for (DELETE/UPDATE … WHERE): most never are.
  let bytes: Buffer | undefined;
  const total = Buffer.byteLength(sql);
  const statements = (tree.stmts ?? []).map((raw): ParsedStatement => {
    const location = raw.stmt_location ?? 0;
    const length = raw.stmt_len && raw.stmt_len > 0 ? raw.stmt_len : total - location;
    let text: string | undefined;
    return {
      node: raw.stmt, location, length,
      get text() {
        bytes ??= Buffer.from(sql, 'utf8');
        text ??= bytes.subarray(location, location + length).toString('utf8').trim();
        return text;
      },
    };
  });
  return { ok: true, statements };
}

/** Whether a statement makes psql read COPY data from the script that follows it. */
export function copyFromStdinFormat(sql: string): 'text' | 'binary' | null {
  const parsed = parser ? parseSql(sql) : undefined;
  if (!parsed?.ok) return null;
  for (const statement of parsed.statements) {
    const copy = unwrap(statement.node);
    if (copy?.[0] !== 'CopyStmt' || !copy[1].is_from || copy[1].is_program || typeof copy[1].filename === 'string') continue;
    const options = (Array.isArray(copy[1].options) ? copy[1].options : []).map((o) => unwrap(o)?.[1] ?? {});
    const format = options.find((o) => o.defname === 'format');
    const formatName = String(unwrap(format?.arg)?.[1]?.sval ?? 'text').toLowerCase();
    return formatName === 'binary' ? 'binary' : 'text';
  }
  return null;
}
