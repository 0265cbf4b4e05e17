// What each psql meta-command does, for the analysis: includes, reconnects, shell escapes, writes.
import type { ObjectRef } from '../../core/types.js';
import type { Reconnect } from './model.js';
import type { PsqlRuleKey } from './rules.js';

export interface MetaCommand {
  readonly command: string;
  readonly args: string;
  readonly argv: readonly string[];
  readonly backtick: boolean;
  readonly unresolved: readonly string[];
}

export interface MetaFinding {
  readonly rule: PsqlRuleKey;
  readonly summary: string;
  readonly objects?: readonly ObjectRef[];
}

export type MetaEffect =
  | { readonly kind: 'none' }
  | { readonly kind: 'include'; readonly path: string; readonly relativeToScript: boolean }
  | { readonly kind: 'reconnect'; readonly to: Reconnect }
  | { readonly kind: 'cd'; readonly path: string | null }
  | { readonly kind: 'copy'; readonly sql: string; readonly program: boolean };

// Meta-commands that only display, format, or steer psql itself (variables, \if, the buffer).
const READ_COMMANDS = new Set([
  'l', 'l+', 'list', 'list+', 'echo', 'qecho', 'warn', 'pset', 'a', 't', 'x', 'timing', 'encoding', 'f', 'H', 'html',
  'C', 'T', 'z', 'z+', 'conninfo', 'errverbose', 'copyright', '?', 'h', 'help', 'p', 'print', 'r', 'reset', 'q', 'quit',
  'if', 'elif', 'else', 'endif', 'set', 'unset', 'gset', 'gdesc', 'g', 'gx', 'watch', 'crosstabview', 'sf', 'sv',
  'sf+', 'sv+', 'lo_list', 'lo_list+', 'prompt', 'getenv', 'bind', 'bind_named', 'close', 'close_prepared', 'parse',
  'startpipeline', 'endpipeline', 'syncpipeline', 'flushrequest', 'flush', 'getresults', 'sendpipeline', 'restrict',
  'unrestrict', 'o', 'out', 'w', 'write', 's', 'lo_export',
]);
// Meta-commands that hand text to a shell or an editor, or run SQL generated at run time.
const SHELL_COMMANDS = new Set(['gexec', 'e', 'edit', 'ef', 'ev', 'setenv']);
const INCLUDES: Record<string, boolean> = { i: false, include: false, ir: true, include_relative: true };
// Commands whose arguments are merely printed or stored: an unknown variable there changes nothing by itself.
const VARIABLE_TOLERANT = new Set(['set', 'echo', 'qecho', 'warn', 'if', 'elif', 'prompt', 'gset', 'pset']);

