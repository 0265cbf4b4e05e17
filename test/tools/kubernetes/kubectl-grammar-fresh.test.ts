// The generated kubectl grammar still matches the installed kubectl's own --help, for every verb the rule table names.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { KUBECTL_COMMANDS, KUBECTL_GLOBAL_FLAGS, KUBECTL_VERSION, type KubectlCommandFlags } from '../../../src/tools/kubernetes/kubectl-commands.generated.js';
import { installedKubectlVersion, readCommandFlags, readGlobalFlags, removeHelpSandbox } from './kubectl-help.js';

const HAVE_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const skip = HAVE_KUBECTL ? false : 'kubectl is not installed here: the generated grammar cannot be checked';

/** The commands src/tools/kubernetes/rules.ts and kubectl-classify.ts decide on. */
const RULE_VERBS = [
  'delete', 'replace', 'apply', 'exec', 'attach', 'debug', 'proxy', 'port-forward', 'get', 'describe', 'logs', 'top pod', 'explain', 'api-resources',
  'auth can-i', 'version', 'config view', 'config get-contexts', 'config current-context', 'config use-context', 'create', 'create namespace', 'edit',
  'patch', 'scale', 'label', 'annotate', 'set image', 'rollout restart', 'rollout undo', 'drain', 'cordon', 'taint', 'run', 'expose', 'cp', 'kustomize',
];

after(() => removeHelpSandbox());

const normalise = (flags: KubectlCommandFlags) => ({
  aliases: [...flags.aliases].sort(),
  values: [...flags.values].sort(),
  optional: [...flags.optional].sort(),
  bools: [...flags.bools].sort(),
  shorts: [...flags.shorts].sort(),
});

const REGENERATE = `regenerate with \`node dist/test/tools/kubernetes/generate-kubectl-grammar.js\` (table from kubectl ${KUBECTL_VERSION})`;

test('every rule verb is in the generated table', () => {
  for (const verb of RULE_VERBS) assert.ok(KUBECTL_COMMANDS[verb], `kubectl ${verb} is missing from kubectl-commands.generated.ts`);
});

test('global flags match `kubectl options`', { skip }, async () => {
  assert.deepEqual(normalise(await readGlobalFlags(true)), normalise(KUBECTL_GLOBAL_FLAGS), `global flags changed in kubectl ${installedKubectlVersion()}: ${REGENERATE}`);
});

for (const verb of RULE_VERBS) {
  test(`kubectl ${verb}: flags, short letters, aliases and optional values match its --help`, { skip }, async () => {
    const fresh = await readCommandFlags(verb.split(' '), true);
    assert.ok(fresh, `kubectl ${installedKubectlVersion()} has no command ${verb}: ${REGENERATE}`);
    const generated = KUBECTL_COMMANDS[verb];
    assert.ok(generated);
    assert.deepEqual(normalise(fresh), normalise(generated), `kubectl ${verb} changed in kubectl ${installedKubectlVersion()}: ${REGENERATE}`);
  });
}
