// The DigitalOcean family's page in docs/tools/: doctl's auth context, its config file, and the API v2.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'DigitalOcean (doctl)',
  resolution: [
    'The context from `--context`, then `DIGITALOCEAN_CONTEXT`, then `context` in the config file (`-c/--config`, default ~/.config/doctl/config.yaml); its token from `--access-token`, `DIGITALOCEAN_ACCESS_TOKEN`, `access-token` or `auth-contexts`.',
    'The environment from `environments.<name>.match.doctl` (context globs), else the context\'s name; the `default` context is unknown (a token reaches a whole team).',
  ],
  liveLookups: ['On `--api-url`/`DIGITALOCEAN_API_URL` (default api.digitalocean.com): GET /v2/droplets/{id}, /v2/databases/{uuid}, /v2/volumes/{id}, /v2/kubernetes/clusters/{id} and its destroy_with_associated_resources; 4 s each.'],
  notes: ['The config file can preset `--force` (`droplet: {delete: {force: true}}`): guard reports it and still asks. Grammar checked against doctl\'s source (it does not install here).'],
};
