// Launchers that run another command (env, sudo, timeout, xargs, sh -c…): their grammars, and what they run.
import type { LinePayload } from './model.js';
import { literalWord, unknownWord, type Word } from './expand.js';
import { has, scanOptions, valueOf, type OptionSpec } from './options.js';
import { SESSION_LAUNCHERS } from './sessions.js';
import { splitEnvString } from './env-string.js';
import { SUBCOMMAND_ALIASES, SUBCOMMAND_WORDS } from '../cli/commands/names.js';

/** What a launcher runs. */
export type Unwrapped =
  | {
      readonly kind: 'run';
      readonly words: readonly Word[];
      readonly via: string;
      readonly env?: Readonly<Record<string, string>>;
      readonly envUnknown?: readonly string[];
      readonly cwd?: Word;
      readonly stdin?: LinePayload;
      /** `command railway` skips shell functions named railway. */
      readonly skipFunctions?: boolean;
      /** xargs: the trailing arguments are the output of this static argv. */
      readonly argumentsFrom?: readonly string[];
      /** The OS user it runs as (`sudo -u postgres`, `runuser -u app`): its defaults and home, not guard's. */
      readonly user?: Word;
      /** Through that user's login shell (`sudo -i`, `su -`): its profile files may set anything. */
      readonly login?: boolean;
    }
  /** Shell text the launcher hands to a shell (`sh -c`, `su -c`, `eval`, `watch`). */
  | { readonly kind: 'shell'; readonly script: Word; readonly via: string; readonly positional: readonly (string | null)[] | null; readonly stdin?: LinePayload; readonly user?: Word; readonly login?: boolean }
  /** A shell reading a script file (`bash x.sh`): scanned as a script. */
  | { readonly kind: 'script'; readonly path: Word; readonly via: string; readonly args: readonly Word[] }
  /** Runs nothing (`command -v x`, `nice` alone). */
  | { readonly kind: 'nothing' }
  | { readonly kind: 'unknown'; readonly why: string };

export interface LauncherInput {
  /** What the launcher itself reads on stdin; undefined when it inherits the line's stdin. */
  readonly stdin: LinePayload | undefined;
  /** Reads a file (relative to the command's cwd) within the budget; null when it cannot. */
  readText(path: string): Promise<string | null>;
}

type Launcher = (words: readonly Word[], input: LauncherInput) => Unwrapped | Promise<Unwrapped>;

function run(words: readonly Word[], next: number, via: string, extra: Partial<Extract<Unwrapped, { kind: 'run' }>> = {}): Unwrapped {
  const rest = words.slice(next);
  return rest.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: rest, via, ...extra };
}

function launch(spec: OptionSpec, via: (words: readonly Word[]) => string = (words) => words[0]?.text ?? ''): Launcher {
  return (words) => {
    const program = words[0]?.text ?? '';
    const scanned = scanOptions(program, words, 1, spec);
    if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
    return run(words, scanned.next, via(words));
  };
}

/** Leading NAME=VALUE words (env, sudo): split off into the command's environment. */
function assignments(words: readonly Word[], start: number): { env: Record<string, string>; unknown: string[]; next: number } {
  const env: Record<string, string> = {};
  const unknown: string[] = [];
  let i = start;
  for (; i < words.length; i++) {
    const word = words[i] as Word;
    const eq = word.text.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(word.text.slice(0, eq))) break;
    const name = word.text.slice(0, eq);
    if (word.known) env[name] = word.text.slice(eq + 1);
    else unknown.push(`${name} is set from ${word.why ?? 'something guard cannot evaluate'}`);
  }
  return { env, unknown, next: i };
}

