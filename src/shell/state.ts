// What the walker knows while it reads a line: variables, cwd, functions, and where it stands.
import type { LinePayload } from './model.js';
import type { ExpansionScope } from './expand.js';
import type { SyntaxNode } from './parser.js';

export interface Origin {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/** A function defined on the line or in a sourced file; its body reports the file it came from. */
export interface FunctionDefinition {
  readonly body: SyntaxNode;
  readonly file: string | null;
  readonly fromFixed: string | null;
}

/** The shell's state on the line so far. Subshells, pipeline stages and branches work on clones. */
export class ShellState {
  constructor(
    /** null: set from something guard cannot evaluate. */
    readonly vars: Map<string, string | null>,
    readonly exported: Set<string>,
    public cwd: string,
    /** Why the cwd is no longer known (`cd "$DIR"`), or null. */
    public cwdUnknown: string | null,
    readonly functions: Map<string, FunctionDefinition>,
    public positional: (string | null)[] | null,
    /** The line's environment is visible (false on a remote host). */
    readonly inheritEnv: boolean,
    /** Aliases defined on the line; null: the value is something guard cannot evaluate. */
    readonly aliases: Map<string, string | null> = new Map(),
  ) {}

  static initial(cwd: string, inheritEnv = true): ShellState {
    return new ShellState(new Map(), new Set(), cwd, null, new Map(), null, inheritEnv);
  }

  clone(): ShellState {
    return new ShellState(new Map(this.vars), new Set(this.exported), this.cwd, this.cwdUnknown, new Map(this.functions), this.positional ? [...this.positional] : null, this.inheritEnv, new Map(this.aliases));
  }

  /**
   * After branches (if/case/loops) the walker cannot tell which one ran: a variable that the
   * branches leave with different values becomes unknown, and so does a cwd they disagree on.
   */
  merge(branches: readonly ShellState[], includeSelf: boolean): void {
    const all = includeSelf ? [this.clone(), ...branches] : [...branches];
    const names = new Set<string>();
    for (const branch of all) for (const name of branch.vars.keys()) names.add(name);
    for (const name of names) {
      const values = new Set(all.map((branch) => (branch.vars.has(name) ? branch.vars.get(name) : undefined)));
      if (values.size === 1) {
        const [value] = values;
        if (value !== undefined) this.vars.set(name, value);
      } else this.vars.set(name, null);
    }
    for (const branch of all) for (const name of branch.exported) this.exported.add(name);
    for (const branch of all) for (const [name, body] of branch.functions) this.functions.set(name, body);
    // An alias any branch defines may be in effect; branches that disagree leave it unknown.
    const aliasNames = new Set(all.flatMap((branch) => [...branch.aliases.keys()]));
    for (const name of aliasNames) {
      const values = new Set(all.map((branch) => (branch.aliases.has(name) ? branch.aliases.get(name) : undefined)));
      const [value] = values;
      this.aliases.set(name, values.size === 1 && value !== undefined ? value : null);
    }
    const cwds = new Set(all.map((branch) => branch.cwd));
    const first = all[0];
    if (first) this.cwd = first.cwd;
    this.cwdUnknown = cwds.size > 1 ? 'the directory depends on which branch ran' : (all.find((branch) => branch.cwdUnknown)?.cwdUnknown ?? null);
  }
}

/** How the line's environment and home look to expansion. */
export interface Surroundings {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

export function scopeOf(state: ShellState, surroundings: Surroundings): ExpansionScope {
  return {
    variable(name) {
      if (state.vars.has(name)) return state.vars.get(name) ?? null;
      if (name === 'PWD') return state.cwdUnknown ? null : state.cwd;
      if (!state.inheritEnv) return undefined;
      return surroundings.env[name];
    },
    positional: state.positional,
    home: state.inheritEnv ? (surroundings.env.HOME ?? surroundings.home) : '~',
  };
}

/** Known exported variables (for the command's env) and the unknown ones (for its unknowns). */
export function exportedEnvironment(state: ShellState, surroundings: Surroundings): { env: Record<string, string>; unknown: string[] } {
  const env: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [name, value] of state.vars) {
    const exported = state.exported.has(name) || (state.inheritEnv && surroundings.env[name] !== undefined);
    if (!exported) continue;
    if (value === null) unknown.push(`${name} is exported from something guard cannot evaluate`);
    else env[name] = value;
  }
  return { env, unknown };
}

/** Where the walker stands: how deep in payloads and scripts, and what every command inherits. */
export interface Frame {
  /** Scripts, `sh -c` payloads and tasks followed so far. */
  readonly depth: number;
  /** Position in the top-level text that commands found deeper down are reported at. */
  readonly anchor: Origin | null;
  /** The text being walked is this file: `from` is `file:line` of each command. */
  readonly file: string | null;
  /** A payload inside a file's line: every command's `from` is that line. */
  readonly fromFixed: string | null;
  /** Function calls on the way (recursion stops). */
  readonly calls: readonly string[];
  /** What every command in this text inherits from its launchers. */
  readonly base: Inherited;
}

export interface Inherited {
  readonly env: Readonly<Record<string, string>>;
  readonly envUnknown: readonly string[];
  readonly via: readonly string[];
  readonly unknowns: readonly string[];
  /** `ssh host`, `kubectl exec pod`: the command runs there, not here. */
  readonly remote: string | null;
  /** The OS user a launcher switched to (`sudo -u postgres`); absent: the invoking user. */
  readonly user?: string;
  /** It runs in that user's login shell (`sudo -i`, `su -`), whose profile guard does not read. */
  readonly userLogin?: boolean;
}

export const NOTHING_INHERITED: Inherited = { env: {}, envUnknown: [], via: [], unknowns: [], remote: null };

/** One command on its way through launchers to the program that finally runs. */
export interface Invocation extends Inherited {
  /** undefined: inherits the line's stdin. */
  readonly stdin: LinePayload | undefined;
  readonly cwd: string;
  readonly cwdUnknown: string | null;
  readonly skipFunctions: boolean;
  readonly origin: Origin;
  readonly from: string | undefined;
  /** Set by xargs fed from a static producer: see LineCommand.argumentsFrom. */
  readonly argumentsFrom?: readonly string[];
}
