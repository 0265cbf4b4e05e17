// terraform's and tofu's case table (offline): every rule, flag placement, TF_CLI_ARGS, help, and forms that fail closed.
import type { ToolCase } from '../tool.js';

type World = ToolCase['world'];

const t = (argv: string, risk: ToolCase['risk'], rule: string, note?: string, world?: World): ToolCase => ({
  argv: ['terraform', ...argv.split(' ').filter(Boolean)],
  risk,
  rules: [`terraform/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

const STATE_WITH_TWO = JSON.stringify({
  version: 4,
  resources: [
    { mode: 'managed', type: 'terraform_data', name: 'a', provider: 'provider["terraform.io/builtin/terraform"]', instances: [{ attributes: {} }] },
    { mode: 'data', type: 'terraform_remote_state', name: 'r', provider: 'provider["terraform.io/builtin/terraform"]', instances: [{ attributes: {} }] },
    { mode: 'managed', type: 'aws_s3_bucket', name: 'b', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ index_key: 0, attributes: {} }] },
  ],
});

const terraformCases: readonly ToolCase[] = [
  // Destroy in all its spellings (BYPASSES.md: flags between the binary and the verb).
  t('destroy', 'destructive', 'destroy'),
  t('destroy -auto-approve', 'destructive', 'destroy', '-auto-approve means nothing to guard'),
  t('-chdir=infra destroy', 'destructive', 'destroy', 'BYPASSES.md: terraform -chdir=infra destroy'),
  t('-chdir=infra destroy -target=aws_s3_bucket.b -var env=prod', 'destructive', 'destroy'),
  t('apply -destroy', 'destructive', 'destroy'),
  t('apply --destroy -auto-approve', 'destructive', 'destroy', "Go's flag package accepts two dashes"),
  t('apply -destroy=true', 'destructive', 'destroy'),
  t('apply -auto-approve', 'destructive', 'destroy', 'TF_CLI_ARGS_apply adds -destroy', { env: { TF_CLI_ARGS_apply: '-destroy' } }),
  t('apply', 'destructive', 'destroy', 'TF_CLI_ARGS applies to every command', { env: { TF_CLI_ARGS: '-destroy -lock-timeout=5s' } }),
  t('destroy', 'destructive', 'destroy', 'a local state lists what goes', { files: { 'terraform.tfstate': STATE_WITH_TWO } }),
  t('destroy', 'destructive', 'destroy', 'TF_WORKSPACE picks another state', { env: { TF_WORKSPACE: 'prod' } }),
  t('apply -replace=aws_db_instance.main', 'destructive', 'apply-deletes'),
  t('apply -replace aws_db_instance.main -auto-approve', 'destructive', 'apply-deletes', 'space-separated value'),
  // apply: its risk is its plan's; offline, nobody has seen the plan.
  t('apply', 'unknown', 'apply-unseen'),
  t('apply -auto-approve -var-file=prod.tfvars', 'unknown', 'apply-unseen'),
  t('apply tfplan', 'unknown', 'apply-unseen', 'a saved plan cannot be read offline'),
  t('apply -refresh-only -auto-approve', 'write', 'apply-refresh-only'),
  t('apply -destroy=false -refresh-only', 'write', 'apply-refresh-only'),
  // State and workspaces.
  t('workspace delete staging', 'destructive', 'workspace-delete'),
  t('workspace delete -force prod', 'destructive', 'workspace-delete'),
  t('env delete old', 'destructive', 'workspace-delete', 'deprecated env alias'),
  t('state rm aws_s3_bucket.b', 'destructive', 'state-rm'),
  t('state rm aws_s3_bucket.b -dry-run', 'destructive', 'state-rm', 'after the address -dry-run is another address, not a flag'),
  t('state rm -dry-run aws_s3_bucket.b', 'read', 'read'),
  t('state push terraform.tfstate', 'destructive', 'state-push'),
  t('state push -force old.tfstate', 'destructive', 'state-push'),
  t('state mv a.b c.d', 'write', 'write'),
  t('state mv -dry-run a.b c.d', 'read', 'read'),
  t('state replace-provider -auto-approve hashicorp/aws acme/aws', 'write', 'write'),
  t('state list', 'read', 'read'),
  t('state show aws_s3_bucket.b', 'read', 'read'),
  t('state pull', 'read', 'read'),
  t('workspace new staging', 'write', 'write'),
  t('workspace select -or-create prod', 'write', 'write'),
  t('workspace list', 'read', 'read'),
  t('workspace show', 'read', 'read'),
  // Writes.
  t('init -input=false', 'write', 'write'),
  t('init -backend-config=bucket=b -reconfigure', 'write', 'write'),
  t('import aws_s3_bucket.b my-bucket', 'write', 'write'),
  t('taint aws_instance.web', 'write', 'write'),
  t('untaint aws_instance.web', 'write', 'write'),
  t('force-unlock -force 1234', 'write', 'write'),
  t('fmt', 'write', 'write', 'fmt rewrites files'),
  t('fmt -recursive modules', 'write', 'write'),
  t('refresh', 'write', 'write'),
  t('get -update', 'write', 'write'),
  t('test', 'write', 'write', 'creates real infrastructure in its own state, then destroys it'),
  t('providers lock -platform=linux_amd64', 'write', 'write'),
  // Reads (BYPASSES.md must-allow: dry runs that really are dry).
  t('plan -destroy', 'read', 'read', 'BYPASSES.md must-allow: terraform plan -destroy'),
  t('plan -out=tfplan -var env=prod', 'read', 'read'),
  t('-chdir=infra plan -destroy -out=destroy.tfplan', 'read', 'read'),
  t('fmt -check -recursive', 'read', 'read'),
  t('fmt -write=false', 'read', 'read'),
  t('show -json tfplan', 'read', 'read'),
  t('output -json', 'read', 'read'),
  t('validate', 'read', 'read'),
  t('graph', 'read', 'read'),
  t('providers', 'read', 'read'),
  t('providers schema -json', 'read', 'read'),
  t('version', 'read', 'read'),
  t('-version', 'read', 'read'),
  t('console', 'read', 'read', 'console evaluates expressions against the state and changes nothing'),
  t('metadata functions -json', 'read', 'read'),
  t('destroy -help', 'read', 'read', 'terraform shows help for -help anywhere and runs nothing'),
  t('-help', 'read', 'read'),
  t('state', 'read', 'read', 'a bare group prints its help'),
  // Unknown forms fail closed.
  t('obliterate', 'unknown', 'bad-arguments'),
  t('destroy -force', 'unknown', 'bad-arguments', '-force was removed from destroy: terraform refuses it'),
  t('--chdir=infra destroy', 'unknown', 'bad-arguments', 'terraform only knows -chdir='),
  t('-chdir infra destroy', 'unknown', 'bad-arguments'),
  t('apply tfplan -destroy', 'unknown', 'bad-arguments', 'flags after the plan file are more arguments'),
  t('destroy -lock', 'destructive', 'destroy', 'a bool flag without a value'),
  t('apply -target', 'unknown', 'bad-arguments', 'a value flag without its value'),
  t('workspace frobnicate x', 'unknown', 'bad-arguments'),
  t('apply', 'unknown', 'bad-arguments', 'an unterminated quote in TF_CLI_ARGS', { env: { TF_CLI_ARGS_apply: '-var "x=1' } }),
  t('', 'unknown', 'bad-arguments', 'no subcommand'),
];

// OpenTofu's -exclude is no terraform 1.11 flag: terraform refuses it.
const terraformOnly: readonly ToolCase[] = [t('destroy -exclude=module.db', 'unknown', 'bad-arguments', 'an OpenTofu-only flag')];

export const terraformCaseTables: Readonly<Record<string, readonly ToolCase[]>> = {
  terraform: [...terraformCases, ...terraformOnly],
  // tofu shares the grammar: every terraform row, plus OpenTofu's own flags.
  tofu: [
    ...terraformCases.map((c): ToolCase => ({ ...c, argv: ['tofu', ...c.argv.slice(1)], rules: c.rules.map((id) => `tofu/${id.slice('terraform/'.length)}`) })),
    { argv: ['tofu', 'destroy', '-exclude=module.db'], risk: 'destructive', rules: ['tofu/destroy'] },
    { argv: ['tofu', 'plan', '-destroy', '-target-file=targets.txt'], risk: 'read', rules: ['tofu/read'] },
    { argv: ['tofu', 'apply', '-exclude=module.db'], risk: 'unknown', rules: ['tofu/apply-unseen'] },
  ],
};
