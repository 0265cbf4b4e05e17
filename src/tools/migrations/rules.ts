// Rule tables of the migration tools: each tool's own verbs, plus the rows every one of them shares.
import type { Risk } from '../../core/risk.js';
import type { Rule, RuleTable } from '../../core/types.js';

export interface RuleRow {
  readonly risk: Risk;
  readonly description: string;
  readonly reason: string;
  readonly recovery?: string;
}

export const RESTORE_FROM_BACKUP = 'No undo from the tool: restore the database from a dump or backup taken before the run (pg_dump, the provider\'s point-in-time recovery).';
const ROLLBACK_RECOVERY = 'Dropped tables and columns come back empty when the migrations run again: restore their data from a backup taken before the run.';

/** Rows shared by every migration tool. `pending` adds the rows for tools that run migration files. */
function commonRows(program: string, pending: boolean): Record<string, RuleRow> {
  return {
    read: { risk: 'read', description: 'status, history, help, version, generating files', reason: `Reads the database or the project, or writes files only; ${program} changes no data.` },
    'bad-arguments': {
      risk: 'unknown',
      description: 'an option guard does not know, a missing value, or a part guard cannot read',
      reason: 'guard cannot tell which command this really is, so it cannot rule out a destructive one.',
      recovery: RESTORE_FROM_BACKUP,
    },
    unrecognised: {
      risk: 'unknown',
      description: `a ${program} command guard does not know`,
      reason: 'An unknown command may drop or rewrite data; guard fails closed.',
      recovery: RESTORE_FROM_BACKUP,
    },
    ...(pending
      ? {
          write: { risk: 'write', description: 'a forward migration whose pending files only create or change schema', reason: 'Applies pending migrations; guard read them and none drops, truncates or deletes data.' },
          'pending-destructive': {
            risk: 'destructive',
            description: 'a pending (or rolled-back) migration drops tables or columns or deletes rows',
            reason: 'A migration file that this run executes destroys data; the report names the file and the statement.',
            recovery: ROLLBACK_RECOVERY,
          },
          'pending-unknown': {
            risk: 'unknown',
            description: 'a pending migration guard cannot read (code it does not follow, SQL built at run time, MySQL SQL)',
            reason: 'guard could not see what the migration does, so it may destroy data.',
            recovery: RESTORE_FROM_BACKUP,
          },
        }
      : {}),
  };
}

export function migrationRules(program: string, own: Record<string, RuleRow>, options: { readonly pending: boolean }): RuleTable {
  const rows = { ...commonRows(program, options.pending), ...own };
  return Object.fromEntries(Object.entries(rows).map(([key, row]): [string, Rule] => [key, { id: `${program}/${key}`, ...row }]));
}

/** A destructive row whose whole database goes (reset, drop, clean, flush). */
export function wipes(description: string, reason: string, recovery: string = RESTORE_FROM_BACKUP): RuleRow {
  return { risk: 'destructive', description, reason, recovery };
}

/** A rollback: the down migrations run, and whatever they drop is gone. */
export function rollsBack(description: string, reason: string): RuleRow {
  return { risk: 'destructive', description, reason, recovery: ROLLBACK_RECOVERY };
}

export function unknownRow(description: string, reason: string, recovery: string = RESTORE_FROM_BACKUP): RuleRow {
  return { risk: 'unknown', description, reason, recovery };
}
