// pulumi's argv as cobra reads it: the command path through aliases, persistent and local flags anywhere.
import { GLOBAL_FLAGS, PULUMI_ROOT, type CommandNode, type FlagKind } from './grammar.js';

export interface PulumiCommand {
  /** Canonical names: `['stack', 'rm']`, `['destroy']` for `down`. */
  readonly path: readonly string[];
  readonly node: CommandNode | null;
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  /** --help: cobra prints help and runs nothing. */
  readonly infoOnly: boolean;
  readonly problems: readonly string[];
}

/** The flags a command accepts: its own, its ancestors' (persistent in pulumi's tree), and the root's. */
function lookup(chain: readonly CommandNode[], name: string, short: boolean): { long: string; kind: FlagKind } | null {
  for (const node of [...chain].reverse()) {
    const set = node.flags;
    if (!set) continue;
    const long = short ? set.short[name] : name;
    if (long !== undefined && set.long[long] !== undefined) return { long, kind: set.long[long] as FlagKind };
  }
  const long = short ? GLOBAL_FLAGS.short[name] : name;
  return long !== undefined && GLOBAL_FLAGS.long[long] ? { long, kind: GLOBAL_FLAGS.long[long] as FlagKind } : null;
}

const BOOL_VALUES = new Set(['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False', 'T', 'F']);

export function parsePulumiArgs(args: readonly string[]): PulumiCommand {
  const problems: string[] = [];
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const chain: CommandNode[] = [PULUMI_ROOT];
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const flag = lookup(chain, name, false);
      if (!flag) {
        problems.push(`unknown flag: --${name}`);
        continue;
      }
      if (flag.kind === 'bool') {
        const value = eq === -1 ? 'true' : arg.slice(eq + 1);
        if (!BOOL_VALUES.has(value)) problems.push(`invalid value for --${name}: ${value}`);
        add(flag.long, ['true', '1', 't', 'TRUE', 'True', 'T'].includes(value) ? 'true' : 'false');
      } else if (eq !== -1) add(flag.long, arg.slice(eq + 1));
      else if (i + 1 < args.length) add(flag.long, args[++i] as string);
      else problems.push(`flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // Shorthands: -y, -yf (bools combined), -s dev, -sdev, -s=dev.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        const flag = lookup(chain, letter, true);
        if (!flag) {
          problems.push(`unknown shorthand flag: '${letter}' in ${arg}`);
          break;
        }
        if (flag.kind === 'bool') {
          if (arg[j + 1] === '=') {
            add(flag.long, ['true', '1', 't'].includes(arg.slice(j + 2)) ? 'true' : 'false');
            break;
          }
          add(flag.long, 'true');
          continue;
        }
        const attached = arg.slice(j + 1);
        if (attached) add(flag.long, attached.startsWith('=') ? attached.slice(1) : attached);
        else if (i + 1 < args.length) add(flag.long, args[++i] as string);
        else problems.push(`flag needs an argument: -${letter}`);
        break;
      }
      continue;
    }
    const current = chain[chain.length - 1] as CommandNode;
    const child = positionals.length === 0 ? current.children?.find((c) => c.name === arg || c.aliases?.includes(arg)) : undefined;
    if (child) chain.push(child);
    else positionals.push(arg);
  }
  const node = chain.length > 1 ? (chain[chain.length - 1] as CommandNode) : null;
  const help = flags.get('help')?.at(-1) === 'true';
  if (!node && !help) problems.push(positionals.length > 0 ? `unknown command: ${positionals[0]}` : 'no command');
  else if (node && node.children && !help && positionals.length > 0) problems.push(`unknown command: ${[...chain.slice(1).map((c) => c.name), positionals[0]].join(' ')}`);
  return {
    path: chain.slice(1).map((c) => c.name),
    node,
    flags,
    positionals,
    infoOnly: (help || (node !== null && !node.action && positionals.length === 0)) && problems.length === 0,
    problems,
  };
}

export function boolFlag(command: PulumiCommand, name: string): boolean {
  return command.flags.get(name)?.at(-1) === 'true';
}

export function flagValue(command: PulumiCommand, name: string): string | undefined {
  return command.flags.get(name)?.at(-1);
}
