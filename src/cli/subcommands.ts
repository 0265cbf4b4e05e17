// guard's own subcommands (rules, explain, log, config); loaded only when one is asked for.
import { readFileSync } from 'node:fs';
import { EXIT } from '../core/errors.js';

export const SUBCOMMANDS = new Set(['rules', 'explain', 'log', 'config']);

export function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

export async function runSubcommand(args: readonly string[], guardBinary: string | null): Promise<number> {
  const { buildSubcommandProgram } = await import('./subcommand-program.js');
  const { renderError } = await import('./main.js');
  let status: number = EXIT.ok;
  const program = buildSubcommandProgram((code) => {
    status = code;
  }, guardBinary);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    return renderError(error);
  }
  return status;
}