const envLauncher: Launcher = (words) => {
  const scanned = scanOptions('env', words, 1, {
    shortValue: 'uCS',
    shortFlags: 'i0v',
    longValue: ['unset', 'chdir', 'split-string'],
    longFlags: ['ignore-environment', 'null', 'debug', 'block-signal', 'default-signal', 'ignore-signal', 'list-signal-handling'],
  });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  let next = scanned.next;
  if (words[next]?.text === '-') next++; // a mere `-` implies -i
  const split = valueOf(scanned.options, 'S', 'split-string');
  const assigned = assignments(words, next);
  const cwd = valueOf(scanned.options, 'C', 'chdir');
  const via = has(scanned.options, 'i', 'ignore-environment') || words[scanned.next]?.text === '-' ? 'env -i' : 'env';
  if (split) {
    // -S splits its string into arguments that come before the remaining operands.
    if (!split.known) return { kind: 'unknown', why: `env -S: ${split.why ?? 'unknown string'}` };
    const splitWords = splitEnvString(split.text);
    if (!splitWords) return { kind: 'unknown', why: `env -S: guard cannot split ${JSON.stringify(split.text)}` };
    const combined = [...splitWords.map(literalWord), ...words.slice(assigned.next)];
    const inner = assignments(combined, 0);
    return run(combined, inner.next, 'env -S', { env: { ...assigned.env, ...inner.env }, envUnknown: [...assigned.unknown, ...inner.unknown], ...(cwd ? { cwd } : {}) });
  }
  return run(words, assigned.next, via, { env: assigned.env, envUnknown: assigned.unknown, ...(cwd ? { cwd } : {}) });
};

const sudoLauncher: Launcher = (words) => {
  const scanned = scanOptions('sudo', words, 1, {
    shortValue: 'ugpCrtUTDhR',
    shortFlags: 'AbEHiKknPSsBNlveV',
    longValue: ['user', 'group', 'prompt', 'close-from', 'role', 'type', 'other-user', 'command-timeout', 'chdir', 'host', 'chroot', 'login-class'],
    longFlags: ['askpass', 'background', 'bell', 'preserve-env', 'preserve-groups', 'set-home', 'login', 'remove-timestamp', 'reset-timestamp', 'non-interactive', 'stdin', 'shell', 'no-update'],
  });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  // -l lists privileges, -v refreshes the timestamp, -e edits files: none runs a command.
  if (has(scanned.options, 'l', 'v', 'V', 'e')) return { kind: 'nothing' };
  const user = valueOf(scanned.options, 'u', 'user');
  const assigned = assignments(words, scanned.next);
  const via = user ? `sudo -u ${user.text}` : 'sudo';
  const cwd = valueOf(scanned.options, 'D', 'chdir');
  // Without -u, sudo runs the command as root (sudoers' runas_default, root unless changed).
  return run(words, assigned.next, via, { env: assigned.env, envUnknown: assigned.unknown, ...(cwd ? { cwd } : {}), user: user ?? literalWord('root'), login: has(scanned.options, 'i', 'login') });
};

const timeoutLauncher: Launcher = (words) => {
  const scanned = scanOptions('timeout', words, 1, { shortValue: 'ks', shortFlags: 'v', longValue: ['kill-after', 'signal'], longFlags: ['preserve-status', 'foreground', 'verbose'] });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  // The first operand is the duration.
  return run(words, scanned.next + 1, 'timeout');
};

const niceLauncher: Launcher = (words) => {
  let next = 1;
  // Historic `nice -10 cmd` (a negative number as the adjustment) is still accepted by coreutils.
  if (/^-[0-9]+$/.test(words[1]?.text ?? '')) next = 2;
  const scanned = scanOptions('nice', words, next, { shortValue: 'n', longValue: ['adjustment'] });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  return run(words, scanned.next, 'nice');
};

const ioniceLauncher: Launcher = (words) => {
  const scanned = scanOptions('ionice', words, 1, { shortValue: 'cn', shortFlags: 'tpPu', longValue: ['class', 'classdata'], longFlags: ['ignore', 'pid', 'pgid', 'uid'] });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  if (has(scanned.options, 'p', 'P', 'u', 'pid', 'pgid', 'uid')) return { kind: 'nothing' };
  return run(words, scanned.next, 'ionice');
};

const timeLauncher = launch({ shortValue: 'fo', shortFlags: 'apqv', longValue: ['format', 'output'], longFlags: ['append', 'portability', 'quiet', 'verbose'] });

const execLauncher = launch({ shortValue: 'a', shortFlags: 'cl' });

const commandLauncher: Launcher = (words) => {
  const scanned = scanOptions('command', words, 1, { shortFlags: 'pvV' });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  if (has(scanned.options, 'v', 'V')) return { kind: 'nothing' }; // only looks the name up
  const inner = run(words, scanned.next, 'command');
  return inner.kind === 'run' ? { ...inner, skipFunctions: true } : inner;
};

