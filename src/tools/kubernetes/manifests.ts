// Reads the objects a kubectl -f input names: files, directories (-R), URLs, `-` (stdin, spooled); YAML multi-document.
import { readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Context } from '../../core/context.js';
import type { SpooledInput } from '../../core/stdin.js';

export interface ManifestObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly source: string;
}

export interface ManifestRead {
  readonly objects: readonly ManifestObject[];
  readonly problems: readonly string[];
  readonly stdin?: SpooledInput;
}

const MAX_FILES = 500;
const MAX_BYTES = 8 * 1024 * 1024;
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function objectsOf(value: unknown, source: string, out: ManifestObject[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const doc = value as Record<string, unknown>;
  const kind = typeof doc.kind === 'string' ? doc.kind : '';
  // `kind: List` (and `*List`) carries its objects in items, as kubectl get -o yaml writes them.
  if (kind.endsWith('List') && Array.isArray(doc.items)) {
    for (const item of doc.items) objectsOf(item, source, out);
    return;
  }
  const metadata = doc.metadata !== null && typeof doc.metadata === 'object' ? (doc.metadata as Record<string, unknown>) : {};
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '(unnamed)';
  out.push({ kind: kind || '(no kind)', name, namespace: typeof metadata.namespace === 'string' ? metadata.namespace : null, source });
}

export async function parseDocuments(text: string, source: string, out: ManifestObject[], problems: string[]): Promise<void> {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      problems.push(`could not parse ${source}: ${doc.errors[0]?.message.split('\n')[0] ?? 'YAML error'}`);
      continue;
    }
    objectsOf(doc.toJS({ maxAliasCount: 100 }), source, out);
  }
}

function listDirectory(dir: string, recursive: boolean, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (into.length > MAX_FILES) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) listDirectory(path, recursive, into);
    } else if (MANIFEST_EXTENSIONS.has(extname(entry.name))) into.push(path);
  }
}

/** Everything every -f names; what cannot be read is a problem (the caller decides whether that matters). */
export async function readManifests(inputs: readonly string[], recursive: boolean, ctx: Context): Promise<ManifestRead> {
  const objects: ManifestObject[] = [];
  const problems: string[] = [];
  let stdin: SpooledInput | undefined;
  for (const input of inputs) {
    try {
      if (input === '-') {
        stdin ??= await ctx.stdin.spool();
        if (stdin.size > MAX_BYTES) throw new Error('stdin is larger than 8 MB');
        const chunks: Buffer[] = [];
        for await (const chunk of stdin.open()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
        await parseDocuments(Buffer.concat(chunks).toString('utf8'), 'stdin', objects, problems);
        continue;
      }
      if (input.startsWith('http://') || input.startsWith('https://')) {
        problems.push(`${input} is fetched by kubectl at run time: guard did not read it`);
        continue;
      }
      const path = isAbsolute(input) ? input : resolvePath(ctx.cwd, input);
      const files: string[] = [];
      if (statSync(path).isDirectory()) listDirectory(path, recursive, files);
      else files.push(path);
      if (files.length > MAX_FILES) throw new Error(`more than ${MAX_FILES} manifest files`);
      for (const file of files) {
        const bytes = await ctx.readFile(file);
        if (bytes.length > MAX_BYTES) throw new Error(`${file} is larger than 8 MB`);
        await parseDocuments(bytes.toString('utf8'), file === path ? input : file, objects, problems);
      }
    } catch (error) {
      problems.push(`could not read ${input}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { objects, problems, ...(stdin ? { stdin } : {}) };
}
