// The Railway family's page in docs/tools/: project, environment and service resolution, and the API look-ups.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Railway',
  resolution: [
    'Flags (`-p`, `-e`, `-s`, `--volume`…; `volume` takes `-p/-e/-s` before its subcommand), then `RAILWAY_TOKEN` (a project token names its project and environment), then `RAILWAY_PROJECT_ID`, `RAILWAY_ENVIRONMENT_ID`, `RAILWAY_SERVICE_ID`, then the directory link in `~/.railway/config.json`: the CLI\'s own precedence.',
    'The credential\'s reach: a project token reaches one environment; `RAILWAY_API_TOKEN` and the CLI login reach every project the account sees.',
    'A volume shared with production is production\'s: the phrase names the most protected environment the resource lives in, whatever the directory is linked to.',
  ],
  liveLookups: [
    'Railway\'s GraphQL API (`GUARD_RAILWAY_API_URL` overrides the endpoint), with the same token the CLI would use; every query is validated against Railway\'s published schema.',
    'For a volume: every environment it lives in, its mount path, size and backups (which die with it).',
    'For an environment, service or project: what it holds.',
    'All look-ups share one time budget; when the API cannot be reached or the token cannot see the resource, guard says it could not verify and fails closed.',
  ],
  notes: ['Snapshots (`--snapshot`): before `volume delete` of a volume that backs a Postgres service, `pg_dump -Fc` through the service\'s `DATABASE_PUBLIC_URL` (then `DATABASE_URL`) read with `variables(projectId, environmentId, serviceId)`; other volumes, environments and services: no off-volume copy, said plainly.'],
};
