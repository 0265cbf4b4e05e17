// vercel's case table (offline): remove with and without --safe, project/env/domain removals, vercel api methods.
import type { ToolCase } from '../tool.js';

const LINKED = { '.vercel/project.json': JSON.stringify({ orgId: 'team_acme', projectId: 'prj_123', projectName: 'shop' }) };

const v = (argv: string, risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
  argv: ['vercel', ...argv.split(' ').filter(Boolean)],
  risk,
  rules: [`vercel/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

export const vercelCases: Readonly<Record<string, readonly ToolCase[]>> = {
  vercel: [
    v('remove shop', 'destructive', 'remove'),
    v('rm shop --yes', 'destructive', 'remove', 'alias rm, the CLI\'s own --yes'),
    v('--scope acme rm shop -y', 'destructive', 'remove', 'global flag before the verb'),
    v('rm dpl_abc123 --token=secret-token', 'destructive', 'remove'),
    v('remove shop --safe', 'write', 'write', '--safe keeps aliased deployments'),
    v('project rm shop', 'destructive', 'project-remove'),
    v('projects remove shop', 'destructive', 'project-remove'),
    v('env rm DATABASE_URL production -y', 'destructive', 'env-remove'),
    v('env remove STRIPE_KEY', 'destructive', 'env-remove', undefined, { files: LINKED }),
    v('domains rm acme.com', 'destructive', 'domain-remove'),
    v('dns rm rec_123 --yes', 'destructive', 'domain-remove'),
    v('alias rm www.acme.com', 'destructive', 'domain-remove'),
    v('certs rm cert_1', 'destructive', 'domain-remove'),
    v('api /v9/projects/shop -X DELETE', 'destructive', 'api-delete'),
    v('api /v9/projects/shop --method=delete', 'destructive', 'api-delete'),
    v('api /v10/projects -F name=new', 'write', 'api-write', 'fields make it a POST'),
    v('api /v9/projects', 'read', 'read'),
    v('deploy --prod', 'write', 'write'),
    v('--prod', 'write', 'write', 'deploy is the default command'),
    v('./site', 'write', 'write', 'a path deploys'),
    v('env add FOO production', 'write', 'write'),
    v('ls', 'read', 'read'),
    v('inspect dpl_1', 'read', 'read'),
    v('env ls', 'read', 'read'),
    v('logs https://shop.vercel.app', 'read', 'read'),
    v('--help', 'read', 'read'),
    v('rm shop --frobnicate', 'unknown', 'bad-arguments'),
    v('env nuke', 'unknown', 'bad-arguments'),
    v('blob del assets/logo.png', 'unknown', 'bad-arguments', 'a deletion guard has no rule for fails closed'),
  ],
};
