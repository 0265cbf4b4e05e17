// gcloud's --flags-file: each one is replaced by the flags its YAML/JSON file holds (nested files included), as gcloud does.
import { resolve as resolvePath } from 'node:path';
// Static: the bundler turns a dynamic import('yaml') into a namespace without its named exports.
import { parse } from 'yaml';
import type { Context } from '../../core/context.js';

const MAX_DEPTH = 8;
const MAX_FILE_BYTES = 1024 * 1024;

export interface ExpandedArgv {
  readonly argv: readonly string[];
  /** Files read, for the report. */
  readonly files: readonly string[];
  /** What could not be read or understood: the command fails closed. */
  readonly problems: readonly string[];
}

function flagValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One `{--flag: value}` mapping as command-line words (`--flag=value`; a null value is a bare switch, false its `--no-` form). */
async function mappingWords(mapping: Record<string, unknown>, file: string, depth: number, ctx: Context, out: { files: string[]; problems: string[] }): Promise<string[]> {
  const words: string[] = [];
  for (const [key, value] of Object.entries(mapping)) {
    if (!key.startsWith('--')) {
      out.problems.push(`--flags-file ${file}: ${key} is not a flag (keys must start with --)`);
      continue;
    }
    if (key === '--flags-file') {
      for (const nested of Array.isArray(value) ? value : [value]) words.push(...(await readFlagsFile(flagValue(nested), depth + 1, ctx, out)));
      continue;
    }
    if (value === null || value === true || value === '') words.push(key);
    else if (value === false) words.push(`--no-${key.slice(2)}`);
    else if (Array.isArray(value)) words.push(`${key}=${value.map(flagValue).join(',')}`);
    else words.push(`${key}=${flagValue(value)}`);
  }
  return words;
}

async function readFlagsFile(path: string, depth: number, ctx: Context, out: { files: string[]; problems: string[] }): Promise<string[]> {
  if (depth > MAX_DEPTH) {
    out.problems.push(`--flags-file ${path}: nested more than ${MAX_DEPTH} deep`);
    return [];
  }
  const full = resolvePath(ctx.cwd, path);
  let text: string;
  try {
    const bytes = await ctx.readFile(full);
    if (bytes.length > MAX_FILE_BYTES) throw new Error('larger than guard reads');
    text = bytes.toString('utf8');
  } catch (error) {
    out.problems.push(`--flags-file ${path} could not be read (${error instanceof Error ? error.message : String(error)})`);
    return [];
  }
  out.files.push(path);
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    out.problems.push(`--flags-file ${path} is not YAML or JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return [];
  }
  const mappings = Array.isArray(document) ? document : [document];
  const words: string[] = [];
  for (const mapping of mappings) {
    if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
      out.problems.push(`--flags-file ${path}: expected a mapping of --flag: value`);
      continue;
    }
    words.push(...(await mappingWords(mapping as Record<string, unknown>, path, depth, ctx, out)));
  }
  return words;
}

/** The argv gcloud would parse once every --flags-file (before any `--`) is replaced by its contents. */
export async function expandFlagsFiles(argv: readonly string[], ctx: Context): Promise<ExpandedArgv> {
  const out = { files: [] as string[], problems: [] as string[] };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (word === '--') {
      words.push(...argv.slice(i));
      break;
    }
    if (word === '--flags-file' || word.startsWith('--flags-file=')) {
      const path = word === '--flags-file' ? argv[++i] : word.slice('--flags-file='.length);
      if (path === undefined) out.problems.push('--flags-file needs a file');
      else words.push(...(await readFlagsFile(path, 1, ctx, out)));
      continue;
    }
    words.push(word);
  }
  return { argv: words, files: out.files, problems: out.problems };
}