/** xargs gives the commands it runs /dev/null as stdin (its own stdin holds the arguments). */
const XARGS_CHILD_STDIN: LinePayload = { kind: 'text', text: '' };

const xargsLauncher: Launcher = async (words, input) => {
  const scanned = scanOptions('xargs', words, 1, {
    shortValue: 'adEILnPs',
    shortFlags: '0eilrtpxo',
    longValue: ['arg-file', 'delimiter', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
    longFlags: ['null', 'eof', 'replace', 'no-run-if-empty', 'verbose', 'interactive', 'exit', 'open-tty', 'show-limits'],
  });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const command = words.slice(scanned.next);
  const initial = command.length === 0 ? [literalWord('echo')] : command;
  const argFile = valueOf(scanned.options, 'a', 'arg-file');
  let source: LinePayload | undefined = argFile ? (argFile.known ? { kind: 'file', path: argFile.text } : { kind: 'unknown', why: 'xargs -a with a file guard cannot name' }) : input.stdin;
  source ??= { kind: 'unknown', why: 'the standard input of the line' };
  let text: string | null = null;
  if (source.kind === 'text') text = source.text;
  else if (source.kind === 'file') text = await input.readText(source.path);
  const replace = valueOf(scanned.options, 'I') ?? (has(scanned.options, 'i', 'replace') ? literalWord('{}') : undefined);
  const delimiter = has(scanned.options, '0', 'null') ? '\0' : valueOf(scanned.options, 'd', 'delimiter')?.text;
  const items = text === null ? null : splitItems(text, delimiter);
  const appended = items === null ? [unknownWord('<arguments from xargs input>', `the arguments xargs reads from ${source.kind === 'unknown' ? source.why : 'its input'}`)] : items.map(literalWord);
  if (replace) {
    // -I: each input line replaces the string inside the initial arguments (one run per line).
    const first = items?.[0];
    const substituted = initial.map((word) =>
      word.text.includes(replace.text) ? (first !== undefined ? { ...word, text: word.text.split(replace.text).join(first) } : unknownWord(word.text, 'the input line xargs substitutes')) : word,
    );
    return { kind: 'run', words: substituted, via: 'xargs', stdin: XARGS_CHILD_STDIN };
  }
  const producer = items === null && source.kind === 'unknown' ? source.producer : undefined;
  return { kind: 'run', words: [...initial, ...appended], via: 'xargs', stdin: XARGS_CHILD_STDIN, ...(producer ? { argumentsFrom: producer } : {}) };
};

function splitItems(text: string, delimiter: string | undefined): string[] {
  if (delimiter !== undefined) return text.split(delimiter === '\\n' ? '\n' : delimiter).filter((item) => item !== '');
  return text.split(/[ \t\n]+/).filter((item) => item !== '');
}

const watchLauncher: Launcher = (words) => {
  const scanned = scanOptions('watch', words, 1, {
    shortValue: 'nq',
    shortFlags: 'bcdegptwx',
    longValue: ['interval', 'equexit'],
    longFlags: ['beep', 'color', 'no-color', 'differences', 'errexit', 'chgexit', 'precise', 'no-title', 'no-wrap', 'exec'],
  });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  if (has(scanned.options, 'x', 'exec')) return run(words, scanned.next, 'watch -x');
  const rest = words.slice(scanned.next);
  if (rest.length === 0) return { kind: 'nothing' };
  // Without -x, watch joins its arguments with spaces and runs them with `sh -c`.
  return { kind: 'shell', script: joinWords(rest), via: 'watch', positional: [] };
};

const suSpec: OptionSpec = {
  shortValue: 'cgGswu',
  shortFlags: 'lmpfP',
  longValue: ['command', 'session-command', 'group', 'supp-group', 'shell', 'whitelist-environment', 'user'],
  longFlags: ['login', 'preserve-environment', 'fast', 'pty'],
};

function suLike(program: 'su' | 'runuser'): Launcher {
  return (words) => {
    const scanned = scanOptions(program, words, 1, suSpec);
    if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
    const user = valueOf(scanned.options, 'u', 'user');
    if (program === 'runuser' && user) return run(words, scanned.next, `runuser -u ${user.text}`, { user });
    let next = scanned.next;
    const dash = words[next]?.text === '-';
    if (dash) next++;
    const command = valueOf(scanned.options, 'c', 'command', 'session-command');
    // Options may also follow the user name (`su postgres -c '…'`).
    const after = scanOptions(program, words, next + 1, suSpec);
    const late = after.ok ? valueOf(after.options, 'c', 'command', 'session-command') : undefined;
    const script = late ?? command;
    if (!script) return { kind: 'unknown', why: `${program} without -c starts a shell that reads commands guard cannot see` };
    // `su [options] [-] [user]`: the operand is the user; none means root.
    const target = words[next];
    const login = dash || has(scanned.options, 'l', 'login') || (after.ok && has(after.options, 'l', 'login'));
    return { kind: 'shell', script, via: `${program} -c`, positional: [], user: target && !target.text.startsWith('-') ? target : literalWord('root'), login };
  };
}

const findLauncher: Launcher = (words) => {
  // find's expression may run commands: -exec/-execdir/-ok/-okdir … ; or +. `{}` is each found file.
  const runs: Word[][] = [];
  for (let i = 1; i < words.length; i++) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(words[i]?.text ?? '')) continue;
    const command: Word[] = [];
    for (i++; i < words.length && words[i]?.text !== ';' && words[i]?.text !== '+'; i++) {
      const word = words[i] as Word;
      command.push(word.text.includes('{}') ? unknownWord(word.text, 'the file names find substitutes for {}') : word);
    }
    if (command.length > 0) runs.push(command);
  }
  const first = runs[0];
  if (!first) return { kind: 'nothing' };
  if (runs.length > 1) return { kind: 'unknown', why: 'find runs several -exec commands; guard follows only one per find' };
  return { kind: 'run', words: first, via: 'find -exec' };
};

