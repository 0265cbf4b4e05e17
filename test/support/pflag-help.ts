// Reads a cobra/pflag CLI's command tree (docker, supabase) from its own --help, to generate and check grammar tables.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One command as its help lists it: aliases and pflag definitions in the compact spec form (src/parsers/command-spec.ts). */
export interface HelpCommand {
  readonly aliases: readonly string[];
  readonly flags: string;
}

export interface HelpTree {
  readonly root: HelpCommand;
  readonly commands: Readonly<Record<string, HelpCommand>>;
}

const NOT_COMMANDS = new Set(['Usage:', 'Aliases:', 'Examples:', 'Example:', 'Options:', 'Flags:', 'Global Flags:', 'Global Options:', 'Description:', 'Additional help topics:']);

/** The lines of one `Heading:` section, up to the next heading. */
function section(help: string, heading: string): string[] {
  const lines = help.split('\n');
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (/^\S.*:$/.test(line)) {
      inside = line === heading;
      continue;
    }
    if (inside) out.push(line);
  }
  return out;
}

function headings(help: string): string[] {
  return help.split('\n').filter((line) => /^\S.*:$/.test(line));
}

/** `  -f, --filter filter   Provide…`, `      --dry-run[=client]  …`, `      --force   …` → `-f/--filter=` etc. */
export function flagsFromHelp(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const match = /^\s{2,}(?:-(\S), )?--([A-Za-z0-9][\w.-]*)(\[=[^\]]*\])?(?: (\S+))?(?:\s{2,}|$)/.exec(line);
    if (!match) continue;
    const [, short, long, optional, type] = match;
    if (long === 'help') continue;
    const names = short ? `-${short}/--${long}` : `--${long}`;
    out.push(optional ? `${names}=?` : type ? `${names}=` : names);
  }
  return out;
}

/** Sub-command names listed under every `… Commands:` heading (docker groups them, supabase too). */
function subcommandsFromHelp(help: string): string[] {
  const names: string[] = [];
  for (const heading of headings(help)) {
    if (NOT_COMMANDS.has(heading)) continue;
    for (const line of section(help, heading)) {
      const match = /^ {2}([a-z][\w-]*)\*?\s{2,}\S/.exec(line);
      if (match?.[1] && match[1] !== 'help' && match[1] !== 'completion') names.push(match[1]);
    }
  }
  return [...new Set(names)];
}

/**
 * `docker container rm, docker container remove, docker rm` (docker: full paths, only those under the same
 * parent count) or `rm, remove` (cobra: bare names) → the aliases of this command.
 */
function aliasesFromHelp(help: string, program: string, path: readonly string[]): string[] {
  const line = section(help, 'Aliases:').map((l) => l.trim()).find(Boolean);
  if (!line) return [];
  const name = path.at(-1) ?? '';
  const parent = [program, ...path.slice(0, -1)].join(' ');
  const aliases: string[] = [];
  for (const entry of line.split(',').map((e) => e.trim())) {
    const words = entry.split(' ');
    if (words.length === 1) aliases.push(entry);
    else if (words.slice(0, -1).join(' ') === parent) aliases.push(words.at(-1) ?? '');
  }
  return aliases.filter((alias) => alias && alias !== name);
}

export interface HelpReader {
  readonly version: string;
  read(): HelpTree;
  remove(): void;
}

/** Walks `<program> [path…] --help` from the root; a private HOME so no user config is read. */
export function pflagHelpReader(program: string, options: { versionArgs: readonly string[]; skip?: (path: readonly string[]) => boolean }): HelpReader {
  const sandbox = mkdtempSync(join(tmpdir(), `guard-${program}-help-`));
  const env = { PATH: process.env.PATH ?? '', HOME: sandbox, DOCKER_CONFIG: join(sandbox, '.docker'), NO_COLOR: '1', TERM: 'dumb' };
  const help = (path: readonly string[]): string => {
    const result = spawnSync(program, [...path, '--help'], { encoding: 'utf8', cwd: sandbox, env, timeout: 10_000, killSignal: 'SIGKILL' });
    return `${result.stdout ?? ''}`;
  };
  const version = spawnSync(program, [...options.versionArgs], { encoding: 'utf8', env, cwd: sandbox, timeout: 10_000 }).stdout?.trim() ?? '';
  return {
    version,
    read() {
      const commands: Record<string, HelpCommand> = {};
      const rootHelp = help([]);
      const root: HelpCommand = { aliases: [], flags: flagsFromHelp([...section(rootHelp, 'Options:'), ...section(rootHelp, 'Global Options:'), ...section(rootHelp, 'Flags:')]).join(' ') };
      const visit = (path: readonly string[], text: string): void => {
        for (const name of subcommandsFromHelp(text)) {
          const child = [...path, name];
          if (options.skip?.(child)) continue;
          const childHelp = help(child);
          commands[child.join(' ')] = {
            aliases: aliasesFromHelp(childHelp, program, child),
            flags: flagsFromHelp([...section(childHelp, 'Options:'), ...section(childHelp, 'Flags:')]).join(' '),
          };
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

/** The text of a `*-commands.generated.ts` module for a tree (the same text the freshness tests compare). */
export function renderGrammarModule(options: { program: string; constant: string; generator: string; version: string; tree: HelpTree }): string {
  const row = (command: HelpCommand): string => JSON.stringify(command);
  return [
    `// Generated by ${options.generator} from ${options.program}'s own --help; do not edit.`,
    "import type { GeneratedCommand } from '../../parsers/command-spec.js';",
    '',
    `export const ${options.constant}_VERSION = ${JSON.stringify(options.version)};`,
    `export const ${options.constant}_ROOT: GeneratedCommand = ${row(options.tree.root)};`,
    `export const ${options.constant}_COMMANDS: Readonly<Record<string, GeneratedCommand>> = {`,
    ...Object.entries(options.tree.commands).map(([path, command]) => `  ${JSON.stringify(path)}: ${row(command)},`),
    '};',
    '',
  ].join('\n');
}
