// Programs that run a command string they were given (git aliases, flock -c, sed's e, vim -c '!…', expect, crontab, editors in variables).
import { literalWord, unknownWord, type Word } from './expand.js';
import type { LinePayload } from './model.js';
import { scanOptions } from './options.js';
import { PROGRAMS } from '../tools/registry.js';

const isCataloguedProgram = (name: string): boolean => PROGRAMS.includes(name);
import { readExpectScript } from './expect.js';
import { sedRunsCommands } from './sed.js';

/**
 * What such a program runs besides itself: shell text (`sh -c` semantics), an argv, or a
 * reason guard cannot see it. The program itself still runs (and is reported) too.
 */
export interface CommandStrings {
  readonly kind: 'also';
  readonly scripts: readonly { readonly script: Word; readonly via: string }[];
  readonly commands: readonly { readonly words: readonly Word[]; readonly via: string }[];
  readonly unknowns: readonly string[];
}

export interface CommandStringInput {
  readonly stdin: LinePayload | undefined;
  /** The command's own environment on the line (assignments and exports), null when unknown. */
  variable(name: string): string | null | undefined;
  readText(path: string): Promise<string | null>;
}

type Reader = (words: readonly Word[], input: CommandStringInput) => CommandStrings | Promise<CommandStrings>;

const NONE: CommandStrings = { kind: 'also', scripts: [], commands: [], unknowns: [] };

function also(parts: Partial<Omit<CommandStrings, 'kind'>>): CommandStrings {
  return { kind: 'also', scripts: parts.scripts ?? [], commands: parts.commands ?? [], unknowns: parts.unknowns ?? [] };
}

/**
 * Variables whose value a program runs as a shell command, per program (git runs its editors,
 * pagers and ssh through `sh -c`; kubectl runs KUBE_EDITOR and KUBECTL_EXTERNAL_DIFF).
 */
export const COMMAND_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  git: ['GIT_SSH_COMMAND', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_PAGER', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'GIT_SSH', 'EDITOR', 'VISUAL', 'PAGER'],
  kubectl: ['KUBE_EDITOR', 'KUBECTL_EXTERNAL_DIFF', 'EDITOR'],
  crontab: ['VISUAL', 'EDITOR'],
};

function fromVariables(program: string, input: CommandStringInput): CommandStrings {
  const scripts: { script: Word; via: string }[] = [];
  const unknowns: string[] = [];
  for (const name of COMMAND_VARIABLES[program] ?? []) {
    const value = input.variable(name);
    if (value === undefined) continue;
    if (value === null) unknowns.push(`${program} runs $${name}, which is set from something guard cannot evaluate`);
    else if (value.trim() !== '') scripts.push({ script: literalWord(value), via: `${program} ($${name})` });
  }
  return also({ scripts, unknowns });
}

/** git config keys whose value is a command git runs (`!`-aliases run in a shell). */
const GIT_COMMAND_KEYS = ['core.sshcommand', 'core.editor', 'core.pager', 'core.fsmonitor', 'core.askpass', 'sequence.editor', 'diff.external', 'gpg.program', 'credential.helper', 'uploadpack.packobjectshook', 'sendemail.smtpserver'];
const GIT_COMMAND_KEY_PATTERNS: readonly ((key: string) => boolean)[] = [
  (key) => key.startsWith('alias.'),
  (key) => key.startsWith('pager.'),
  (key) => key.startsWith('filter.') && /\.(clean|smudge|process)$/.test(key),
  (key) => key.startsWith('diff.') && /\.(textconv|command)$/.test(key),
  (key) => key.startsWith('merge.') && key.endsWith('.driver'),
];

function isGitCommandKey(key: string): boolean {
  const lower = key.toLowerCase();
  return GIT_COMMAND_KEYS.includes(lower) || GIT_COMMAND_KEY_PATTERNS.some((test) => test(lower));
}

