// The Pulumi snapshotter against a stand-in `pulumi` (the CLI is not installed here): export → verify → destroy → import.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Context } from '../../src/core/context.js';
import { pulumiSnapshotter } from '../../src/snapshots/families/pulumi.js';
import { buildWorld } from '../support/world.js';
import { planFor, takeFor } from './harness.js';

/**
 * The documented behaviour of the commands the snapshotter runs, nothing more: `stack export/import
 * --stack S --file F` (pulumi.com/docs/iac/cli/commands/pulumi_stack_export, _import), `stack ls
 * --json`, `stack init`, `destroy`. State lives in $FAKE_PULUMI_STATE/<stack>.json.
 */
const STAND_IN = `#!/usr/bin/env node
const fs = require('fs'); const path = require('path');
const args = process.argv.slice(2).filter((a) => a !== '--non-interactive' && a !== '--yes');
const value = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const dir = process.env.FAKE_PULUMI_STATE; const file = (s) => path.join(dir, s + '.json');
const stack = value('--stack') || value('-s');
const words = args.filter((a, i) => !a.startsWith('-') && !['--stack', '-s', '--file'].includes(args[i - 1]));
const command = words.slice(0, 2).join(' ');
if (command === 'stack export') { if (!fs.existsSync(file(stack))) { console.error('error: no stack named ' + stack + ' found'); process.exit(255); } fs.copyFileSync(file(stack), value('--file')); }
else if (command === 'stack import') { JSON.parse(fs.readFileSync(value('--file'), 'utf8')); fs.copyFileSync(value('--file'), file(stack)); }
else if (command === 'stack ls') { console.log(JSON.stringify(fs.readdirSync(dir).map((f) => ({ name: f.replace(/\\.json$/, '') })))); }
else if (command === 'stack init') { fs.writeFileSync(file(words[2]), JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [] } })); }
else if (command === 'stack rm') { fs.rmSync(file(words[2] || stack)); }
else if (words[0] === 'destroy') { const s = JSON.parse(fs.readFileSync(file(stack), 'utf8')); s.deployment.resources = []; fs.writeFileSync(file(stack), JSON.stringify(s)); }
else { console.error('stand-in: unsupported ' + args.join(' ')); process.exit(2); }
`;

const root = mkdtempSync(join(tmpdir(), 'guard-pulumi-snap-'));
after(() => rmSync(root, { recursive: true, force: true }));
const binary = join(root, 'pulumi');
writeFileSync(binary, STAND_IN);
chmodSync(binary, 0o755);
const state = join(root, 'state');
(await import('node:fs')).mkdirSync(state);
const project = join(root, 'shop');
(await import('node:fs')).mkdirSync(project);
writeFileSync(join(project, 'Pulumi.yaml'), 'name: shop\nruntime: nodejs\n');
const RESOURCES = [{ urn: 'urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev', type: 'pulumi:pulumi:Stack' }, { urn: 'urn:pulumi:dev::shop::aws:s3/bucket:Bucket::assets', type: 'aws:s3/bucket:Bucket', outputs: { secretish: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', ciphertext: 'v1:abc' } } }];
const seed = () => writeFileSync(join(state, 'dev.json'), JSON.stringify({ version: 3, deployment: { manifest: { time: '2026-11-01T00:00:00Z' }, secrets_providers: { type: 'passphrase' }, resources: RESOURCES } }));

const world = buildWorld({ offline: false, env: { FAKE_PULUMI_STATE: state } });
after(() => world.cleanup());
const ctx: Context = { ...world.ctx, cwd: project, which: (name: string) => (name === 'pulumi' ? binary : null) };
const resources = (stack: string) => (JSON.parse(readFileSync(join(state, `${stack}.json`), 'utf8')) as { deployment: { resources: unknown[] } }).deployment.resources.length;

test('pulumi destroy: the stack state is exported and verified; import puts it back', async () => {
  seed();
  const taken = await takeFor(pulumiSnapshotter, ['pulumi', 'destroy', '--stack', 'dev', '--yes'], ctx);
  assert.deepEqual(taken.plan.targets, ['stack dev of shop: state']);
  assert.match(taken.plan.notes.join('\n'), /does not bring destroyed cloud resources back/);
  assert.equal(taken.verification.ok, true, taken.verification.checks.join('\n'));
  assert.deepEqual(taken.manifest.facts, { version: 3, resources: 2 });
  (await import('node:child_process')).execFileSync(binary, ['destroy', '--stack', 'dev', '--yes'], { env: { ...process.env, FAKE_PULUMI_STATE: state } });
  assert.equal(resources('dev'), 0);
  await pulumiSnapshotter.restore(taken.manifest, taken.dir, ctx);
  assert.equal(resources('dev'), 2);
});

test('pulumi stack rm: restore creates the stack again before importing; a damaged export fails verify', async () => {
  seed();
  const taken = await takeFor(pulumiSnapshotter, ['pulumi', 'stack', 'rm', 'dev', '--yes'], ctx);
  rmSync(join(state, 'dev.json'));
  await pulumiSnapshotter.restore(taken.manifest, taken.dir, ctx);
  assert.equal(resources('dev'), 2);
  writeFileSync(join(taken.dir, 'stack.json'), '{"version":3,"deployment":{"resources":[]}}');
  const verification = await pulumiSnapshotter.verify(taken.manifest, taken.dir, ctx);
  assert.equal(verification.ok, false);
  assert.match(verification.checks.join('\n'), /MISMATCH/);
});

test('a stack that cannot be exported fails the take; a preview-only command is not copyable', async () => {
  await assert.rejects(takeFor(pulumiSnapshotter, ['pulumi', 'destroy', '--stack', 'nosuch', '--yes'], ctx), /no stack named nosuch/);
  const plan = await planFor(pulumiSnapshotter, ['pulumi', 'preview', '--stack', 'dev'], ctx);
  assert.equal(plan.copyable, false);
});
