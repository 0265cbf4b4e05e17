// The Supabase family's page in docs/tools/: the target database, pending migrations, and --db-url through psql.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Supabase',
  resolution: [
    '`--db-url`: resolved by the psql tool itself (the Postgres resolver and config match rules).',
    '`--local` (the default of db reset, db query, migration up/down): the local stack, environment `local`.',
    'Otherwise the linked project: `--project-ref`, then `SUPABASE_PROJECT_ID`, then `supabase/.temp/project-ref`; `environments.<name>.match.supabase` (projectRef globs) names it, else it counts as protected.',
  ],
  liveLookups: ['With `--db-url`: psql\'s live inspector measures what the migrations (or db reset, as DROP SCHEMA public CASCADE) would drop.'],
  notes: ['db push reads every local migration: which are already applied is not checked yet, so an old DROP counts too.'],
};