const SHELL_LONG_FLAGS = ['login', 'noprofile', 'norc', 'posix', 'noediting', 'restricted', 'verbose', 'debugger', 'dump-strings', 'dump-po-strings', 'pretty-print', 'help', 'version'];

function shellLauncher(name: string): Launcher {
  return (words, input) => {
    let i = 1;
    let command = false;
    let readsStdin = false;
    for (; i < words.length; i++) {
      const word = words[i] as Word;
      // An unknown word ends the options: it is the command string or the script, and unknown as such.
      if (!word.known) break;
      const text = word.text;
      if (text === '--' || text === '-') {
        i++;
        break;
      }
      if (text.startsWith('--')) {
        if (text === '--rcfile' || text === '--init-file') i++;
        else if (!SHELL_LONG_FLAGS.includes(text.slice(2))) return { kind: 'unknown', why: `${name}: unrecognised option ${text}` };
        continue;
      }
      if (!text.startsWith('-') && !text.startsWith('+')) break;
      for (const letter of text.slice(1)) {
        if (letter === 'c') command = true;
        else if (letter === 's') readsStdin = true;
        else if (letter === 'o' || letter === 'O') i++; // -o option-name
        else if (!'abefhiklmnprtuvxBCEHPT'.includes(letter)) return { kind: 'unknown', why: `${name}: unrecognised option -${letter}` };
      }
    }
    const operands = words.slice(i);
    if (command) {
      const script = operands[0];
      if (!script) return { kind: 'unknown', why: `${name} -c without a command string` };
      // After the string come $0, $1…
      const positional = operands.slice(2).map((word) => (word.known ? word.text : null));
      return { kind: 'shell', script, via: `${name} -c`, positional };
    }
    const file = operands[0];
    if (file && !readsStdin) return { kind: 'script', path: file, via: name, args: operands.slice(1) };
    // No -c and no script: the shell reads its commands from stdin.
    const stdin = input.stdin;
    if (stdin?.kind === 'text') return { kind: 'shell', script: literalWord(stdin.text), via: `${name} (stdin)`, positional: operands.map((w) => (w.known ? w.text : null)) };
    if (stdin?.kind === 'file') return { kind: 'script', path: literalWord(stdin.path), via: `${name} <`, args: operands };
    return { kind: 'unknown', why: `${name} reads its commands from ${stdin?.kind === 'unknown' ? stdin.why : 'the standard input of the line'}, which guard cannot see` };
  };
}

