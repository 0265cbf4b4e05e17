// psql variables and the lexing of one backslash meta-command's name and arguments (psqlscanslash.l).

/** A variable whose value guard cannot know (\gset, \prompt, \getenv, backticks, psql's own). */
export const UNKNOWN_VALUE: unique symbol = Symbol('unknown psql variable');
export type VariableValue = string | typeof UNKNOWN_VALUE | undefined;

// psql sets these itself from the connection and the last result; guard never knows their values.
const PSQL_RUNTIME_VARIABLES = new Set([
  'DBNAME', 'USER', 'HOST', 'PORT', 'ENCODING', 'ERROR', 'SQLSTATE', 'ROW_COUNT', 'LASTOID',
  'LAST_ERROR_MESSAGE', 'LAST_ERROR_SQLSTATE', 'SERVER_VERSION_NAME', 'SERVER_VERSION_NUM',
  'VERSION', 'VERSION_NAME', 'VERSION_NUM', 'SHELL_ERROR', 'SHELL_EXIT_CODE',
]);

/** The variable table one psql process shares across -c, -f, \i and psqlrc. */
export class PsqlVariables {
  private readonly values = new Map<string, { value: string | typeof UNKNOWN_VALUE; generation: number }>();
  // \gset [prefix] may overwrite any variable whose name starts with prefix, with a value from the server.
  private readonly taints: { prefix: string; generation: number }[] = [];
  private generation = 0;

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [name, value] of Object.entries(initial)) this.set(name, value);
  }

  set(name: string, value: string | typeof UNKNOWN_VALUE): void {
    this.values.set(name, { value, generation: ++this.generation });
  }

  /** A copy whose changes stay its own: for text guard reads only speculatively. */
  fork(): PsqlVariables {
    const copy = new PsqlVariables();
    for (const [name, entry] of this.values) copy.values.set(name, { ...entry });
    copy.taints.push(...this.taints);
    copy.generation = this.generation;
    return copy;
  }

  unset(name: string): void {
    this.values.delete(name);
  }

  taintPrefix(prefix: string): void {
    this.taints.push({ prefix, generation: ++this.generation });
  }

  get(name: string): VariableValue {
    const entry = this.values.get(name);
    for (const taint of this.taints) {
      if (name.startsWith(taint.prefix) && (!entry || taint.generation > entry.generation)) return UNKNOWN_VALUE;
    }
    if (!entry) return PSQL_RUNTIME_VARIABLES.has(name) ? UNKNOWN_VALUE : undefined;
    return entry.value;
  }

  /** psql's ParseVariableBool: unambiguous prefixes of on/off/true/false/yes/no, and 1/0. */
  isOn(name: string): boolean {
    const value = this.get(name);
    if (typeof value !== 'string') return false;
    const lower = value.trim().toLowerCase();
    if (lower === '1') return true;
    if (lower.length === 0) return false;
    return ['true', 'yes', 'on'].some((word) => word.startsWith(lower) && lower !== 'o');
  }
}

/** Commands whose argument is the rest of the line, taken literally. */
const WHOLE_LINE_COMMANDS = new Set(['!', 'copy', 'ef', 'ev', 'sf', 'sf+', 'sv', 'sv+', 'h', 'help']);
/** Commands whose first argument may be `|command`, which then takes the rest of the line. */
const FILE_PIPE_COMMANDS = new Set(['g', 'gx', 'o', 'out', 'w', 'write']);

export function isWholeLineCommand(command: string): boolean {
  return WHOLE_LINE_COMMANDS.has(command) || command.startsWith('!');
}

