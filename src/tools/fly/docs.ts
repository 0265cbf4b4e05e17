// The Fly.io family's page in docs/tools/: the app from -a, FLY_APP or fly.toml, and the Machines API.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Fly.io (fly, flyctl)',
  resolution: [
    'The app from `-a/--app`, then `FLY_APP`, then `app` in `fly.toml` (or fly.json/fly.yaml) in the working directory, or the file named by `-c/--config`.',
    'The environment from `environments.<name>.match.fly` (app globs), else the app\'s name.',
  ],
  liveLookups: ['With `FLY_API_TOKEN`/`FLY_ACCESS_TOKEN`/`-t` or `~/.fly/config.yml`, on `FLY_FLAPS_BASE_URL` (default api.machines.dev): GET /v1/apps/{app}/volumes[/{id}[/snapshots]] and /v1/apps/{app}/machines; 4 s each.'],
  notes: ['Grammar checked against flyctl\'s source (it does not install here); `ssh console -C` and `machine exec` are judged by their command.'],
};