/** The findings and the effect of one meta-command. */
export function interpretMeta(meta: MetaCommand): { findings: MetaFinding[]; effect: MetaEffect } {
  const findings: MetaFinding[] = [];
  const name = meta.command;
  const show = `\\${name}`;
  if (meta.backtick) findings.push({ rule: 'shell-escape', summary: `${show} with \`…\` (runs a shell command)` });
  if (meta.unresolved.some((v) => !v.startsWith('`')) && !VARIABLE_TOLERANT.has(name)) {
    findings.push({ rule: 'unresolved-variable', summary: `${show} uses :${meta.unresolved.filter((v) => !v.startsWith('`')).join(', :')}` });
  }
  const pipe = meta.argv[0]?.startsWith('|') === true;
  if (name.startsWith('!') || SHELL_COMMANDS.has(name) || (pipe && ['o', 'out', 'g', 'gx', 'w', 'write'].includes(name))) {
    findings.push({ rule: 'shell-escape', summary: pipe ? `${show} |… (pipes output to a shell command)` : `${show} (runs a shell command, an editor or generated SQL)` });
    return { findings, effect: { kind: 'none' } };
  }
  if (name in INCLUDES) {
    const path = meta.argv[0];
    if (path === undefined) { findings.push({ rule: 'unreadable-input', summary: `${show} without a file name` }); return { findings, effect: { kind: 'none' } }; }
    return { findings, effect: { kind: 'include', path, relativeToScript: INCLUDES[name]! } };
  }
  if (name === 'c' || name === 'connect') return { findings, effect: { kind: 'reconnect', to: parseReconnect(meta.argv) } };
  if (name === 'cd') return { findings, effect: { kind: 'cd', path: meta.argv[0] ?? null } };
  if (name === 'copy') {
    const copy = copyAsSql(meta.args);
    if (!copy) { findings.push({ rule: 'unparseable', summary: '\\copy guard cannot parse' }); return { findings, effect: { kind: 'none' } }; }
    if (copy.program) findings.push({ rule: 'shell-escape', summary: '\\copy … PROGRAM (runs a shell command)' });
    return { findings, effect: { kind: 'copy', sql: copy.sql, program: copy.program } };
  }
  if (name === 'lo_unlink') findings.push({ rule: 'dangerous-function', summary: `\\lo_unlink ${meta.argv[0] ?? ''}`.trim(), objects: [{ kind: 'large object', name: meta.argv[0] ?? '?' }] });
  else if (name === 'lo_import') findings.push({ rule: 'write', summary: '\\lo_import (creates a large object)' });
  else if (name === 'password') findings.push({ rule: 'write', summary: `\\password ${meta.argv[0] ?? ''}`.trim() });
  else if (!READ_COMMANDS.has(name) && !name.startsWith('d')) {
    findings.push({ rule: 'unrecognised-statement', summary: `${show} (a psql meta-command guard does not know)` });
  }
  return { findings, effect: { kind: 'none' } };
}

/** `\c dbname user host port`, each `-` meaning "keep", or one connection string / URI. */
export function parseReconnect(argv: readonly string[]): Reconnect {
  const args = argv.filter((arg, index) => !(index === 0 && arg.startsWith('-reuse-previous')));
  const first = args[0];
  if (first !== undefined && (first.includes('=') || /^postgres(ql)?:\/\//.test(first))) return { conninfo: first };
  const keys = ['dbname', 'user', 'host', 'port'] as const;
  const out: { -readonly [K in keyof Reconnect]?: string } = {};
  keys.forEach((key, index) => {
    const value = args[index];
    if (value !== undefined && value !== '-') out[key] = value;
  });
  return out;
}

/**
 * Turns `\copy table|(query) from|to source [options]` into the COPY statement psql sends
 * (file sources become STDIN/STDOUT), following psql's copy.c tokenising.
 */
export function copyAsSql(args: string): { sql: string; program: boolean; fromStdin: boolean; binary: boolean } | null {
  const tokens: { text: string; start: number; end: number }[] = [];
  let depth = 0;
  let i = 0;
  while (i < args.length) {
    const c = args[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (c === "'" || c === '"') {
      i++;
      while (i < args.length && !(args[i] === c && args[i + 1] !== c)) i += args[i] === c ? 2 : 1;
      i++;
    } else if (c === '(') {
      depth = 1; i++;
      while (i < args.length && depth > 0) {
        if (args[i] === "'" ) { i++; while (i < args.length && args[i] !== "'") i++; }
        else if (args[i] === '(') depth++;
        else if (args[i] === ')') depth--;
        i++;
      }
    } else {
      while (i < args.length && !/[\s('"]/.test(args[i]!)) i++;
    }
    tokens.push({ text: args.slice(start, i), start, end: i });
  }
  const direction = tokens.findIndex((t, index) => index > 0 && /^(from|to)$/i.test(t.text));
  if (direction < 1 || direction + 1 >= tokens.length) return null;
  const from = tokens[direction]!.text.toLowerCase() === 'from';
  let source = direction + 1;
  const program = tokens[source]!.text.toLowerCase() === 'program';
  if (program) source++;
  const sourceText = tokens[source]?.text.toLowerCase() ?? '';
  const rest = tokens[source] ? args.slice(tokens[source]!.end) : '';
  const target = args.slice(0, tokens[direction]!.start).trim();
  const sql = `COPY ${target} ${from ? 'FROM STDIN' : 'TO STDOUT'} ${rest}`.trim();
  return { sql, program, fromStdin: from && !program && sourceText === 'stdin', binary: /\bbinary\b/i.test(rest) };
}
