// Live facts through mongosh itself, read-only: a database's stats, a collection's document count and size.
import type { Context } from '../../core/context.js';
import type { MongoshInvocation } from './grammar.js';

export interface MongoFacts {
  readonly documents?: number;
  readonly bytes?: number;
  readonly collections?: number;
}

export type LiveResult = { readonly ok: true; readonly facts: MongoFacts } | { readonly ok: false; readonly why: string };

/** The original connection arguments, without what runs code (--eval, -f, files, --shell). */
function connectionArgs(args: readonly string[], invocation: MongoshInvocation): string[] {
  const out: string[] = [];
  const files = new Set(invocation.files);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--eval' || arg === '-f' || arg === '--file') {
      i++;
      continue;
    }
    if (arg.startsWith('--eval=') || arg.startsWith('--file=') || arg === '--shell' || arg.startsWith('--json') || files.has(arg)) continue;
    out.push(arg);
  }
  return out;
}

/** One look-up script: it only reads (stats, countDocuments) and prints one JSON line. */
export function lookupScript(database: string, collection: string | null): string {
  const target = `db.getSiblingDB(${JSON.stringify(database)})`;
  if (collection === null) return `const s = ${target}.stats(); print(JSON.stringify({ documents: Number(s.objects), bytes: Number(s.dataSize) + Number(s.indexSize), collections: Number(s.collections) }))`;
  const c = `${target}.getCollection(${JSON.stringify(collection)})`;
  return `const s = ${c}.stats(); print(JSON.stringify({ documents: Number(${c}.countDocuments({})), bytes: Number(s.size) + Number(s.totalIndexSize || 0) }))`;
}

export async function lookUp(args: readonly string[], invocation: MongoshInvocation, database: string, collection: string | null, ctx: Context): Promise<LiveResult> {
  const binary = ctx.which('mongosh');
  if (!binary) return { ok: false, why: 'mongosh is not installed, so guard cannot measure what it would remove' };
  const result = await ctx.subprocess.run(binary, [...connectionArgs(args, invocation), '--quiet', '--norc', '--eval', lookupScript(database, collection)], { cwd: ctx.cwd, env: ctx.env, timeoutMs: 10_000, maxOutputBytes: 1 << 16 });
  if (result.timedOut) return { ok: false, why: 'the look-up through mongosh timed out' };
  if (result.status !== 0) return { ok: false, why: `the look-up through mongosh failed (${(result.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit ${result.status}`})` };
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const number = (key: string) => (typeof parsed[key] === 'number' && Number.isFinite(parsed[key]) ? (parsed[key] as number) : undefined);
    const documents = number('documents');
    const bytes = number('bytes');
    const collections = number('collections');
    return { ok: true, facts: { ...(documents !== undefined ? { documents } : {}), ...(bytes !== undefined ? { bytes } : {}), ...(collections !== undefined ? { collections } : {}) } };
  } catch {
    return { ok: false, why: 'mongosh answered the look-up with something other than JSON' };
  }
}
