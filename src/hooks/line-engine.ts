// The shell-line engine the hook uses (src/shell/assess.ts), loaded only when a shell line must be analysed.
import type { LineAssessor } from './model.js';

export async function loadLineAssessor(): Promise<LineAssessor> {
  const { assessShellLine } = await import('../shell/assess.js');
  return (line, ctx) => assessShellLine(line, ctx);
}
