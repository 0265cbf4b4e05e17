// redis-cli's argv as its parseOptions() reads it (7.0): options first, then the command; --cluster takes the rest.

/** Options that take the next argument (checked against `redis-cli --help`, 7.0.15). */
const WITH_VALUE = new Set([
  '-h', '-p', '-s', '-a', '--user', '--pass', '-u', '-r', '-i', '-n', '-X', '-d', '-D', '--sni', '--cacert', '--cacertdir', '--cert', '--key',
  '--tls-ciphers', '--tls-ciphersuites', '--show-pushes', '--lru-test', '--rdb', '--functions-rdb', '--pipe-timeout', '--memkeys-samples',
  '--pattern', '--quoted-pattern', '--intrinsic-latency', '--eval',
]);
const FLAGS = new Set([
  '--askpass', '-2', '-3', '-x', '-c', '-e', '--tls', '--insecure', '--raw', '--no-raw', '--quoted-input', '--csv', '--json', '--quoted-json',
  '--stat', '--latency', '--latency-history', '--latency-dist', '--replica', '--pipe', '--bigkeys', '--memkeys', '--hotkeys', '--scan', '--ldb',
  '--ldb-sync-mode', '--verbose', '--no-auth-warning', '--help', '--version',
]);

export interface RedisCliArgs {
  /** Last value of each option (`-n` → `3`); flags map to ''. */
  readonly options: ReadonlyMap<string, string>;
  /** Argv indexes of option values that are secrets (-a, --pass). */
  readonly secretIndexes: readonly number[];
  readonly command: readonly string[];
  /** Index in argv where the command starts. */
  readonly commandIndex: number;
  /** `--cluster SUBCOMMAND args…`, when given. */
  readonly cluster: readonly string[] | null;
  readonly problems: readonly string[];
}

export function parseRedisCliArgs(args: readonly string[]): RedisCliArgs {
  const options = new Map<string, string>();
  const secretIndexes: number[] = [];
  const problems: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--cluster') {
      return { options, secretIndexes, command: [], commandIndex: args.length, cluster: args.slice(i + 1), problems };
    }
    if (WITH_VALUE.has(arg)) {
      // redis-cli treats an option with no value left as the start of the command.
      if (i + 1 >= args.length) {
        problems.push(`option ${arg} needs a value`);
        break;
      }
      options.set(arg, args[i + 1] ?? '');
      if (arg === '-a' || arg === '--pass') secretIndexes.push(i + 1);
      i++;
      continue;
    }
    if (FLAGS.has(arg)) {
      options.set(arg, '');
      continue;
    }
    if (arg.startsWith('-')) {
      problems.push(`unrecognised option ${arg}`);
      continue;
    }
    break;
  }
  return { options, secretIndexes, command: args.slice(i), commandIndex: i, cluster: null, problems };
}

/** sdssplitargs: the splitting redis-cli applies to each line it reads (quotes, \x escapes). Null on bad quoting. */
export function splitRedisLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] ?? '')) i++;
    if (i >= line.length) break;
    let current = '';
    let quote: '"' | "'" | null = null;
    for (;;) {
      const ch = line[i];
      if (quote === '"') {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          current += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        if (ch === '\\' && i + 1 < line.length) {
          const next = line[i + 1] ?? '';
          current += ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[next] ?? next;
          i += 2;
          continue;
        }
        if (ch === '"') {
          if (i + 1 < line.length && !/\s/.test(line[i + 1] ?? '')) return null;
          i++;
          break;
        }
        current += ch;
        i++;
        continue;
      }
      if (quote === "'") {
        if (ch === undefined) return null;
        if (ch === '\\' && line[i + 1] === "'") {
          current += "'";
          i += 2;
          continue;
        }
        if (ch === "'") {
          if (i + 1 < line.length && !/\s/.test(line[i + 1] ?? '')) return null;
          i++;
          break;
        }
        current += ch;
        i++;
        continue;
      }
      if (ch === undefined || /\s/.test(ch)) break;
      if (ch === '"' || ch === "'") {
        quote = ch;
        i++;
        continue;
      }
      current += ch;
      i++;
    }
    out.push(current);
  }
  return out;
}

/** --pipe input: RESP arrays (`*2\r\n$3\r\nDEL\r\n…`) or inline commands, one a line. Null when malformed. */
export function splitPipeInput(data: string): string[][] | null {
  const commands: string[][] = [];
  let i = 0;
  const readLine = (): string | null => {
    const end = data.indexOf('\r\n', i);
    if (end < 0) return null;
    const line = data.slice(i, end);
    i = end + 2;
    return line;
  };
  while (i < data.length) {
    if (data[i] === '*') {
      const header = readLine();
      const count = header === null ? NaN : Number(header.slice(1));
      if (!Number.isInteger(count) || count < 0) return null;
      const command: string[] = [];
      for (let n = 0; n < count; n++) {
        const length = Number(readLine()?.slice(1));
        if (!Number.isInteger(length) || length < 0 || i + length + 2 > data.length) return null;
        command.push(data.slice(i, i + length));
        i += length + 2;
      }
      commands.push(command);
      continue;
    }
    const end = data.indexOf('\n', i);
    const line = data.slice(i, end < 0 ? data.length : end).replace(/\r$/, '');
    i = end < 0 ? data.length : end + 1;
    const words = splitRedisLine(line);
    if (words === null) return null;
    if (words.length > 0) commands.push(words);
  }
  return commands;
}
