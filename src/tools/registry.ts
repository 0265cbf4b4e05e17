// The catalogue: every wrapped program, sorted by name. Adding a tool is one line here.
import { postgresTools } from './postgres/index.js';
import type { AnyTool } from './tool.js';

export const TOOLS: readonly AnyTool[] = [...postgresTools].sort((a, b) => a.name.localeCompare(b.name));

const BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));

/** The catalogue entry for a command as typed (`psql`, `/usr/bin/psql`), or null. */
export function findTool(command: string): AnyTool | null {
  const base = command.slice(command.lastIndexOf('/') + 1);
  return BY_NAME.get(base) ?? null;
}
