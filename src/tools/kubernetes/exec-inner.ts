// `kubectl exec POD -- CMD`: the command inside the container is classified by its own rules (psql is still psql).
import type { Context } from '../../core/context.js';
import { remoteContext } from '../../core/inner-context.js';
import type { AnyTool, Classification, ParsedInvocation } from '../tool.js';

/** Programs that only inspect the container: running them changes nothing. */
const READ_ONLY_PROGRAMS = new Set(['cat', 'date', 'df', 'du', 'echo', 'env', 'head', 'hostname', 'id', 'ls', 'nslookup', 'dig', 'printenv', 'ps', 'pwd', 'stat', 'tail', 'true', 'uname', 'uptime', 'wc', 'whoami']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'ash', 'dash', 'ksh', 'fish', 'busybox']);

export type InnerCommand =
  | { readonly kind: 'none' }
  | { readonly kind: 'read-only'; readonly program: string }
  | { readonly kind: 'shell'; readonly program: string; readonly script: boolean }
  | { readonly kind: 'unknown-program'; readonly program: string }
  | { readonly kind: 'guarded'; readonly program: string; readonly tool: AnyTool; readonly parsed: ParsedInvocation; readonly classification: Classification };

function baseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/** Parses and classifies the inner argv; the registry is loaded lazily (it lists this family too). */
export async function analyseInner(argv: readonly string[] | null, ctx: Context): Promise<InnerCommand> {
  const program = argv?.[0];
  if (!argv || program === undefined) return { kind: 'none' };
  const base = baseName(program);
  if (SHELLS.has(base)) return { kind: 'shell', program: base, script: argv.slice(1).some((a) => a === '-c' || (a.startsWith('-') && !a.startsWith('--') && a.includes('c'))) };
  if (READ_ONLY_PROGRAMS.has(base)) return { kind: 'read-only', program: base };
  const { findTool } = await import('../registry.js');
  const tool = await findTool(base);
  if (!tool) return { kind: 'unknown-program', program: base };
  // It runs in the container: its connection settings and files are the container's, not ours.
  const parsed = (await tool.parse(argv.slice(1), remoteContext(ctx, 'the container'))) as ParsedInvocation;
  return { kind: 'guarded', program: base, tool, parsed, classification: tool.classify(parsed) };
}

export async function disposeInner(inner: InnerCommand): Promise<void> {
  if (inner.kind === 'guarded') await inner.tool.dispose?.(inner.parsed);
}
