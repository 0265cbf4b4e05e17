// docker's live blast radius: guard and the real docker client against an Engine API double on a Unix socket.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDockerEngine } from '../../support/api-double/docker-engine.js';
import type { ApiDouble } from '../../support/api-double/server.js';
import { createSandbox, runGuard } from '../../support/run-guard.js';

const sandbox = createSandbox('guard-docker-live-');
const socket = join(sandbox.dir, 'docker.sock');
let engine: ApiDouble;

before(async () => {
  engine = await startDockerEngine(socket, {
    volumes: [
      { name: 'shop_pgdata', bytes: 1_500_000_000 },
      { name: 'pgdata', bytes: 700_000_000 },
      { name: 'b'.repeat(64), bytes: 50_000_000, labels: { 'com.docker.volume.anonymous': '' } },
    ],
    containers: [
      { name: 'shop-db-1', volumes: ['shop_pgdata', 'pgdata'], labels: { 'com.docker.compose.project': 'shop' } },
    ],
  });
});
after(async () => {
  await engine.stop();
  sandbox.cleanup();
});

const HAVE_DOCKER = spawnSync('docker', ['--version']).status === 0;

test('the real docker client reads the double as it would the Engine (DOCKER_HOST=unix://…)', { skip: HAVE_DOCKER ? false : 'no docker client on this machine' }, async () => {
  // Asynchronously: the double answers from this process.
  const { stdout } = await promisify(execFile)('docker', ['volume', 'inspect', 'pgdata', '--format', '{{.Name}} {{.Driver}} {{.Mountpoint}}'], { env: { PATH: process.env.PATH ?? '', HOME: sandbox.home, DOCKER_HOST: engine.url }, timeout: 20_000 });
  assert.equal(stdout.trim(), 'pgdata local /var/lib/docker/volumes/pgdata/_data');
  assert.ok(engine.requests.some((r) => r.path.endsWith('/volumes/pgdata')), 'the client asked the double');
});

test('docker volume rm: the size and the containers mounting it come from the engine', async () => {
  const result = await runGuard(['--dry-run', '--json', 'docker', 'volume', 'rm', 'pgdata'], { sandbox, env: { DOCKER_HOST: engine.url } });
  const report = JSON.parse(result.stdoutText) as { risk: string; blastRadius: string[]; targets: { id: string; bytes?: number }[]; unverified: string[] };
  assert.equal(report.risk, 'destructive');
  assert.ok(report.blastRadius.some((line) => line.includes('pgdata: 700.0 MB') && line.includes('shop-db-1')), report.blastRadius.join('\n'));
  assert.equal(report.targets[0]?.bytes, 700_000_000);
  assert.deepEqual(report.unverified, []);
  assert.ok(engine.requests.every((r) => r.method === 'GET' || r.method === 'HEAD'), 'nothing but reads reached the engine');
});

test('docker compose down -v names the compose volumes with their sizes', async () => {
  const project = join(sandbox.dir, 'shop');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'compose.yaml'), 'services:\n  db:\n    image: postgres\n    volumes: [pgdata:/var/lib/postgresql/data]\nvolumes:\n  pgdata: {}\n');
  const result = await runGuard(['--dry-run', '--json', 'docker', 'compose', 'down', '-v'], { sandbox, cwd: project, env: { DOCKER_HOST: engine.url } });
  const report = JSON.parse(result.stdoutText) as { blastRadius: string[]; targets: { id: string }[] };
  assert.deepEqual(report.targets.map((t) => t.id), ['shop_pgdata']);
  assert.ok(report.blastRadius.some((line) => line.startsWith('shop_pgdata: 1.5 GB')), report.blastRadius.join('\n'));
});

test('volume prune lists what it would delete; an unreachable engine is unverified, never harmless', async () => {
  const prune = JSON.parse((await runGuard(['--dry-run', '--json', 'docker', 'volume', 'prune', '-f'], { sandbox, env: { DOCKER_HOST: engine.url } })).stdoutText) as { blastRadius: string[] };
  assert.ok(prune.blastRadius.some((line) => line.startsWith('prunes 1 unused volume, 50.0 MB')), prune.blastRadius.join('\n'));
  const gone = JSON.parse((await runGuard(['--dry-run', '--json', 'docker', 'volume', 'rm', 'pgdata'], { sandbox, env: { DOCKER_HOST: `unix://${join(sandbox.dir, 'missing.sock')}` } })).stdoutText) as { unverified: string[]; environment: { protected: boolean } };
  assert.ok(gone.unverified.some((line) => line.includes('missing.sock')), gone.unverified.join('\n'));
});
