// Reads the supabase CLI's command tree from its own --help (its FLAGS / SUBCOMMANDS layout), to generate and check the grammar.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HelpCommand, HelpReader } from '../../support/pflag-help.js';

export const SUPABASE_BIN = join(process.cwd(), 'node_modules', '.bin', 'supabase');

function sections(help: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of help.split('\n')) {
    if (/^[A-Z][A-Z ]+$/.test(line)) {
      current = [];
      out.set(line, current);
    } else if (current) current.push(line);
  }
  return out;
}

/** `  --password, -p string    Password…`, `  --linked    Pushes…`, `  --completions <bash|zsh>  …`. */
function flagsOf(lines: readonly string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    const match = /^ {2}--([a-z0-9][\w-]*)(?:, -([A-Za-z]))?(?: (\S+))?(?:\s{2,}|$)/.exec(line);
    if (!match || match[1] === 'help') continue;
    const [, long, short, type] = match;
    out.push(`${short ? `-${short}/` : ''}--${long}${type ? '=' : ''}`);
  }
  return out.join(' ');
}

/** `  migration, migrations Manage…` → name and aliases. */
function subcommandsOf(lines: readonly string[]): { name: string; aliases: string[] }[] {
  const out: { name: string; aliases: string[] }[] = [];
  for (const line of lines) {
    const match = /^ {2}([a-z][\w-]*(?:, [a-z][\w-]*)*)\s+\S/.exec(line);
    if (!match?.[1]) continue;
    const [name = '', ...aliases] = match[1].split(', ');
    if (name !== 'help' && name !== 'completion') out.push({ name, aliases });
  }
  return out;
}

export function supabaseHelpReader(): HelpReader {
  const sandbox = mkdtempSync(join(tmpdir(), 'guard-supabase-help-'));
  const env = { PATH: process.env.PATH ?? '', HOME: sandbox, NO_COLOR: '1', TERM: 'dumb', SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
  const help = (path: readonly string[]) => spawnSync(SUPABASE_BIN, [...path, '--help'], { encoding: 'utf8', cwd: sandbox, env, timeout: 15_000, killSignal: 'SIGKILL' }).stdout ?? '';
  const version = spawnSync(SUPABASE_BIN, ['--version'], { encoding: 'utf8', cwd: sandbox, env, timeout: 15_000 }).stdout?.trim() ?? '';
  return {
    version,
    read() {
      const commands: Record<string, HelpCommand> = {};
      const rootHelp = sections(help([]));
      const root: HelpCommand = { aliases: [], flags: flagsOf(rootHelp.get('GLOBAL FLAGS') ?? []) };
      const visit = (path: readonly string[], text: Map<string, string[]>): void => {
        for (const { name, aliases } of subcommandsOf(text.get('SUBCOMMANDS') ?? [])) {
          const child = [...path, name];
          const childHelp = sections(help(child));
          commands[child.join(' ')] = { aliases, flags: flagsOf(childHelp.get('FLAGS') ?? []) };
          visit(child, childHelp);
        }
      };
      visit([], rootHelp);
      return { root, commands };
    },
    remove() {
      rmSync(sandbox, { recursive: true, force: true });
    },
  };
}
