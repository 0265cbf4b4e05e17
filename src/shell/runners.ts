// Package runners (npx, bunx, pnpm dlx…) and remote execution (kubectl exec, docker exec, ssh): what they run.
import type { LinePayload } from './model.js';
import { literalWord, type Word } from './expand.js';
import { joinWords, type Unwrapped } from './launchers.js';
import { scanOptions, valueOf, type OptionSpec } from './options.js';
import { BUN_INLINE, INLINE_CODE } from './inline.js';
import { WRAPPERS } from './wrappers.js';

/** More than a launcher can say: a package.json script, or a command that runs elsewhere. */
export type RunnerResult =
  | Unwrapped
  | { readonly kind: 'package-script'; readonly manager: string; readonly name: Word; readonly args: readonly Word[]; readonly dir?: Word; readonly binFallback: boolean }
  /** Runs on another machine or container: the outer command is a command too. */
  | { readonly kind: 'remote'; readonly where: string; readonly words?: readonly Word[]; readonly script?: Word };

/** `stdin`: what the command reads (undefined: the line's own stdin), for interpreters that read their program there. */
type Runner = (words: readonly Word[], stdin?: LinePayload) => RunnerResult;

/** npm packages whose executable has another name than the package. */
const PACKAGE_BINS: Readonly<Record<string, string>> = {
  '@railway/cli': 'railway',
  'aws-cdk': 'cdk',
  'firebase-tools': 'firebase',
  'netlify-cli': 'netlify',
  '@heroku-cli/heroku': 'heroku',
  'heroku-cli': 'heroku',
  '@google/gemini-cli': 'gemini',
  'redis-cli': 'redis-cli',
};

/** `@railway/cli@3.5` → railway; `vercel@latest` → vercel; `@scope/tool` → tool. */
export function binOfPackage(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at > 0 ? spec.slice(0, at) : spec;
  return PACKAGE_BINS[name] ?? name.slice(name.lastIndexOf('/') + 1);
}

const NPM_CONFIG: OptionSpec = {
  shortValue: 'pcwC',
  shortFlags: 'yq',
  longValue: ['package', 'call', 'workspace', 'registry', 'cache', 'prefix', 'userconfig', 'loglevel'],
  longFlags: ['bun', 'yes', 'no', 'quiet', 'silent', 'workspaces', 'include-workspace-root', 'prefer-offline', 'prefer-online', 'offline', 'ignore-existing', 'no-install', 'legacy-peer-deps', 'foreground-scripts'],
};

/** `npx [opts] pkg args`, `npm exec [opts] -- pkg args`, `-p pkg cmd`, `-c 'cmd'`. */
function npxLike(via: string, words: readonly Word[], start: number): RunnerResult {
  const scanned = scanOptions(via, words, start, NPM_CONFIG);
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const call = valueOf(scanned.options, 'c', 'call');
  if (call) return { kind: 'shell', script: call, via: `${via} -c`, positional: [] };
  const rest = words.slice(scanned.next);
  const first = rest[0];
  if (!first) return { kind: 'nothing' };
  // With --package the first operand is already the executable's name.
  const withPackage = valueOf(scanned.options, 'p', 'package') !== undefined;
  const bin = withPackage || !first.known ? first : literalWord(binOfPackage(first.text));
  return { kind: 'run', words: [bin, ...rest.slice(1)], via: `${via} ${first.text}` };
}

const npmRunner: Runner = (words) => {
  const scanned = scanOptions('npm', words, 1, NPM_CONFIG);
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const dir = valueOf(scanned.options, 'prefix', 'C');
  if (valueOf(scanned.options, 'w', 'workspace') || scanned.options.some((o) => o.name === 'workspaces')) {
    return { kind: 'unknown', why: 'npm runs the script in workspaces guard does not follow' };
  }
  const command = words[scanned.next];
  const rest = words.slice(scanned.next + 1);
  switch (command?.text) {
    case 'exec':
    case 'x':
      return npxLike('npm exec', words, scanned.next + 1);
    case 'run':
    case 'run-script':
    case 'rum':
    case 'urn': {
      const name = rest[0];
      if (!name) return { kind: 'nothing' };
      return { kind: 'package-script', manager: 'npm', name, args: scriptArgs(rest.slice(1)), ...(dir ? { dir } : {}), binFallback: false };
    }
    case 'test':
    case 't':
    case 'tst':
    case 'start':
    case 'stop':
    case 'restart': {
      const name = ['t', 'tst'].includes(command.text) ? 'test' : command.text;
      return { kind: 'package-script', manager: 'npm', name: literalWord(name), args: scriptArgs(rest), ...(dir ? { dir } : {}), binFallback: false };
    }
    default:
      return { kind: 'nothing' };
  }
};

