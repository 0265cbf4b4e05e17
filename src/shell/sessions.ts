// Programs that run a command later or elsewhere on this machine (tmux, screen, at, nix-shell, nix develop): what they run.
import { literalWord, type Word } from './expand.js';
import type { LauncherInput, Unwrapped } from './launchers.js';
import { has, scanOptions, valueOf, type OptionSpec } from './options.js';

type SessionLauncher = (words: readonly Word[], input: LauncherInput) => Unwrapped | Promise<Unwrapped>;

/** tmux subcommands that start a shell-command, with their options (tmux 3.3a man page). */
const TMUX_COMMANDS: Readonly<Record<string, OptionSpec>> = {
  'new-session': { shortValue: 'cefFnstxy', shortFlags: 'AdDEPX' },
  'new-window': { shortValue: 'ceFnt', shortFlags: 'abdkPS' },
  'split-window': { shortValue: 'celtF', shortFlags: 'bdfhIvPZ' },
  'respawn-pane': { shortValue: 'cet', shortFlags: 'k' },
  'respawn-window': { shortValue: 'cet', shortFlags: 'k' },
  'run-shell': { shortValue: 'dt', shortFlags: 'bC' },
};
const TMUX_ALIASES: Readonly<Record<string, string>> = { new: 'new-session', neww: 'new-window', splitw: 'split-window', respawnp: 'respawn-pane', respawnw: 'respawn-window', run: 'run-shell' };

const tmuxLauncher: SessionLauncher = (words) => {
  const global = scanOptions('tmux', words, 1, { shortValue: 'cfLST', shortFlags: '2CDluNvV' });
  if (!global.ok) return { kind: 'unknown', why: global.why };
  const shellCommand = valueOf(global.options, 'c');
  if (shellCommand) return { kind: 'shell', script: shellCommand, via: 'tmux -c', positional: [] };
  const rest = words.slice(global.next);
  // tmux chains commands with `;` words: guard follows one.
  if (rest.some((word) => word.text === ';' || word.text === '\\;')) return { kind: 'unknown', why: 'tmux runs several commands separated by ;, guard follows only one' };
  const verb = rest[0]?.text ?? '';
  if (verb === 'send-keys' || verb === 'send') {
    return rest.length > 1 ? { kind: 'unknown', why: 'tmux send-keys types keys into a shell guard cannot see' } : { kind: 'nothing' };
  }
  const name = TMUX_ALIASES[verb] ?? verb;
  const command = TMUX_COMMANDS[name];
  if (!command) return { kind: 'nothing' };
  const scanned = scanOptions(`tmux ${verb}`, words, global.next + 1, command);
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const operands = words.slice(scanned.next);
  if (operands.length === 0) return { kind: 'nothing' };
  if (name === 'run-shell' && has(scanned.options, 'C')) return { kind: 'unknown', why: 'tmux run-shell -C runs a tmux command guard does not follow' };
  // One shell-command is given to sh -c; several arguments are run directly (tmux ≥ 3.0).
  if (operands.length === 1) return { kind: 'shell', script: operands[0] as Word, via: `tmux ${verb}`, positional: [] };
  return { kind: 'run', words: operands, via: `tmux ${verb}` };
};

const screenLauncher: SessionLauncher = (words) => {
  let i = 1;
  for (; i < words.length; i++) {
    const word = words[i] as Word;
    if (!word.known) return { kind: 'unknown', why: `screen: cannot tell whether ${word.text} is an option` };
    const text = word.text;
    if (!text.startsWith('-')) break;
    if (['-ls', '-list', '-wipe', '-r', '-R', '-x', '-v', '-version'].includes(text)) return { kind: 'nothing' };
    if (text === '-Logfile') {
      i++;
      continue;
    }
    for (let j = 1; j < text.length; j++) {
      const letter = text[j] as string;
      if (letter === 'X') return { kind: 'unknown', why: 'screen -X sends a command to a running session guard cannot see' };
      if ('cehpsStT'.includes(letter)) {
        if (j + 1 === text.length) i++;
        break;
      }
      if (!'aAdDfiLlmnOqQUw'.includes(letter)) return { kind: 'unknown', why: `screen: unrecognised option -${letter}` };
    }
  }
  const command = words.slice(i);
  return command.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: command, via: 'screen' };
};

/** `at [-f file] timespec` and `batch`: the job is shell text read from the file or stdin. */
function atLike(name: 'at' | 'batch'): SessionLauncher {
  return (words, input) => {
    const scanned = scanOptions(name, words, 1, { shortValue: 'qft', shortFlags: 'VmMlrdcbv' });
    if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
    if (has(scanned.options, 'l', 'r', 'd', 'c', 'V')) return { kind: 'nothing' };
    const file = valueOf(scanned.options, 'f');
    if (file) return { kind: 'script', path: file, via: `${name} -f`, args: [] };
    const stdin = input.stdin;
    if (stdin?.kind === 'text') return { kind: 'shell', script: literalWord(stdin.text), via: name, positional: [] };
    if (stdin?.kind === 'file') return { kind: 'script', path: literalWord(stdin.path), via: `${name} <`, args: [] };
    return { kind: 'unknown', why: `${name} reads its job from ${stdin?.kind === 'unknown' ? stdin.why : 'the standard input of the line'}, which guard cannot see` };
  };
}

/** `nix-shell … --run CMD` / `--command CMD`: CMD is shell text; options may come anywhere. */
const nixShellLauncher: SessionLauncher = (words) => {
  const at = words.findIndex((word, index) => index > 0 && (word.text === '--run' || word.text === '--command'));
  if (at < 0) return { kind: 'nothing' };
  const script = words[at + 1];
  if (!script) return { kind: 'unknown', why: `nix-shell ${words[at]?.text ?? ''} without a command` };
  return { kind: 'shell', script, via: `nix-shell ${words[at]?.text ?? ''}`, positional: [] };
};

/** `nix develop|shell … -c|--command cmd args…`: everything after runs directly. */
const nixLauncher: SessionLauncher = (words) => {
  const verb = words[1]?.text;
  if (verb !== 'develop' && verb !== 'shell') return { kind: 'nothing' };
  const at = words.findIndex((word, index) => index > 1 && (word.text === '-c' || word.text === '--command'));
  if (at < 0) return { kind: 'nothing' };
  const command = words.slice(at + 1);
  return command.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: command, via: `nix ${verb} --command` };
};

export const SESSION_LAUNCHERS: Readonly<Record<string, SessionLauncher>> = {
  at: atLike('at'),
  batch: atLike('batch'),
  'nix-shell': nixShellLauncher,
  nix: nixLauncher,
  screen: screenLauncher,
  tmux: tmuxLauncher,
};

export const SESSION_SOURCES = {
  version: 'tmux 3.3a (installed; man page), GNU screen 4.9 (man page), at 3.2 (man page), Nix 2.x (nix-shell, nix develop manuals)',
  references: [
    'https://man.openbsd.org/tmux',
    'https://www.gnu.org/software/screen/manual/screen.html#Invoking-Screen',
    'https://manpages.debian.org/bookworm/at/at.1.en.html',
    'https://nix.dev/manual/nix/stable/command-ref/nix-shell',
    'https://nix.dev/manual/nix/stable/command-ref/new-cli/nix3-develop',
  ],
} as const;