const evalLauncher: Launcher = (words) => {
  const rest = words.slice(1);
  if (rest.length === 0) return { kind: 'nothing' };
  return { kind: 'shell', script: joinWords(rest), via: 'eval', positional: null };
};

/** Arguments joined with spaces, as eval, watch and ssh do; unknown when any part is. */
export function joinWords(words: readonly Word[]): Word {
  const unknown = words.find((word) => !word.known);
  const text = words.map((word) => word.text).join(' ');
  return unknown ? unknownWord(text, unknown.why ?? 'an expansion') : literalWord(text);
}

/** guard's own subcommands run no wrapped command (DESIGN.md's command-line contract). */
/** guard's own subcommands and their aliases, from the CLI's table (a hand-kept copy fell behind it). */
const GUARD_SUBCOMMANDS = SUBCOMMAND_WORDS;

/** `guard [options] [--] cmd …`: the wrapped command is what runs; `--confirm` from the line proves nothing here. */
const guardLauncher: Launcher = (words) => {
  const scanned = scanOptions('guard', words, 1, { shortFlags: 'hV', longValue: ['confirm'], longFlags: ['dry-run', 'json', 'offline', 'help', 'version'] });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  if (has(scanned.options, 'dry-run', 'h', 'help', 'V', 'version')) return { kind: 'nothing' };
  const afterDoubleDash = words[scanned.next - 1]?.text === '--' && scanned.next > 1;
  if (!afterDoubleDash && GUARD_SUBCOMMANDS.has(words[scanned.next]?.text ?? '')) return { kind: 'nothing' };
  return run(words, scanned.next, 'guard');
};

const passThrough = (via: string): Launcher => (words) => run(words, 1, via);

// fish, csh and tcsh are not POSIX shells, but the commands agents hand them parse as bash; what does not parse is unknown.
export const SHELLS = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'ksh93', 'mksh', 'oksh', 'ash', 'yash', 'posh', 'rbash', 'busybox-sh', 'fish', 'csh', 'tcsh', 'pwsh', 'powershell'] as const;

/** Launchers by program name; each was checked against the versions in LAUNCHER_SOURCES. */

export const LAUNCHERS: Readonly<Record<string, Launcher>> = {
  builtin: passThrough('builtin'),
  chrt: (words) => (words.length > 2 ? run(words, /^-/.test(words[1]?.text ?? '') ? 3 : 2, 'chrt') : { kind: 'nothing' }),
  command: commandLauncher,
  doas: launch({ shortValue: 'uC', shortFlags: 'nsL' }, () => 'doas'),
  env: envLauncher,
  eval: evalLauncher,
  exec: execLauncher,
  find: findLauncher,
  guard: guardLauncher,
  ionice: ioniceLauncher,
  nice: niceLauncher,
  nohup: passThrough('nohup'),
  runuser: suLike('runuser'),
  setsid: launch({ shortFlags: 'cfw', longFlags: ['ctty', 'fork', 'wait'] }),
  stdbuf: launch({ shortValue: 'ioe', longValue: ['input', 'output', 'error'] }),
  su: suLike('su'),
  sudo: sudoLauncher,
  time: timeLauncher,
  timeout: timeoutLauncher,
  watch: watchLauncher,
  xargs: xargsLauncher,
  ...Object.fromEntries(SHELLS.map((name) => [name, shellLauncher(name)])),
  ...SESSION_LAUNCHERS,
};

/** The launcher grammars above were checked against these (help output on this machine, or docs). */
export const LAUNCHER_SOURCES = {
  version: 'GNU coreutils 9.1 (env, timeout, nice, nohup, stdbuf), util-linux 2.38 (su, runuser, ionice, setsid, chrt), findutils 4.9 (find, xargs), procps-ng 4.0 (watch), GNU bash 5.2.15, sudo 1.9 (man page), OpenBSD doas (man page)',
  references: [
    'env --help, timeout --help, nice --help, xargs --help, watch --help, su --help, runuser --help, ionice --help (Debian 12)',
    'https://www.sudo.ws/docs/man/sudo.man/',
    'https://man.openbsd.org/doas',
    'https://www.gnu.org/software/bash/manual/bash.html#Invoking-Bash',
  ],
} as const;