/** Arguments after `--` are handed to the script. */
function scriptArgs(words: readonly Word[]): readonly Word[] {
  return words[0]?.text === '--' ? words.slice(1) : words;
}

/** pnpm and yarn: `dlx`, `exec`, `run x`, and `x` alone (a script, or else a bin). */
function pnpmOrYarn(manager: 'pnpm' | 'yarn'): Runner {
  const builtins = new Set(['add', 'install', 'i', 'remove', 'rm', 'up', 'upgrade', 'update', 'link', 'unlink', 'list', 'ls', 'outdated', 'why', 'init', 'create', 'publish', 'pack', 'audit', 'info', 'view', 'config', 'cache', 'store', 'import', 'licenses', 'patch', 'patch-commit', 'prune', 'rebuild', 'root', 'bin', 'env', 'setup', 'server', 'self-update', 'help', 'version', 'workspaces', 'workspace', 'global', 'login', 'logout', 'npm', 'plugin', 'set', 'dedupe', 'fetch', 'deploy', 'doctor']);
  return (words) => {
    const scanned = scanOptions(manager, words, 1, {
      shortValue: 'C',
      shortFlags: 'rswy',
      longValue: ['dir', 'cwd', 'filter', 'reporter', 'loglevel', 'workspace-root'],
      longFlags: ['recursive', 'silent', 'workspace-root', 'stream', 'parallel', 'aggregate-output', 'if-present', 'shell-emulator', 'frozen-lockfile', 'offline', 'prefer-offline', 'verbose'],
    });
    if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
    if (scanned.options.some((o) => ['filter', 'recursive', 'r'].includes(o.name))) return { kind: 'unknown', why: `${manager} runs across workspaces guard does not follow` };
    const dir = valueOf(scanned.options, 'C', 'dir', 'cwd');
    const command = words[scanned.next];
    const rest = words.slice(scanned.next + 1);
    if (!command) return { kind: 'nothing' };
    if (!command.known) return { kind: 'unknown', why: `${manager}: the command comes from ${command.why ?? 'an expansion'}` };
    if (command.text === 'dlx') return npxLike(`${manager} dlx`, words, scanned.next + 1);
    if (command.text === 'exec') return rest.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: rest[0]?.text === '--' ? rest.slice(1) : rest, via: `${manager} exec` };
    if (command.text === 'run' || command.text === 'run-script') {
      const name = rest[0];
      return name ? { kind: 'package-script', manager, name, args: scriptArgs(rest.slice(1)), ...(dir ? { dir } : {}), binFallback: false } : { kind: 'nothing' };
    }
    // `deploy` is a pnpm command, but yarn runs the script of that name.
    if (builtins.has(command.text) && !(manager === 'yarn' && command.text === 'deploy')) return { kind: 'nothing' };
    return { kind: 'package-script', manager, name: command, args: scriptArgs(rest), ...(dir ? { dir } : {}), binFallback: true };
  };
}

const bunRunner: Runner = (words) => {
  const command = words[1];
  if (!command) return { kind: 'nothing' };
  if (command.text === 'x') return npxLike('bun x', words, 2);
  if (command.text === 'run') {
    const name = words[2];
    return name ? { kind: 'package-script', manager: 'bun', name, args: words.slice(3), binFallback: true } : { kind: 'nothing' };
  }
  if (['install', 'i', 'add', 'remove', 'rm', 'update', 'link', 'unlink', 'pm', 'init', 'create', 'upgrade', 'build', 'test', 'outdated', 'publish', 'help'].includes(command.text)) return { kind: 'nothing' };
  return { kind: 'package-script', manager: 'bun', name: command, args: words.slice(2), binFallback: true };
};

const KUBECTL_VALUE_FLAGS = ['image', 'env', 'labels', 'l', 'overrides', 'port', 'restart', 'target', 'copy-to', 'context', 'namespace', 'n', 'kubeconfig', 'cluster', 'user', 's', 'server', 'token', 'as', 'as-group', 'as-uid', 'request-timeout', 'v', 'container', 'c', 'filename', 'f', 'pod-running-timeout', 'certificate-authority', 'client-certificate', 'client-key', 'tls-server-name', 'cache-dir', 'profile', 'profile-output', 'password', 'username'];

/** kubectl verbs that run a command in a pod: `exec POD -- cmd`, `run NAME --image=… -- cmd`, `debug POD -- cmd`. */
const KUBECTL_RUNS_IN_POD = new Set(['exec', 'run', 'debug']);

