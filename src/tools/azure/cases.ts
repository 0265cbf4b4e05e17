// az case tables: must-run and must-stop rows (case-insensitive commands, abbreviations, @files, --ids, BYPASSES.md rows).
import type { ToolCase } from '../tool.js';

const PROFILE = {
  '.azure/azureProfile.json': `\uFEFF${JSON.stringify({
    installationId: 'x',
    subscriptions: [
      { id: '00000000-0000-0000-0000-0000000000aa', name: 'Contoso Production', isDefault: true, tenantId: 't-1', state: 'Enabled', user: { name: 'ops@contoso.com', type: 'user' } },
      { id: '00000000-0000-0000-0000-0000000000bb', name: 'Contoso Dev', isDefault: false, tenantId: 't-1', state: 'Enabled', user: { name: 'ops@contoso.com', type: 'user' } },
    ],
  })}`,
};

const a = (argv: string, risk: ToolCase['risk'], rule: string, note?: string, world?: ToolCase['world']): ToolCase => ({
  argv: ['az', ...argv.split(' ').filter(Boolean)],
  risk,
  rules: [`az/${rule}`],
  ...(note ? { note } : {}),
  ...(world ? { world } : {}),
});

export const azureCases: Readonly<Record<string, readonly ToolCase[]>> = {
  az: [
    a('group delete -n rg-prod', 'destructive', 'group-delete'),
    a('group delete --name rg-prod --yes --no-wait', 'destructive', 'group-delete', '--yes means nothing to guard'),
    a('group delete -g rg-prod -y', 'destructive', 'group-delete', '-g spells the same argument'),
    a('Group Delete -n rg-prod -y', 'destructive', 'group-delete', 'az lower-cases the command words'),
    a('group delete --resource-gr rg-prod --ye', 'destructive', 'group-delete', 'argparse accepts unique prefixes'),
    a('group delete -n rg-prod --subscription Contoso-Dev', 'destructive', 'group-delete', '--subscription after the command'),
    a('group delete -n rg-prod -f Microsoft.Compute/virtualMachines', 'destructive', 'force-deletion'),
    a('group delete -n rg-prod --force-deletion-types Microsoft.Compute/virtualMachineScaleSets', 'destructive', 'force-deletion'),
    a('group delete -n @name.txt -y', 'destructive', 'group-delete', 'the group name read from a file', { files: { 'name.txt': 'rg-prod\n' } }),
    a('group delete -n rg-prod', 'destructive', 'group-delete', 'default subscription from azureProfile.json (BOM)', { files: PROFILE }),
    a('storage blob delete-batch --source logs --account-name acct', 'destructive', 'delete-batch'),
    a('storage blob delete-batch -s logs --account-name acct --pattern *.log', 'destructive', 'delete-batch'),
    a('storage blob delete-batch -s logs --account-name acct --dryrun', 'read', 'dry-run'),
    a('storage blob sync -c www -s ./site --account-name acct', 'destructive', 'sync-delete', '--delete-destination defaults to true'),
    a('storage blob sync -c www -s ./site --account-name acct --delete-destination false', 'write', 'write'),
    a('keyvault purge --name kv-prod', 'destructive', 'purge'),
    a('keyvault secret purge --vault-name kv --name db-password', 'destructive', 'purge'),
    a('sql db delete -g rg -s sqlsrv -n orders -y', 'destructive', 'delete'),
    a('vm delete --ids /subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/web-1 --yes', 'destructive', 'delete', '--ids carries the subscription'),
    a('role assignment delete --assignee a@b.c --role Owner', 'destructive', 'delete'),
    a('network nsg rule delete -g rg --nsg-name nsg -n allow-ssh', 'destructive', 'delete'),
    a('vmss reimage -g rg -n web', 'destructive', 'reset'),
    a('storage blob restore --account-name acct -g rg --time-to-restore 2026-01-01T00:00:00Z', 'destructive', 'restore'),
    a('ad group member remove --group g --member-id m', 'destructive', 'remove'),
    a('rest --method delete --url https://management.azure.com/subscriptions/s/resourceGroups/rg-prod?api-version=2021-04-01', 'destructive', 'rest-delete'),
    a('rest -m post --url /subscriptions/s/providers/x/action', 'unknown', 'rest'),
    a('vm run-command invoke -g rg -n vm --command-id RunShellScript --scripts rm', 'unknown', 'exec-shell'),
    a('webapp ssh -g rg -n app', 'unknown', 'exec-shell'),
    a('frobnicate all', 'unknown', 'bad-arguments', 'no such command'),
    a('group delete -n rg --no-such-flag', 'unknown', 'bad-arguments', 'an unknown argument'),
    a('group delete -n rg extra', 'unknown', 'bad-arguments', 'a stray positional'),
    a('group delete -n @- -y', 'unknown', 'bad-arguments', '@- reads stdin'),
    a('group delete -n rg-prod --n', 'unknown', 'bad-arguments', 'an ambiguous prefix'),
    // Writes.
    a('group create -n rg-dev -l westeurope', 'write', 'write'),
    a('vm stop -g rg -n web-1', 'write', 'write'),
    a('vm deallocate -g rg -n web-1', 'write', 'write'),
    a('account set --subscription Contoso-Dev', 'write', 'write'),
    a('storage blob upload -c c -f a.txt -n a.txt --account-name acct', 'write', 'write'),
    a('rest --method put --url /subscriptions/s/resourcegroups/rg?api-version=1 --body {}', 'write', 'write'),
    // Reads, including BYPASSES.md's false positives.
    a('group list', 'read', 'read'),
    a('group list --query [?name==`delete-me`]', 'read', 'read', 'a query that says delete'),
    a('group show -n rg-prod', 'read', 'read'),
    a('group exists -n rg-prod', 'read', 'read'),
    a('resource list -g rg-prod -o table', 'read', 'read'),
    a('storage blob list -c deleted --account-name acct', 'read', 'read'),
    a('account show', 'read', 'read'),
    a('rest --url /subscriptions?api-version=2020-01-01', 'read', 'read', 'rest defaults to GET'),
    a('group delete --help', 'read', 'read'),
    a('group', 'read', 'read', 'a group alone prints help'),
    a('', 'read', 'read', 'bare az prints help'),
    a('version', 'read', 'read'),
  ],
};
