// The shell-line engine's contract: every command a line will run, and the line's assessment.
import type { Assessment } from '../core/pipeline.js';
import type { Decision, Risk } from '../core/risk.js';

/** What a command receives on stdin when the line says so statically. */
export type LinePayload =
  | { readonly kind: 'text'; readonly text: string } // heredoc, here-string, `echo … |`, `printf … |`
  | { readonly kind: 'file'; readonly path: string } // `< file` (relative to the command's cwd)
  | { readonly kind: 'unknown'; readonly why: string; readonly producer?: readonly string[] }; // piped from something guard cannot evaluate; producer: its static argv

/** One simple command the line will run, after static quote removal and unwrapping. */
export interface LineCommand {
  /** argv after static expansion. argv[0] is the program (basename or path as written). */
  readonly argv: readonly string[];
  readonly stdin?: LinePayload;
  /** Working directory after `cd dir &&` and the like, when static; else the line's cwd. */
  readonly cwd?: string;
  /** Assignments that apply to this command (`FOO=1 cmd`, `export FOO=1; cmd`, env …). */
  readonly env: Readonly<Record<string, string>>;
  /** Where it stands: 1-based line and column in the text, and the source snippet. */
  readonly origin: { readonly line: number; readonly column: number; readonly text: string };
  /** Launchers and payload wrappers unwrapped on the way: `sudo`, `bash -c`, `xargs`, `npx @railway/cli`… */
  readonly via: readonly string[];
  /** Why guard cannot fully see this command; any entry makes it `unknown` (fail closed). */
  readonly unknowns: readonly string[];
  /** Set when the command runs a script or task guard scanned: `deploy.sh:12`. */
  readonly from?: string;
  /** `producer | xargs cmd`: cmd's trailing arguments are the output of this static argv (a family may measure it). */
  readonly argumentsFrom?: readonly string[];
  /** Where it runs when not on this machine (`kubectl exec api-0`, `ssh db1`): assessed with none of this machine's settings. */
  readonly remote?: string;
  /** The OS user it runs as when a launcher switched users (`sudo -u postgres`, `su - app -c`): resolved with that user's defaults and home. */
  readonly user?: string;
  /** Through that user's login shell (`sudo -i`, `su -`): its profile may set the connection. */
  readonly userLogin?: boolean;
}

/** A file a redirect writes, creates or truncates (`> f`, `>> f`, `&> f`, `<> f`), as resolved by the engine. */
export type LineWrite =
  | { readonly kind: 'file'; readonly path: string; readonly origin: string }
  | { readonly kind: 'unknown'; readonly why: string; readonly origin: string };

export interface LineAnalysis {
  readonly commands: readonly LineCommand[];
  /** Every output redirect anywhere in the text (commands, groups, `bash -c` payloads, scripts). */
  readonly writes?: readonly LineWrite[];
  /** Parse errors, size or time budget exceeded: any entry makes the line `unknown`. */
  readonly problems: readonly string[];
}

export interface CommandAssessment {
  readonly command: LineCommand;
  readonly assessment: Assessment;
}

export interface LineAssessment {
  readonly line: string;
  /** The most dangerous command's risk; `unknown` when the line itself could not be analysed. */
  readonly risk: Risk;
  /** The strictest decision of all its commands (and `deny`/`confirm` for problems). */
  readonly decision: Decision;
  readonly commands: readonly CommandAssessment[];
  readonly problems: readonly string[];
  /** The files the line's redirects write (LineAnalysis.writes). */
  readonly writes?: readonly LineWrite[];
}

export interface ShellLimits {
  /** Bytes of shell text analysed at most (default 256 KiB); more is a problem (deny). */
  readonly maxBytes?: number;
  /** Time budget for parsing and unwrapping one line (default 1000 ms). */
  readonly budgetMs?: number;
  /** How deep scripts, `bash -c` payloads and tasks are followed (default 4). */
  readonly maxDepth?: number;
}