export interface MetaArguments {
  /** The arguments after variable substitution and de-quoting, as psql passes them on. */
  readonly argv: string[];
  /** True when an argument contains `backticks`: psql runs them in a shell. */
  readonly backtick: boolean;
  /** Variables referenced in the arguments whose values guard does not know. */
  readonly unresolved: string[];
  /** Where scanning stopped (exclusive) and whether `\\` (return to SQL) was eaten. */
  readonly end: number;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 12 || c === 13;
const isVariableChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;

/**
 * Scans the arguments of a meta-command in `line` (which holds no newline) from `start`,
 * the way psql_scan_slash_option does: spaces separate, quotes group, an unquoted backslash
 * ends the command (`\\` also returns to SQL), `:var` is substituted.
 */
export function scanMetaArguments(
  command: string,
  line: string,
  start: number,
  variables: PsqlVariables,
): MetaArguments {
  const argv: string[] = [];
  const unresolved: string[] = [];
  let backtick = false;
  let pos = start;
  if (isWholeLineCommand(command)) {
    while (pos < line.length && isSpace(line.charCodeAt(pos))) pos++;
    return { argv: pos < line.length ? [line.slice(pos)] : [], backtick, unresolved, end: line.length };
  }
  const lookup = (name: string): string | undefined => {
    const value = variables.get(name);
    if (typeof value === 'string') return value;
    unresolved.push(name);
    return undefined;
  };
  for (;;) {
    while (pos < line.length && isSpace(line.charCodeAt(pos))) pos++;
    if (pos >= line.length) return { argv, backtick, unresolved, end: pos };
    if (line.charCodeAt(pos) === 92 /* \ */) {
      const eatsSeparator = line.charCodeAt(pos + 1) === 92;
      return { argv, backtick, unresolved, end: eatsSeparator ? pos + 2 : pos };
    }
    if (argv.length === 0 && FILE_PIPE_COMMANDS.has(command) && line[pos] === '|') {
      argv.push(line.slice(pos));
      return { argv, backtick, unresolved, end: line.length };
    }
    let arg = '';
    let quoted = false;
    let broken = false;
    while (pos < line.length && !broken) {
      const c = line.charCodeAt(pos);
      if (isSpace(c) || c === 92) break;
      if (c === 39 /* ' */) {
        quoted = true;
        pos++;
        let closed = false;
        while (pos < line.length) {
          const d = line[pos]!;
          if (d === "'") {
            if (line[pos + 1] === "'") { arg += "'"; pos += 2; continue; }
            pos++; closed = true; break;
          }
          if (d === '\\' && pos + 1 < line.length) {
            const e = line[pos + 1]!;
            arg += ({ n: '\n', t: '\t', b: '\b', r: '\r', f: '\f' } as Record<string, string>)[e] ?? e;
            pos += 2;
            continue;
          }
          arg += d; pos++;
        }
        if (!closed) broken = true;
      } else if (c === 34 /* " */) {
        quoted = true;
        const close = line.indexOf('"', pos + 1);
        if (close < 0) { broken = true; pos = line.length; break; }
        arg += line.slice(pos, close + 1);
        pos = close + 1;
      } else if (c === 96 /* ` */) {
        quoted = true;
        backtick = true;
        const close = line.indexOf('`', pos + 1);
        if (close < 0) { broken = true; pos = line.length; break; }
        // The value is the command's output, which guard cannot know.
        unresolved.push('`' + line.slice(pos + 1, close) + '`');
        pos = close + 1;
      } else if (c === 58 /* : */) {
        const substituted = scanVariableReference(line, pos, lookup);
        if (substituted) {
          arg += substituted.text;
          pos = substituted.end;
          quoted = true;
        } else {
          arg += ':';
          pos++;
        }
      } else {
        arg += line[pos];
        pos++;
      }
    }
    if (!broken && (arg.length > 0 || quoted)) argv.push(arg);
  }
}

/** `:name`, `:'name'`, `:"name"`, `:{?name}` at `pos` in meta arguments; undefined when none. */
function scanVariableReference(
  line: string,
  pos: number,
  lookup: (name: string) => string | undefined,
): { text: string; end: number } | undefined {
  const next = line.charCodeAt(pos + 1);
  const nameEnd = (from: number): number => {
    let end = from;
    while (end < line.length && isVariableChar(line.charCodeAt(end))) end++;
    return end;
  };
  if (isVariableChar(next)) {
    const end = nameEnd(pos + 1);
    const value = lookup(line.slice(pos + 1, end));
    return { text: value ?? line.slice(pos, end), end };
  }
  if (next === 39 || next === 34) {
    const end = nameEnd(pos + 2);
    if (end > pos + 2 && line.charCodeAt(end) === next) {
      const value = lookup(line.slice(pos + 2, end));
      const quote = String.fromCharCode(next);
      const text = value === undefined ? line.slice(pos, end + 1) : quote + value.split(quote).join(quote + quote) + quote;
      return { text, end: end + 1 };
    }
  }
  if (next === 123 /* { */ && line[pos + 2] === '?') {
    const end = nameEnd(pos + 3);
    if (end > pos + 3 && line[end] === '}') {
      return { text: lookup(line.slice(pos + 3, end)) === undefined ? 'FALSE' : 'TRUE', end: end + 1 };
    }
  }
  return undefined;
}

/** Reads the command name after a backslash: it ends at whitespace or the next backslash. */
export function scanMetaCommandName(line: string, start: number): { name: string; end: number } {
  let end = start;
  while (end < line.length) {
    const c = line.charCodeAt(end);
    if (isSpace(c) || c === 92) break;
    end++;
  }
  return { name: line.slice(start, end), end };
}