/** `git -c alias.x='!cmd' x`, `git -c core.sshCommand=… fetch`, `git config alias.x '!cmd'`. */
const gitReader: Reader = (words, input) => {
  const scripts: { script: Word; via: string }[] = [];
  const unknowns: string[] = [];
  const commandValue = (key: string, value: Word, via: string) => {
    if (!isGitCommandKey(key)) return;
    if (!value.known) return void unknowns.push(`${via} sets ${key} from ${value.why ?? 'an expansion'}`);
    // An alias runs a shell only when it starts with `!`; otherwise it names git subcommands.
    if (key.toLowerCase().startsWith('alias.') && !value.text.startsWith('!')) return;
    const text = key.toLowerCase().startsWith('alias.') || key.toLowerCase() === 'credential.helper' ? value.text.replace(/^!/, '') : value.text;
    scripts.push({ script: literalWord(text), via: `${via} ${key}` });
  };
  let i = 1;
  for (; i < words.length; i++) {
    const word = words[i] as Word;
    if (word.text === '-c' || word.text === '--config-env') {
      const setting = words[++i];
      if (!setting) break;
      const eq = setting.text.indexOf('=');
      if (eq > 0) commandValue(setting.text.slice(0, eq), { ...setting, text: setting.text.slice(eq + 1) }, 'git -c');
      continue;
    }
    if (['-C', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--super-prefix'].includes(word.text)) {
      i++;
      continue;
    }
    if (!word.text.startsWith('-')) break;
  }
  const subcommand = words[i];
  if (subcommand?.text === 'config') {
    // `git config [--global] alias.x '!railway down -y'` stores a command git runs later.
    const operands = words.slice(i + 1).filter((w) => !w.text.startsWith('-'));
    const [key, value] = operands;
    if (key && value && isGitCommandKey(key.text)) {
      if (key.text.toLowerCase().startsWith('alias.') && value.known && !value.text.startsWith('!')) return also({ scripts, unknowns });
      unknowns.push(`git config ${key.text} stores a command that git runs later, outside what guard reads now`);
    }
  }
  const variables = fromVariables('git', input);
  return also({ scripts: [...scripts, ...variables.scripts], unknowns: [...unknowns, ...variables.unknowns] });
};

/** `flock [options] FILE -c 'cmd'` or `flock [options] FILE cmd args…` (util-linux 2.38). */
const flockReader: Reader = (words) => {
  const scanned = scanOptions('flock', words, 1, {
    shortValue: 'wEc',
    shortFlags: 'sxunoFhV',
    longValue: ['wait', 'timeout', 'conflict-exit-code', 'command'],
    longFlags: ['shared', 'exclusive', 'unlock', 'nonblock', 'close', 'no-fork', 'verbose', 'help', 'version'],
  });
  if (!scanned.ok) return also({ unknowns: [scanned.why] });
  const early = scanned.options.find((o) => o.name === 'c' || o.name === 'command');
  const rest = words.slice(scanned.next + 1); // after the lock file
  const command = early?.value ?? (rest[0]?.text === '-c' || rest[0]?.text === '--command' ? rest[1] : undefined);
  if (command) return also({ scripts: [{ script: command, via: 'flock -c' }] });
  if (rest.length > 0) return also({ commands: [{ words: rest, via: 'flock' }] });
  return NONE;
};

/** vim, vi, nvim, ex, view: `-c cmd`, `+cmd`, `--cmd cmd` run Ex commands; `!…` is a shell. */
const vimReader: Reader = (words) => {
  const scripts: { script: Word; via: string }[] = [];
  const unknowns: string[] = [];
  const exCommand = (command: Word, via: string) => {
    if (!command.known) return void unknowns.push(`${via} runs an Ex command from ${command.why ?? 'an expansion'}`);
    const shell = exShellCommand(command.text);
    if (shell === null) return;
    if (shell === undefined) return void unknowns.push(`${via} '${command.text}' is an Ex command guard does not read`);
    scripts.push({ script: literalWord(shell), via });
  };
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as Word;
    if (word.text === '-c' || word.text === '--cmd') exCommand(words[++i] ?? literalWord(''), `${basenameOf(words[0])} ${word.text}`);
    else if (word.text.startsWith('+') && word.text.length > 1) exCommand({ ...word, text: word.text.slice(1) }, `${basenameOf(words[0])} +`);
    else if (word.text === '-S' || word.text === '-s' || word.text === '-u') unknowns.push(`${basenameOf(words[0])} ${word.text} runs a script file guard does not read`);
    else if (word.text === '--') break;
  }
  return also({ scripts, unknowns });
};

const SAFE_EX = new Set(['q', 'q!', 'qa', 'qa!', 'qall', 'quit', 'wq', 'wq!', 'x', 'xa', 'w', 'wa', 'write', 'update', 'noh', 'nohlsearch', 'redraw']);

/** The shell text of an Ex command (`!cmd`, `r !cmd`, `w !cmd`), null when it runs none, undefined when unread. */
export function exShellCommand(text: string): string | null | undefined {
  let command = text.trim().replace(/^:+/, '').trim();
  for (const prefix of ['silent!', 'silent', 'sil!', 'sil']) if (command.startsWith(`${prefix} `)) command = command.slice(prefix.length).trim();
  if (command.startsWith('!')) return command.slice(1);
  for (const verb of ['r', 'read', 'w', 'write']) {
    if (command.startsWith(verb) && command.slice(verb.length).trimStart().startsWith('!')) return command.slice(verb.length).trimStart().slice(1);
  }
  const word = command.split(/\s/)[0] ?? '';
  if (command === '' || SAFE_EX.has(command) || /^\d+$/.test(command) || ['set', 'se', 'syntax', 'sy', 'setlocal', 'setl', 'filetype', 'colorscheme', 'colo'].includes(word)) return null;
  return undefined;
}

function basenameOf(word: Word | undefined): string {
  const text = word?.text ?? '';
  return text.slice(text.lastIndexOf('/') + 1);
}

