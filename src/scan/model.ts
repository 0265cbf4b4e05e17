// The data of `guard scan`: the file kinds, the shell snippets taken out of them, and findings.
import type { Decision, Risk } from '../core/risk.js';
import type { EnvironmentFacts } from '../core/types.js';

/** `code`: JavaScript/TypeScript/Python scripts, read by the script runners' tools (src/tools/code). */
export type FileKind = 'shell' | 'make' | 'package-json' | 'github-actions' | 'gitlab-ci' | 'sql' | 'code' | CodeMigrationKind;

/** Migrations written as code (Rails, Django/Alembic, knex/sequelize/typeorm): read by the migrations family. */
export type CodeMigrationKind = 'rails-migration' | 'python-migration' | 'js-migration';

/** Where a snippet's line sits in its file: 1-based line and the column of the line's first character. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A piece of shell text taken out of a file (a recipe line, a `run:` step, a script entry). */
export interface ShellSnippet {
  readonly text: string;
  /** File position of each line of `text` (index 0 = its first line). */
  readonly positions: readonly Position[];
  /** Where its commands run (make: the Makefile's directory; workflows: the repository). */
  readonly cwd: string;
  /** What it is, for the reader: `make target nuke-db`, `job deploy, step 3`, `script "reset"`. */
  readonly label: string;
  /** Set when the snippet cannot be analysed at all (a pwsh step, an unresolved `!reference`). */
  readonly opaque?: string;
  /** Literal variables the file sets for it (workflow `env:`, GitLab `variables:`). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface FindingRule {
  readonly id: string;
  readonly risk: Risk;
  readonly summary: string;
}

export type FindingKind = 'command' | 'suppression';

export interface Finding {
  readonly kind: FindingKind;
  /** As given on the command line or found by the walk (relative when the input was). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The command (argv joined) or SQL statement summary. */
  readonly command: string;
  readonly rules: readonly FindingRule[];
  readonly risk: Risk;
  readonly environment: EnvironmentFacts | null;
  readonly decision: Decision;
  /** `make target nuke-db`, `job deploy, step 3`… */
  readonly context?: string;
  readonly reasons: readonly string[];
  /** Set when an inline `guard: allow` comment covers every rule of the finding. */
  readonly suppressed?: { readonly line: number; readonly reason: string };
}

export const FAIL_ON = ['destructive', 'unknown', 'write'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ScanSummary {
  readonly files: number;
  readonly findings: number;
  readonly suppressed: number;
  /** Findings at or above the threshold: the scan fails (77) when this is not 0. */
  readonly failing: number;
}

export interface ScanResult {
  readonly version: 1;
  readonly failOn: FailOn;
  readonly offline: boolean;
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly summary: ScanSummary;
}
