// Programs that run another command given on their command line (uv run, doppler run --, railway run, trap, coproc…).
import type { Word } from './expand.js';
import { scanOptions, valueOf } from './options.js';
import type { RunnerResult } from './runners.js';

type Runner = (words: readonly Word[]) => RunnerResult;

interface WrapperSpec {
  /** The subcommand that runs the command (`uv run`, `aws-vault exec`); none when the program itself does. */
  readonly verbs?: readonly string[];
  /** Operands between the options and the command (`aws-vault exec PROFILE`, `chroot NEWROOT`). */
  readonly fixed?: number;
}

/**
 * The command follows `--`, or else the options and the fixed operands. Options guard has no
 * grammar for may take values, so without `--` they make the command unknown (fail closed).
 */
function wrapper(program: string, spec: WrapperSpec): Runner {
  return (words) => {
    let start = 1;
    let via = program;
    if (spec.verbs) {
      const dash = words.findIndex((word) => word.text === '--');
      const verb = words.findIndex((word, index) => index > 0 && (dash < 0 || index < dash) && word.known && spec.verbs?.includes(word.text));
      if (verb < 0) return { kind: 'nothing' };
      start = verb + 1;
      via = `${program} ${words[verb]?.text ?? ''}`;
    }
    const rest = words.slice(start);
    const dash = rest.findIndex((word) => word.text === '--');
    const firstOperand = rest.findIndex((word) => !word.known || !word.text.startsWith('-') || word.text === '-');
    if (dash >= 0 && (firstOperand < 0 || dash < firstOperand + (spec.fixed ?? 0) + 1)) {
      const command = rest.slice(dash + 1);
      return command.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: command, via };
    }
    if (firstOperand < 0) return { kind: 'nothing' };
    if (firstOperand > 0) return { kind: 'unknown', why: `${via}: guard cannot tell where its options end and the command it runs begins; put the command after --` };
    const command = rest.slice(spec.fixed ?? 0);
    return command.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: command, via };
  };
}

/** `railway run|local [opts] [--] cmd`: the command runs with the variables of a Railway environment. */
const railwayRunner: Runner = (words) => {
  const spec = { shortValue: 'pes', shortFlags: 'v', longValue: ['project', 'environment', 'service'], longFlags: ['no-local', 'verbose', 'json'] };
  const global = scanOptions('railway', words, 1, spec);
  if (!global.ok) return { kind: 'nothing' };
  const verb = words[global.next];
  if (verb?.text === 'ssh') {
    // `railway ssh [opts] [--] cmd` runs the command inside the service's container.
    const ssh = scanOptions('railway ssh', words, global.next + 1, { shortValue: 'pesdi', longValue: ['project', 'environment', 'service', 'deployment-instance', 'identity-file'], longFlags: ['native', 'session'] });
    if (!ssh.ok) return { kind: 'unknown', why: ssh.why };
    const command = words.slice(ssh.next);
    return command.length === 0 ? { kind: 'nothing' } : { kind: 'remote', where: 'railway ssh', words: command };
  }
  if (verb?.text !== 'run' && verb?.text !== 'local') return { kind: 'nothing' };
  const scanned = scanOptions(`railway ${verb.text}`, words, global.next + 1, spec);
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const command = words.slice(scanned.next);
  if (command.length === 0) return { kind: 'nothing' };
  const environment = valueOf([...global.options, ...scanned.options], 'e', 'environment')?.text ?? 'the linked Railway environment';
  // The variables (DATABASE_URL, PGHOST…) come from Railway, so the inner command's target is not on this line.
  return { kind: 'run', words: command, via: `railway ${verb.text}`, envUnknown: [`DATABASE_URL and the other variables are set by railway ${verb.text} from ${environment}, which guard does not resolve here`] };
};

/** `trap ACTION SIGNAL…`: ACTION is shell text run later in this shell. */
const trapRunner: Runner = (words) => {
  const action = words[1];
  if (!action || action.text.startsWith('-') || words.length < 3) return { kind: 'nothing' };
  return { kind: 'shell', script: action, via: 'trap', positional: null };
};

/** `coproc cmd args`, `coproc NAME { cmd; }` (tree-sitter-bash reads the braces as words). */
const coprocRunner: Runner = (words) => {
  const brace = words.findIndex((word, index) => index > 0 && index <= 2 && word.text === '{');
  const command = words.slice(brace >= 0 ? brace + 1 : 1);
  return command.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: command, via: 'coproc' };
};

