// The Heroku family's page in docs/tools/: the app as the CLI resolves it, and the Platform and data APIs.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Heroku',
  resolution: [
    'The app from `-a/--app`, then `HEROKU_APP`, then the heroku git remote named by `-r/--remote` or `git config heroku.remote`, or the repository\'s only heroku remote (several: unknown).',
    'The environment from `environments.<name>.match.heroku` (app globs), else the app\'s name (`acme-prod` is protected).',
  ],
  liveLookups: ['With `HEROKU_API_KEY` or the netrc login for the API host (`HEROKU_HOST`): GET /apps/{app}, /apps/{app}/addons; on `HEROKU_DATA_HOST`: /client/v11/databases/{id} (plan, size, tables, rollback), /client/v11/apps/{app}/transfers and the backup schedule; 4 s each.'],
  notes: ['`--confirm APP`, `HEROKU_FORCE` and piped answers satisfy the CLI\'s prompt, never guard\'s.'],
};
