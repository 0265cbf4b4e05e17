// Project runners in front of migration tools: bundle exec, poetry/pipenv/uv run, and python running a script or module.
import type { LinePayload } from './model.js';
import { literalWord, type Word } from './expand.js';
import type { Unwrapped } from './launchers.js';
import { scanOptions, valueOf } from './options.js';
import { INLINE_CODE } from './inline.js';

type Runner = (words: readonly Word[], stdin?: LinePayload) => Unwrapped;

/** `bundle [--gemfile x] exec [--keep-file-descriptors] cmd …` (Bundler 2 `bundle exec --help`). */
const bundleRunner: Runner = (words) => {
  const global = scanOptions('bundle', words, 1, { longValue: ['gemfile'], longFlags: ['no-color', 'retry', 'verbose', 'V'], shortFlags: 'rV' });
  if (!global.ok) return { kind: 'unknown', why: global.why };
  const verb = words[global.next];
  if (verb?.text !== 'exec' && verb?.text !== 'e' && verb?.text !== 'ex') return { kind: 'nothing' };
  const scanned = scanOptions('bundle exec', words, global.next + 1, { longValue: ['gemfile'], longFlags: ['keep-file-descriptors'], permute: false });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const rest = words.slice(scanned.next);
  return rest.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: rest, via: 'bundle exec' };
};

/** `poetry [global options] run cmd …` (Poetry 1.8 `poetry run --help`); `pipenv run cmd …`. */
const poetryRunner: Runner = (words) => {
  const global = scanOptions('poetry', words, 1, { shortValue: 'CP', shortFlags: 'qvnh', longValue: ['directory', 'project'], longFlags: ['quiet', 'verbose', 'no-interaction', 'no-ansi', 'ansi', 'no-plugins', 'no-cache', 'help'] });
  if (!global.ok) return { kind: 'unknown', why: global.why };
  if (words[global.next]?.text !== 'run') return { kind: 'nothing' };
  const rest = words.slice(global.next + 1);
  const cwd = valueOf(global.options, 'C', 'directory', 'P', 'project');
  return rest.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: rest[0]?.text === '--' ? rest.slice(1) : rest, via: 'poetry run', ...(cwd ? { cwd } : {}) };
};

const pipenvRunner: Runner = (words) => {
  if (words[1]?.text !== 'run') return { kind: 'nothing' };
  const rest = words.slice(2);
  return rest.length === 0 ? { kind: 'nothing' } : { kind: 'run', words: rest, via: 'pipenv run' };
};

/** `uv run [options] cmd …` (uv 0.5 `uv run --help`); `uv run -m module` runs a Python module. */
const uvRunner: Runner = (words) => {
  if (words[1]?.text !== 'run') return { kind: 'nothing' };
  const scanned = scanOptions('uv run', words, 2, {
    shortValue: 'p',
    shortFlags: 'qvm',
    longValue: ['with', 'with-editable', 'with-requirements', 'python', 'directory', 'project', 'package', 'env-file', 'extra', 'group', 'index', 'default-index', 'index-url', 'extra-index-url', 'find-links', 'cache-dir', 'config-file', 'only-group', 'no-group'],
    longFlags: ['frozen', 'locked', 'no-sync', 'isolated', 'all-extras', 'no-dev', 'dev', 'quiet', 'verbose', 'no-project', 'script', 'module', 'active', 'exact', 'offline', 'no-env-file', 'all-packages', 'no-cache', 'native-tls', 'no-progress', 'all-groups', 'only-dev', 'no-editable', 'refresh'],
    permute: false,
  });
  if (!scanned.ok) return { kind: 'unknown', why: scanned.why };
  const rest = words.slice(scanned.next);
  if (rest.length === 0) return { kind: 'nothing' };
  const cwd = valueOf(scanned.options, 'directory', 'project');
  if (scanned.options.some((option) => option.name === 'm' || option.name === 'module')) return moduleRun(rest, 'uv run -m');
  return { kind: 'run', words: rest[0]?.text === '--' ? rest.slice(1) : rest, via: 'uv run', ...(cwd ? { cwd } : {}) };
};

/** Python modules that are migration CLIs (`python -m django`, `python -m alembic`). */
const MODULE_PROGRAMS: Readonly<Record<string, string>> = { django: 'django-admin', alembic: 'alembic' };

function moduleRun(words: readonly Word[], via: string): Unwrapped {
  const module = words[0];
  if (!module) return { kind: 'nothing' };
  if (!module.known) return { kind: 'unknown', why: `${via}: the module comes from ${module.why ?? 'an expansion'}` };
  const program = MODULE_PROGRAMS[module.text];
  return program ? { kind: 'run', words: [literalWord(program), ...words.slice(1)], via: `${via} ${module.text}` } : { kind: 'nothing' };
}

/**
 * `python [options] manage.py …` runs the script as the program of that name; `python -m django …`
 * is django-admin. Anything else goes to the inline-code check (`python -c`, stdin programs), or,
 * for the interpreters guard reads with a real parser (python, python3: src/tools/code), is the
 * command itself, which that tool assesses.
 */
function pythonRunner(name: string): Runner {
  const inline: Runner = (INLINE_CODE[name] as Runner | undefined) ?? (() => ({ kind: 'nothing' }));
  return (words, stdin) => {
    const scanned = scanOptions(name, words, 1, { shortValue: 'WXcm', shortFlags: 'bBdEhiIOPqsSuvVx3', longFlags: ['help', 'version', 'check-hash-based-pycs'], permute: false });
    if (!scanned.ok) return inline(words, stdin);
    const module = valueOf(scanned.options, 'm');
    if (module) {
      // `-m module args`: everything after the module's name is its own argv.
      const found = moduleRun([module, ...words.slice(scanned.next)], `${name} -m`);
      if (found.kind !== 'nothing') return found;
    }
    if (scanned.options.some((option) => option.name === 'c')) return inline(words, stdin);
    const script = words[scanned.next];
    if (script?.known && script.text.endsWith('manage.py')) return { kind: 'run', words: [script, ...words.slice(scanned.next + 1)], via: name };
    return inline(words, stdin);
  };
}

export const PROJECT_RUNNERS: Readonly<Record<string, Runner>> = {
  bundle: bundleRunner,
  pipenv: pipenvRunner,
  poetry: poetryRunner,
  uv: uvRunner,
  ...Object.fromEntries(['python', 'python3', 'python2', 'pypy3'].map((name) => [name, pythonRunner(name)])),
};

export const PROJECT_RUNNER_SOURCES = {
  version: 'Bundler 2.4 (bundle exec --help), Poetry 1.8 and uv 0.5 (run --help), pipenv 2023 (docs), Python 3 (python3 --help)',
  references: ['https://bundler.io/man/bundle-exec.1.html', 'https://python-poetry.org/docs/cli/#run', 'https://docs.astral.sh/uv/reference/cli/#uv-run', 'https://pipenv.pypa.io/en/latest/cli.html', 'https://docs.python.org/3/using/cmdline.html'],
} as const;
