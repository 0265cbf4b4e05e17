// Tasks a line runs: package.json scripts (npm, yarn, pnpm, bun) and Makefile targets, scanned with file and line.
import { relative, resolve } from 'node:path';
import { literalWord, type Word } from './expand.js';
import { expandMake, parseMakefile, type Makefile } from './makefile.js';
import type { RunnerResult } from './runners.js';
import { ShellState, type Frame, type Invocation } from './state.js';
import { childShell, dispatch, emit, inheritedFrom } from './dispatch.js';
import type { Walker } from './walk.js';

/** Rules one `make` invocation follows at most (prerequisites included). */
const MAX_MAKE_RULES = 200;

type PackageScript = Extract<RunnerResult, { kind: 'package-script' }>;

function unknownIn(inv: Invocation, why: string): Invocation {
  return { ...inv, unknowns: [...inv.unknowns, why] };
}

/** Quotes an argument for the script's shell; unknown ones become variables guard marks unknown. */
function quoteArguments(args: readonly Word[]): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = args
    .map((word) => {
      if (!word.known) {
        unknown.push(`GUARD_UNKNOWN_ARG_${unknown.length + 1}`);
        return `"$${unknown[unknown.length - 1]}"`;
      }
      return `'${word.text.replace(/'/g, `'\\''`)}'`;
    })
    .join(' ');
  return { text, unknown };
}

/** Walks one task's shell text as `sh -c` would run it, reporting `from` as file:line. */
async function walkTask(walker: Walker, words: readonly Word[], text: string, unknownVariables: readonly string[], where: { cwd: string; from: string; via: string }, inv: Invocation, frame: Frame): Promise<void> {
  const state = childShell(ShellState.initial(where.cwd), { ...inv, cwd: where.cwd }, []);
  for (const name of unknownVariables) state.vars.set(name, null);
  const inner: Frame = { depth: frame.depth + 1, anchor: inv.origin, file: null, fromFixed: where.from, calls: [], base: { ...inheritedFrom(inv), via: [...inv.via, where.via], env: {} } };
  const problem = await walker.walkText(text, state, inner, inv.stdin);
  if (problem) emit(walker, words, unknownIn({ ...inv, from: where.from }, `${where.from} does not parse: ${problem}`));
}

/** The 1-based line of `"name":` inside the scripts object, to point the finding at it. */
function scriptLine(raw: string, name: string): number {
  const lines = raw.split('\n');
  const scripts = Math.max(0, lines.findIndex((line) => line.includes('"scripts"')));
  const key = JSON.stringify(name);
  for (let i = scripts; i < lines.length; i++) {
    const trimmed = (lines[i] ?? '').trim();
    if (trimmed.startsWith(key) && trimmed.slice(key.length).trimStart().startsWith(':')) return i + 1;
  }
  return scripts + 1;
}

export async function runPackageScript(walker: Walker, words: readonly Word[], task: PackageScript, inv: Invocation, frame: Frame, state: ShellState): Promise<void> {
  if (!task.name.known) return emit(walker, words, unknownIn(inv, `the script name comes from ${task.name.why ?? 'an expansion'}`));
  if (task.dir && !task.dir.known) return emit(walker, words, unknownIn(inv, `the package directory comes from ${task.dir.why ?? 'an expansion'}`));
  if (frame.depth + 1 > walker.options.maxDepth) return emit(walker, words, unknownIn(inv, `${task.manager} scripts nest deeper than ${walker.options.maxDepth} levels`));
  const dir = task.dir ? resolve(inv.cwd, task.dir.text) : inv.cwd;
  const path = resolve(dir, 'package.json');
  const shown = relative(walker.options.cwdForDisplay, path) || 'package.json';
  const read = await walker.readText(path);
  if (!read.ok) return emit(walker, words, unknownIn(inv, `guard cannot read ${shown}, so it cannot see what ${task.manager} runs`));
  let scripts: Record<string, unknown>;
  try {
    const parsed = JSON.parse(read.text) as { scripts?: unknown };
    scripts = typeof parsed.scripts === 'object' && parsed.scripts !== null ? (parsed.scripts as Record<string, unknown>) : {};
  } catch (error) {
    return emit(walker, words, unknownIn(inv, `${shown} is not valid JSON: ${(error as Error).message}`));
  }
  const name = task.name.text;
  const main = scripts[name];
  if (typeof main !== 'string') {
    // `yarn foo` / `pnpm foo` / `bun foo` without such a script run the package binary foo.
    if (task.binFallback) return dispatch(walker, [literalWord(name), ...task.args], { ...inv, via: [...inv.via, `${task.manager} ${name}`] }, state, frame, 0);
    return;
  }
  // npm (and yarn 1, bun) run pre<name> and post<name> around it: included whatever the manager.
  for (const scriptName of [`pre${name}`, name, `post${name}`]) {
    const body = scripts[scriptName];
    if (typeof body !== 'string') continue;
    const args = scriptName === name ? quoteArguments(task.args) : { text: '', unknown: [] };
    const text = args.text === '' ? body : `${body} ${args.text}`;
    await walkTask(walker, words, text, args.unknown, { cwd: dir, from: `${shown}:${scriptLine(read.text, scriptName)}`, via: `${task.manager} run ${scriptName}` }, inv, frame);
  }
}

interface MakeInvocation {
  readonly directory?: Word;
  readonly file?: Word;
  readonly dryRun: boolean;
  readonly runsNothing: boolean;
  readonly overrides: ReadonlyMap<string, string>;
  readonly targets: readonly Word[];
}

const MAKE_VALUE_OPTIONS = new Set(['-C', '-f', '-I', '-o', '-W', '-E', '--directory', '--file', '--makefile', '--include-dir', '--old-file', '--assume-old', '--what-if', '--new-file', '--assume-new', '--eval']);
const MAKE_FLAGS = new Set(['-e', '-i', '-k', '-s', '-B', '-r', '-R', '-w', '-S', '-d', '-p', '-L', '--environment-overrides', '--ignore-errors', '--keep-going', '--silent', '--quiet', '--always-make', '--no-builtin-rules', '--no-builtin-variables', '--print-directory', '--no-print-directory', '--stop', '--no-keep-going', '--check-symlink-times', '--print-data-base', '--warn-undefined-variables', '--trace', '--no-silent']);

/** GNU make 4.3's command line (make --help). */
function parseMakeArguments(words: readonly Word[]): MakeInvocation | string {
  let directory: Word | undefined;
  let file: Word | undefined;
  let dryRun = false;
  let runsNothing = false;
  const overrides = new Map<string, string>();
  const targets: Word[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as Word;
    const text = word.text;
    if (!word.known) return `make: ${text} comes from ${word.why ?? 'an expansion'}`;
    if (text === '--') {
      targets.push(...words.slice(i + 1));
      break;
    }
    if (!text.startsWith('-')) {
      const eq = text.indexOf('=');
      if (eq > 0) overrides.set(text.slice(0, eq).replace(/[:+?]$/, ''), text.slice(eq + 1));
      else targets.push(word);
      continue;
    }
    const eq = text.indexOf('=');
    const option = text.startsWith('--') && eq > 0 ? text.slice(0, eq) : text.startsWith('--') ? text : text.slice(0, 2);
    const inline = text.startsWith('--') ? (eq > 0 ? text.slice(eq + 1) : undefined) : text.length > 2 ? text.slice(2) : undefined;
    if (MAKE_VALUE_OPTIONS.has(option)) {
      const value = inline !== undefined ? { ...word, text: inline } : words[++i];
      if (!value) return `make: ${option} needs a value`;
      if (option === '-C' || option === '--directory') directory = directory && value.known ? { ...value, text: resolve(directory.text, value.text) } : value;
      if (option === '-f' || option === '--file' || option === '--makefile') file = value;
      if (option === '-E' || option === '--eval') return 'make --eval runs make code guard does not evaluate';
      continue;
    }
    if (['-n', '--just-print', '--dry-run', '--recon'].includes(option)) dryRun = true;
    else if (['-q', '--question', '-t', '--touch', '-v', '--version', '-h', '--help'].includes(option)) runsNothing = true;
    else if (['-j', '-l', '--jobs', '--load-average', '--max-load'].includes(option)) {
      // The count is optional: a following number belongs to it.
      if (inline === undefined && /^[0-9.]+$/.test(words[i + 1]?.text ?? '')) i++;
    } else if (['-O', '--output-sync', '--debug', '--shuffle', '--jobserver-style'].includes(option)) continue;
    else if (!MAKE_FLAGS.has(option)) {
      // Short flags may be clustered (`-sk`).
      if (option.startsWith('--') || ![...text.slice(1)].every((letter) => MAKE_FLAGS.has(`-${letter}`) || letter === 'n')) return `make: unrecognised option ${text}`;
      if (text.includes('n')) dryRun = true;
    }
  }
  return { ...(directory ? { directory } : {}), ...(file ? { file } : {}), dryRun, runsNothing, overrides, targets };
}

export async function runMake(walker: Walker, words: readonly Word[], inv: Invocation, frame: Frame): Promise<void> {
  const parsed = parseMakeArguments(words);
  if (typeof parsed === 'string') return emit(walker, words, unknownIn(inv, parsed));
  if (parsed.runsNothing) return;
  if (parsed.directory && !parsed.directory.known) return emit(walker, words, unknownIn(inv, 'make -C with a directory guard cannot name'));
  if (frame.depth + 1 > walker.options.maxDepth) return emit(walker, words, unknownIn(inv, `make nests deeper than ${walker.options.maxDepth} levels`));
  const dir = parsed.directory ? resolve(inv.cwd, parsed.directory.text) : inv.cwd;
  const candidates = parsed.file ? [parsed.file.text] : ['GNUmakefile', 'makefile', 'Makefile'];
  let makefile: Makefile | null = null;
  let shown = '';
  for (const candidate of candidates) {
    const path = resolve(dir, candidate);
    const read = await walker.readText(path);
    if (!read.ok) continue;
    makefile = parseMakefile(read.text);
    shown = relative(walker.options.cwdForDisplay, path) || candidate;
    break;
  }
  if (!makefile) return emit(walker, words, unknownIn(inv, `guard cannot read ${parsed.file?.text ?? 'a Makefile'} in ${relative(walker.options.cwdForDisplay, dir) || '.'}, so it cannot see what make runs`));
  const variables = new Map<string, string>();
  for (const [name, value] of Object.entries({ ...walker.options.env, ...inv.env })) if (typeof value === 'string') variables.set(name, value);
  for (const [name, value] of makefile.variables) variables.set(name, value);
  for (const [name, value] of parsed.overrides) variables.set(name, value);
  const targets = parsed.targets.length > 0 ? parsed.targets.map((word) => word.text) : makefile.defaultTarget ? [makefile.defaultTarget] : [];
  if (targets.length === 0) return emit(walker, words, unknownIn(inv, `${shown} has no target guard can find`));
  const visited = new Set<string>();
  const loaded = makefile;
  const build = async (target: string, requested: boolean): Promise<void> => {
    if (visited.has(target)) return;
    if (visited.size >= MAX_MAKE_RULES) {
      emit(walker, words, unknownIn(inv, `make follows more than ${MAX_MAKE_RULES} rules`));
      return;
    }
    visited.add(target);
    const rule = loaded.rules.get(target);
    if (!rule) {
      // A prerequisite without a rule is a file; a requested target without one is something guard cannot see.
      if (requested) emit(walker, words, unknownIn(inv, `${shown} has no explicit rule for ${target}${loaded.unsupported.length > 0 ? ` (it may come from ${loaded.unsupported.join('; ')})` : ''}`));
      return;
    }
    for (const prerequisite of rule.prerequisites) await build(prerequisite, false);
    for (const line of rule.recipe) {
      const recursive = line.text.includes('$(MAKE)') || line.text.includes('${MAKE}');
      if (parsed.dryRun && !line.always && !recursive) continue;
      const expanded = expandMake(line.text, variables, { target, prerequisites: rule.prerequisites });
      const unknownVariables = expanded.unknown.map((_, index) => `GUARD_MAKE_UNKNOWN_${index + 1}`);
      await walkTask(walker, words, expanded.text, unknownVariables, { cwd: dir, from: `${shown}:${line.line}`, via: `make ${target}` }, inv, frame);
    }
  };
  for (const target of targets) await build(target, true);
}
