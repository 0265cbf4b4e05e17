// The Vercel family's page in docs/tools/: the linked project and the REST API.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Vercel',
  resolution: [
    'The project from `VERCEL_ORG_ID` + `VERCEL_PROJECT_ID`, then `.vercel/repo.json` (the project whose directory holds the working directory), then `.vercel/project.json` (`--cwd` moves it); the team from `--scope`/`--team` or the link.',
    'The environment from `environments.<name>.match.vercel` (project, scope globs); else `env rm` names its own, `project rm` reaches production, and a removal guard cannot see into is unknown.',
  ],
  liveLookups: ['With `--token`, `VERCEL_TOKEN` or the CLI\'s auth.json, on `--api` (default api.vercel.com): GET /v9/projects/{idOrName}, /v6/deployments?projectId=, /v13/deployments/{idOrUrl}; 4 s each.'],
};
