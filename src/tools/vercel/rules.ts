// The vercel CLI's rule table: plain data, ids `vercel/<rule>`, recovery notes from Vercel's docs.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

// Recovery sources: vercel.com/docs/cli/remove (removes deployments; --safe skips those with an active alias),
// vercel.com/docs/projects/overview#deleting-a-project (permanent), vercel.com/docs/environment-variables (a
// removed variable's value cannot be read back), vercel.com/docs/domains.
type Row = { risk: Risk; description: string; reason: string; recovery?: string };

function table<K extends string>(rows: Record<K, Row>): Readonly<Record<K, Rule>> {
  const out = {} as Record<K, Rule>;
  for (const key of Object.keys(rows) as K[]) out[key] = { id: `vercel/${key}`, ...rows[key] };
  return out;
}

export const vercelRules = table({
  remove: {
    risk: 'destructive',
    description: 'vercel remove (rm) NAME|ID… without --safe',
    reason: 'Removes deployments; given a project name, every deployment of it, the production one and its aliases included: the site goes down.',
    recovery: 'No undo: deploy again from the source (vercel deploy --prod); removed deployments and their build outputs are gone.',
  },
  'project-remove': {
    risk: 'destructive',
    description: 'vercel project remove (rm)',
    reason: 'Deletes the project with all its deployments, domains assignments and environment variables.',
    recovery: 'No undo: create and link a new project, add its environment variables and domains again, and deploy.',
  },
  'env-remove': {
    risk: 'destructive',
    description: 'vercel env remove (rm) NAME [environment]',
    reason: 'Removes an environment variable; the next deployment runs without it.',
    recovery: 'Add it again with its value (Vercel does not keep removed values); redeploy.',
  },
  'domain-remove': {
    risk: 'destructive',
    description: 'vercel domains remove (rm), dns remove (rm), alias remove (rm), certs remove (rm)',
    reason: 'Removes a domain, DNS record, alias or certificate: traffic to it stops or fails.',
    recovery: 'Add it again; DNS changes take time to propagate and a removed domain may be claimed by another account.',
  },
  'api-delete': {
    risk: 'destructive',
    description: 'vercel api ENDPOINT -X DELETE',
    reason: 'Sends a DELETE request to the Vercel API.',
    recovery: 'Depends on the endpoint; most deletions on Vercel have no undo.',
  },
  'api-write': { risk: 'write', description: 'vercel api with POST, PUT or PATCH (or fields)', reason: 'Changes state through the Vercel API.' },
  read: { risk: 'read', description: 'commands that only read (ls, inspect, logs, whoami, remove --safe is not one)', reason: 'Only reads state.' },
  write: { risk: 'write', description: 'commands that change state but delete nothing (deploy, promote, env add, link, remove --safe…)', reason: 'Deploys or changes settings; no data is deleted.' },
  'bad-arguments': {
    risk: 'unknown',
    description: 'a vercel command or flag guard does not know',
    reason: 'guard cannot tell what this vercel command does.',
    recovery: 'Depends on the command: check `vercel help COMMAND` before running it.',
  },
});

export type VercelRuleKey = keyof typeof vercelRules;
