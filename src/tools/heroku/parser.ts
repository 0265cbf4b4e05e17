// Parses heroku argv the way oclif does: a command id (topic:command, or an alias), then flags anywhere after it.
import { parseFlagList } from '../../parsers/command-spec.js';
import { HEROKU_COMMANDS } from './commands.generated.js';

export interface ParsedHeroku {
  /** The canonical oclif id (`apps:destroy`), or null when the first word names no command. */
  readonly id: string | null;
  /** How it was typed, when not the canonical id (`destroy`, `apps destroy`). */
  readonly typed: string | null;
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly args: readonly string[];
  /** Words after `--`. */
  readonly afterDash: readonly string[];
  readonly infoOnly: boolean;
  readonly problems: readonly string[];
}

const IDS = new Map<string, string>();
for (const [id, command] of Object.entries(HEROKU_COMMANDS)) {
  IDS.set(id, id);
  for (const alias of command.aliases) if (!IDS.has(alias)) IDS.set(alias, id);
}

/**
 * heroku 11 dispatches on the colon id; `heroku apps destroy myapp` is rejected there ("Unexpected
 * arguments: destroy, myapp") but older releases with a space separator ran apps:destroy. guard reads
 * the longest run of words that spells a command, so the space form is never taken for something milder.
 */
function commandOf(args: readonly string[]): { id: string | null; consumed: number; typed: string | null } {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return { id: null, consumed: 0, typed: null };
  let best: { id: string; consumed: number } | null = IDS.has(first) ? { id: IDS.get(first) ?? first, consumed: 1 } : null;
  for (let n = 2; n <= Math.min(5, args.length); n++) {
    const words = args.slice(0, n);
    if (words.some((w) => w.startsWith('-'))) break;
    const id = IDS.get(words.join(':'));
    if (id) best = { id, consumed: n };
  }
  if (!best) return { id: null, consumed: 0, typed: first };
  const typed = args.slice(0, best.consumed).join(best.consumed > 1 ? ' ' : '');
  return { ...best, typed: typed === best.id ? null : typed };
}

export function parseHerokuArgs(args: readonly string[]): ParsedHeroku {
  const problems: string[] = [];
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  let afterDash: string[] = [];
  let infoOnly = false;
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help' || args[0] === '--version' || args[0] === '-v' || args[0] === 'version') {
    return { id: null, typed: null, flags, args: [], afterDash: [], infoOnly: true, problems };
  }
  const { id, consumed, typed } = commandOf(args);
  if (!id) return { id: null, typed, flags, args: args.slice(1), afterDash: [], infoOnly: false, problems: [`unknown command ${typed ?? args[0] ?? ''}`] };
  const command = HEROKU_COMMANDS[id];
  const kinds = parseFlagList(command?.flags);
  const record = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  const rest = args.slice(consumed);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--') {
      afterDash = rest.slice(i + 1);
      break;
    }
    if (arg === '--help' || arg === '-h') {
      infoOnly = true;
      continue;
    }
    let long: string | null = null;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      long = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) inline = arg.slice(eq + 1);
      if (!kinds.values.has(long) && !kinds.bools.has(long)) long = null;
    } else if (arg.startsWith('-') && arg.length > 1) {
      long = kinds.shorts.get(arg[1] ?? '') ?? null;
      if (long && arg.length > 2) inline = arg.slice(arg[2] === '=' ? 3 : 2);
    }
    if (long === null) {
      if (arg.startsWith('-') && arg.length > 1 && !command?.variadic) problems.push(`unknown flag ${arg} for heroku ${id}`);
      positional.push(arg);
      continue;
    }
    if (kinds.values.has(long)) {
      if (inline !== undefined) record(long, inline);
      else if (i + 1 < rest.length) record(long, rest[++i] ?? '');
      else problems.push(`flag --${long} needs a value`);
    } else record(long, inline ?? 'true');
  }
  if (command && !command.variadic && positional.length > command.args.length) problems.push(`unexpected arguments for heroku ${id}: ${positional.slice(command.args.length).join(' ')}`);
  return { id, typed, flags, args: positional, afterDash, infoOnly, problems };
}

export function herokuFlag(parsed: ParsedHeroku, name: string): string | undefined {
  return parsed.flags.get(name)?.at(-1);
}