/** `kubectl [flags] exec [flags] POD -- cmd args` (and run, debug): the command runs in the pod. */
const kubectlRunner: Runner = (words) => {
  const positional: Word[] = [];
  let i = 1;
  for (; i < words.length; i++) {
    const text = words[i]?.text ?? '';
    if (text === '--') break;
    if (text.startsWith('-')) {
      const name = text.replace(/^--?/, '');
      if (!name.includes('=') && KUBECTL_VALUE_FLAGS.includes(name)) i++;
      continue;
    }
    positional.push(words[i] as Word);
    if (!KUBECTL_RUNS_IN_POD.has(positional[0]?.text ?? '') || positional.length >= 2) break;
  }
  const verb = positional[0]?.text ?? '';
  if (!KUBECTL_RUNS_IN_POD.has(verb)) return { kind: 'nothing' };
  const pod = positional[1]?.text ?? '?';
  const afterDash = words.findIndex((word, index) => index > 0 && word.text === '--');
  // exec takes the command after its pod without `--` too; run and debug only after `--`
  // (without --command the words are the image's arguments, which its entrypoint usually runs).
  const command = afterDash >= 0 ? words.slice(afterDash + 1) : verb === 'exec' ? words.slice(i + 1) : [];
  return command.length === 0 ? { kind: 'nothing' } : { kind: 'remote', where: `kubectl ${verb} ${pod}`, words: command };
};

/** `docker [opts] exec [opts] CONTAINER cmd args` and `docker compose exec SERVICE cmd args`. */
const dockerRunner: Runner = (words) => {
  let i = 1;
  const global = scanOptions('docker', words, i, { shortValue: 'Hcl', shortFlags: 'D', longValue: ['host', 'context', 'config', 'log-level', 'tlscacert', 'tlscert', 'tlskey'], longFlags: ['debug', 'tls', 'tlsverify'] });
  if (!global.ok) return { kind: 'unknown', why: global.why };
  i = global.next;
  let where = 'docker exec';
  if (words[i]?.text === 'compose') {
    i++;
    where = 'docker compose exec';
  } else if (words[i]?.text === 'container' && words[i + 1]?.text === 'exec') i++;
  if (words[i]?.text !== 'exec') return { kind: 'nothing' };
  const scanned = scanOptions(where, words, i + 1, { shortValue: 'euw', shortFlags: 'ditT', longValue: ['env', 'env-file', 'user', 'workdir', 'detach-keys', 'index'], longFlags: ['detach', 'interactive', 'tty', 'privileged', 'no-TTY'] });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const container = words[scanned.next]?.text ?? '?';
  const command = words.slice(scanned.next + 1);
  return command.length === 0 ? { kind: 'nothing' } : { kind: 'remote', where: `${where} ${container}`, words: command };
};

/** `ssh [opts] host [command…]`: the words are joined and run by the remote user's shell. */
const sshRunner: Runner = (words) => {
  const scanned = scanOptions('ssh', words, 1, { shortValue: 'BbcDEeFIiJLlmOoPpQRSWw', shortFlags: '46AaCfGgKkMNnqsTtVvXxYy' });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const host = words[scanned.next];
  const command = words.slice(scanned.next + 1);
  if (!host || command.length === 0) return { kind: 'nothing' };
  return { kind: 'remote', where: `ssh ${host.text}`, script: joinWords(command) };
};

export const RUNNERS: Readonly<Record<string, Runner>> = {
  ...WRAPPERS,
  ...INLINE_CODE,
  // `bun -e code` is inline code; otherwise bun runs scripts and packages.
  bun: (words) => {
    const evaluates = words.some((word) => ['-e', '-p', '--eval', '--print'].includes(word.text) || word.text.startsWith('--eval=') || word.text.startsWith('--print='));
    return evaluates ? BUN_INLINE(words) : bunRunner(words);
  },
  bunx: (words) => npxLike('bunx', words, 1),
  docker: dockerRunner,
  kubectl: kubectlRunner,
  npm: npmRunner,
  npx: (words) => npxLike('npx', words, 1),
  pnpm: pnpmOrYarn('pnpm'),
  pnpx: (words) => npxLike('pnpx', words, 1),
  ssh: sshRunner,
  yarn: pnpmOrYarn('yarn'),
};

export const RUNNER_SOURCES = {
  version: 'npm/npx 10 (npm exec --help), pnpm 9 and yarn 4 (docs), bun 1.1 (docs), kubectl 1.3x (kubectl exec --help), Docker CLI 27 (docs), OpenSSH 9.2p1 (ssh usage)',
  references: ['https://docs.npmjs.com/cli/v10/commands/npm-exec', 'https://pnpm.io/cli/dlx', 'https://yarnpkg.com/cli/dlx', 'https://bun.sh/docs/cli/bunx', 'https://docs.docker.com/reference/cli/docker/container/exec/', 'kubectl exec --help'],
} as const;
