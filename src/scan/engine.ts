// The shell-text engine the scanner runs snippets through, behind a small seam so tests can stub it.
import type { Context } from '../core/context.js';
import type { LineAssessment } from '../shell/model.js';

/** The same bound as the scanner's per-file limit (scanner.ts MAX_FILE_BYTES). */
const SCRIPT_MAX_BYTES = 16 * 1024 * 1024;

/** Assesses a whole piece of shell text (a script, a recipe line, a `run:` block) as the shell would run it. */
export type ShellTextAssessor = (text: string, ctx: Context, options: { readonly file: string }) => Promise<LineAssessment>;

/** The shell-line engine of `src/shell/assess.ts`, loaded only when a scan needs it. */
export async function loadShellAssessor(): Promise<ShellTextAssessor> {
  const engine = await import('../shell/assess.js');
  // A file is bounded by the scanner's own size limit, not by the 256 KiB meant for one line.
  return (text, ctx, options) => engine.assessShellScript(text, ctx, { ...options, limits: { maxBytes: SCRIPT_MAX_BYTES } });
}

/** Loads the engine on the first snippet: a scan of SQL files alone never needs it. */
export function lazyShellAssessor(load: () => Promise<ShellTextAssessor> = loadShellAssessor): ShellTextAssessor {
  let engine: Promise<ShellTextAssessor> | null = null;
  return async (text, ctx, options) => {
    engine ??= load();
    return (await engine)(text, ctx, options);
  };
}