/** `busybox APPLET args`: the applet is the program (`busybox sh -c …`). */
const appletRunner = (program: string): Runner => (words) => {
  const applet = words[1];
  if (!applet || applet.text.startsWith('-')) return { kind: 'nothing' };
  return { kind: 'run', words: words.slice(1), via: program };
};

/** `script -c 'cmd' [file]`: the command string runs in a shell. */
const scriptRunner: Runner = (words) => {
  const scanned = scanOptions('script', words, 1, { shortValue: 'cEIOBTm', shortFlags: 'aefqhV', longValue: ['command', 'echo', 'log-in', 'log-out', 'log-io', 'log-timing', 'logging-format'], longFlags: ['append', 'return', 'flush', 'force', 'quiet', 'help', 'version'] });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const command = valueOf(scanned.options, 'c', 'command');
  return command ? { kind: 'shell', script: command, via: 'script -c', positional: [] } : { kind: 'unknown', why: 'script without -c starts a shell that reads commands guard cannot see' };
};

/** GNU parallel and sem build their commands from ::: lists and input lines guard does not expand. */
const parallelRunner: Runner = (words) =>
  words.length > 1 ? { kind: 'unknown', why: `${words[0]?.text ?? 'parallel'} builds the commands it runs from its input, which guard does not expand` } : { kind: 'nothing' };

export const WRAPPERS: Readonly<Record<string, Runner>> = {
  'aws-vault': wrapper('aws-vault', { verbs: ['exec'], fixed: 1 }),
  asdf: wrapper('asdf', { verbs: ['exec'] }),
  bundle: wrapper('bundle', { verbs: ['exec'] }),
  busybox: appletRunner('busybox'),
  chroot: wrapper('chroot', { fixed: 1 }),
  coproc: coprocRunner,
  'dbus-run-session': wrapper('dbus-run-session', {}),
  direnv: wrapper('direnv', { verbs: ['exec'], fixed: 1 }),
  doppler: wrapper('doppler', { verbs: ['run'] }),
  dotenv: wrapper('dotenv', {}),
  fakeroot: wrapper('fakeroot', {}),
  firejail: wrapper('firejail', {}),
  flock: wrapper('flock', { fixed: 1 }),
  infisical: wrapper('infisical', { verbs: ['run'] }),
  ltrace: wrapper('ltrace', {}),
  mise: wrapper('mise', { verbs: ['exec', 'x'] }),
  nsenter: wrapper('nsenter', {}),
  numactl: wrapper('numactl', {}),
  op: wrapper('op', { verbs: ['run'] }),
  parallel: parallelRunner,
  pipenv: wrapper('pipenv', { verbs: ['run'] }),
  pkexec: wrapper('pkexec', {}),
  poetry: wrapper('poetry', { verbs: ['run'] }),
  prlimit: wrapper('prlimit', {}),
  railway: railwayRunner,
  script: scriptRunner,
  sem: parallelRunner,
  setpriv: wrapper('setpriv', {}),
  strace: wrapper('strace', {}),
  'systemd-run': wrapper('systemd-run', {}),
  taskset: wrapper('taskset', { fixed: 1 }),
  toybox: appletRunner('toybox'),
  trap: trapRunner,
  unbuffer: wrapper('unbuffer', {}),
  unshare: wrapper('unshare', {}),
  uv: wrapper('uv', { verbs: ['run'] }),
};

export const WRAPPER_SOURCES = {
  version: 'bash 5.2 (trap, coproc), util-linux 2.38 (script, flock, taskset, chroot, nsenter, unshare, setpriv, prlimit), GNU parallel (docs), railway CLI 4.x grammar in src/tools/railway/grammar.ts (run/local)',
  references: ['https://www.gnu.org/software/bash/manual/bash.html#index-trap', 'https://www.gnu.org/software/bash/manual/bash.html#Coprocesses', 'https://docs.astral.sh/uv/reference/cli/#uv-run', 'https://docs.doppler.com/docs/cli', 'https://developer.1password.com/docs/cli/reference/commands/run/', 'https://github.com/99designs/aws-vault'],
} as const;
