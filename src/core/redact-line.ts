// The redactor's door for shell text (hook lines, scan snippets): the same word rules as argv, applied to each parsed word in place.
import type { SyntaxNode } from '../parsers/tree-sitter.js';
import { MASK, redactArgv, redactJsonSecrets, redactSecretsInText } from './redact.js';
import { monotonicMs } from './clock.js';

/** Node types that make one shell word. */
const WORD_TYPES = new Set(['word', 'string', 'raw_string', 'concatenation', 'ansi_c_string', 'number', 'translated_string']);
/** Programs whose -c / -e / --command value is SQL guard reads for secrets. */
const SQL_PROGRAMS = new Set(['psql']);
const SQL_OPTIONS = new Set(['-c', '--command']);
/** curl's cookie option: its value is a cookie string (or a file name, which masking costs nothing). */
const COOKIE_OPTIONS: Readonly<Record<string, readonly string[]>> = { curl: ['-b', '--cookie'], wget: ['--header'] };

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The word as the program receives it, for literal words (quotes removed); null when it expands. */
function literal(node: SyntaxNode): string | null {
  switch (node.type) {
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'word':
    case 'number':
      return node.text.includes('\\') ? node.text.replace(/\\(.)/gs, '$1') : node.text;
    case 'string':
      return node.namedChildren.every((child) => child?.type === 'string_content') ? node.text.slice(1, -1).replace(/\\([$`"\\\n])/g, '$1') : null;
    case 'concatenation': {
      const parts = node.namedChildren.map((child) => (child ? literal(child) : null));
      return parts.every((part) => part !== null) ? parts.join('') : null;
    }
    default:
      return null;
  }
}

/** Variables a word expands (`$T`, `${T}`, `"Bearer $T"`). */
function variablesIn(node: SyntaxNode, out: Set<string>): void {
  if (node.type === 'simple_expansion') out.add(node.text.replace(/^\$/, ''));
  if (node.type === 'expansion') {
    const name = node.namedChildren.find((child) => child?.type === 'variable_name');
    if (name) out.add(name.text);
  }
  for (const child of node.namedChildren) if (child) variablesIn(child, out);
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A masked word, written back so the line still reads as shell: quoted when it must be. */
function rewritten(node: SyntaxNode, value: string): string {
  return value === literal(node) ? node.text : quote(value);
}

/**
 * The line with every secret its words carry masked: option values (`--token x`, `-u user:pass`,
 * `-H 'Authorization: Bearer …'`), assignments (`export PGPASSWORD=…`), URLs (basic auth, query
 * tokens), conninfo passwords, cookies, JSON bodies with token fields, SQL that sets a password,
 * and the assignment of any variable a masked word used (`T=abc; curl -H "…Bearer $T"`).
 * Text that does not parse is masked word by word on whitespace, failing safe.
 */
export async function redactShellLine(line: string): Promise<string> {
  const { loadShellParser, parseShell } = await import('../shell/parser.js');
  await loadShellParser();
  // The parser's deadlines are on the monotonic clock (src/core/clock.ts), not the wall clock.
  const parsed = parseShell(line, monotonicMs() + 500);
  if (!parsed.ok) return line.split(/(\s+)/).map((part) => (/\s/.test(part) ? part : redactArgv([part])[0] ?? part)).join('');
  try {
    const replacements: Replacement[] = [];
    const secretVariables = new Set<string>();
    const assignments: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [parsed.root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node.type === 'variable_assignment') assignments.push(node);
      if (node.type === 'command') await redactCommand(node, replacements, secretVariables);
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
    for (const assignment of assignments) {
      const name = assignment.childForFieldName('name')?.text ?? '';
      const value = assignment.childForFieldName('value');
      if (!value) continue;
      const masked = secretVariables.has(name) ? MASK : redactSecretsInText(`${name}=${literal(value) ?? value.text}`).slice(name.length + 1);
      if (masked !== (literal(value) ?? value.text)) replacements.push({ start: value.startIndex, end: value.endIndex, text: quote(masked) });
    }
    return apply(line, replacements);
  } finally {
    parsed.release();
  }
}

async function redactCommand(command: SyntaxNode, replacements: Replacement[], secretVariables: Set<string>): Promise<void> {
  const words = command.namedChildren.filter((child): child is SyntaxNode => child !== null && (child.type === 'command_name' || WORD_TYPES.has(child.type)))
    .map((child) => (child.type === 'command_name' ? child.namedChildren[0] ?? child : child));
  // Words that expand keep their `$T` (the secret is then the variable's value, masked where it is set).
  const values = words.map((word) => literal(word) ?? (word.type === 'string' ? word.text.slice(1, -1) : word.text));
  const program = (values[0] ?? '').slice((values[0] ?? '').lastIndexOf('/') + 1);
  const masked = redactArgv(values);
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as SyntaxNode;
    const previous = values[i - 1] ?? '';
    let value = masked[i] ?? values[i] ?? '';
    if (COOKIE_OPTIONS[program]?.includes(previous)) value = MASK;
    if (SQL_PROGRAMS.has(program) && SQL_OPTIONS.has(previous) && literal(word) !== null) {
      const { sqlCarriesSecret } = await import('../tools/postgres/secrets.js');
      if (await sqlCarriesSecret(values[i] ?? '')) value = '<SQL with a secret, redacted>';
    }
    if (value === values[i]) value = redactJsonSecrets(value);
    if (value === values[i]) continue;
    variablesIn(word, secretVariables);
    replacements.push({ start: word.startIndex, end: word.endIndex, text: rewritten(word, value) });
  }
}

/**
 * A launcher's argv (`sh -c 'mysql -pSECRET …'`, `sudo -u x psql …`) with every word that is shell
 * text masked as a line: the program inside is known there, so its own secret options are too.
 */
export async function redactLauncherArgv(argv: readonly string[]): Promise<string[]> {
  const out = redactArgv(argv);
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (!/\s/.test(word)) continue;
    const masked = await redactShellLine(word);
    if (masked !== word) out[i] = masked;
  }
  return out;
}

function apply(line: string, replacements: readonly Replacement[]): string {
  let out = line;
  // From the end, so earlier offsets stay valid; nested words (a command in `$(…)`) never overlap a replaced one's inside.
  const sorted = [...replacements].sort((a, b) => b.start - a.start);
  let limit = Number.POSITIVE_INFINITY;
  for (const { start, end, text } of sorted) {
    if (end > limit) continue;
    out = `${out.slice(0, start)}${text}${out.slice(end)}`;
    limit = start;
  }
  return out;
}