/** sed: the `e` command and the `s///e` flag run shell commands (GNU sed 4.9). */
const sedReader: Reader = async (words, input) => {
  const found = await sedRunsCommands(words, input.readText);
  return also({ scripts: found.scripts.map((script) => ({ script: literalWord(script), via: 'sed e' })), unknowns: found.unknowns });
};

/** expect: `spawn`, `exec` and `system` in its Tcl script (from -c, -f or the script operand). */
const expectReader: Reader = async (words, input) => {
  const found = await readExpectScript(words, input);
  return also({ scripts: found.scripts.map((s) => ({ script: s, via: 'expect system' })), commands: found.commands.map((c) => ({ words: c, via: 'expect spawn' })), unknowns: found.unknowns });
};

/** `crontab FILE` / `crontab -` installs lines whose commands cron runs later; `-e` runs the editor. */
const crontabReader: Reader = async (words, input) => {
  const operands: Word[] = [];
  let edit = false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as Word;
    if (word.text === '-u') i++;
    else if (word.text === '-e') edit = true;
    else if (word.text === '-' || !word.text.startsWith('-')) operands.push(word);
  }
  if (edit) return fromVariables('crontab', input);
  const source = operands[0];
  if (!source) return NONE;
  let text: string | null = null;
  if (source.text === '-') text = input.stdin?.kind === 'text' ? input.stdin.text : input.stdin?.kind === 'file' ? await input.readText(input.stdin.path) : null;
  else if (source.known) text = await input.readText(source.text);
  if (text === null) return also({ unknowns: [`crontab installs ${source.text === '-' ? 'lines from stdin' : source.text}, which guard cannot read`] });
  return also({ scripts: cronCommands(text).map((command) => ({ script: literalWord(command), via: 'crontab' })) });
};

/** The command part of each crontab line (after five time fields or an @keyword; `%` starts its stdin). */
export function cronCommands(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) continue; // NAME=value
    const fields = line.split(/\s+/);
    const skip = line.startsWith('@') ? 1 : 5;
    if (fields.length <= skip) continue;
    let command = line;
    for (let n = 0; n < skip; n++) command = command.replace(/^\S+\s+/, '');
    let end = 0;
    while (end < command.length && !(command[end] === '%' && command[end - 1] !== '\\')) end++;
    out.push(command.slice(0, end).replace(/\\%/g, '%'));
  }
  return out;
}

/**
 * `ln -s /usr/bin/psql x`, `cp $(which railway) rw`, `install`, `link`, `mv`: a new name for a
 * catalogued program lets later commands run it unrecognised, so making one is unknown.
 */
function renamer(isCatalogued: (name: string) => boolean): Reader {
  return (words) => {
    const operands = words.slice(1).filter((w, i, all) => !w.text.startsWith('-') || !w.known || all[i - 1]?.text === '--');
    const sources = operands.slice(0, -1);
    const program = basenameOf(words[0]);
    const named = sources.find((w) => w.known && isCatalogued(basenameOf(w)));
    if (named) return also({ unknowns: [`${program} makes another name for ${basenameOf(named)}, which later commands can run without guard recognising it`] });
    const unseen = sources.find((w) => !w.known);
    if (unseen) return also({ unknowns: [`${program} copies or links ${unseen.why ?? 'a file guard cannot name'}, which may be a guarded program`] });
    return NONE;
  };
}

/**
 * The catalogue of programs that run a command string (the shell launchers in launchers.ts and
 * sessions.ts hand theirs to the engine the same way; inline.ts covers other languages).
 */
export const COMMAND_STRING_PROGRAMS: Readonly<Record<string, Reader>> = {
  cp: renamer(isCataloguedProgram),
  install: renamer(isCataloguedProgram),
  link: renamer(isCataloguedProgram),
  ln: renamer(isCataloguedProgram),
  mv: renamer(isCataloguedProgram),
  crontab: crontabReader,
  ex: vimReader,
  expect: expectReader,
  flock: flockReader,
  git: gitReader,
  kubectl: (_words, input) => fromVariables('kubectl', input),
  nvim: vimReader,
  sed: sedReader,
  vi: vimReader,
  view: vimReader,
  vim: vimReader,
  vimdiff: vimReader,
};

export const COMMAND_STRING_SOURCES = {
  version: 'git 2.39 (git-config(1), git(1) ENVIRONMENT), util-linux 2.38 flock, GNU sed 4.9, Vim 9.0, Expect 5.45, cronie/Debian cron crontab(5), kubectl 1.31 (kubectl edit --help)',
  references: [
    'https://git-scm.com/docs/git-config#Documentation/git-config.txt-alias',
    'https://git-scm.com/docs/git#_environment_variables',
    'https://man7.org/linux/man-pages/man1/flock.1.html',
    'https://www.gnu.org/software/sed/manual/sed.html#Extended-Commands',
    'https://vimhelp.org/starting.txt.html#-c',
    'https://man7.org/linux/man-pages/man5/crontab.5.html',
    'https://core.tcl-lang.org/expect/file?name=expect.man',
  ],
} as const;

export { unknownWord };
