// `sudo -u X`, `runuser -u X`, `su - X -c`: the inner command is resolved as X (libpq's default user, X's home), not as guard's user.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Context } from '../../src/core/context.js';
import { assessShellLine } from '../../src/shell/assess.js';
import { createSandbox, describeRun, runGuard } from '../support/run-guard.js';
import { buildWorld, type World } from '../support/world.js';

/** A world whose /etc/passwd knows dbadmin, with a service file in dbadmin's home naming production's host. */
function worldWithUser(): { world: World; ctx: Context } {
  const world = buildWorld({ offline: true, env: { PGSERVICE: 'main' } });
  const home = join(world.root, 'home', 'dbadmin');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, '.pg_service.conf'), '[main]\nhost=db.prod.internal\ndbname=shop\n');
  const passwd = `root:x:0:0:root:/root:/bin/bash\ndbadmin:x:1042:1042:DB admin,,,:${home}:/bin/bash\n`;
  const ctx = Object.create(world.ctx, {
    readFile: { value: async (path: string) => (path === '/etc/passwd' ? Buffer.from(passwd) : world.ctx.readFile(path)) },
  }) as Context;
  return { world, ctx };
}

async function psqlOf(line: string, ctx: Context) {
  const result = await assessShellLine(line, ctx);
  const psql = result.commands.find((entry) => entry.command.argv[0] === 'psql');
  assert.ok(psql, JSON.stringify(result.commands.map((entry) => entry.command.argv)));
  return psql.assessment.analysis;
}

for (const line of [
  "sudo -u dbadmin psql -c 'DROP TABLE orders'",
  "sudo --user=dbadmin -H psql -c 'DROP TABLE orders'",
  "sudo -u '#1042' psql -c 'DROP TABLE orders'",
  "runuser -u dbadmin -- psql -c 'DROP TABLE orders'",
  "su - dbadmin -c 'psql -c \"DROP TABLE orders\"'",
  "su dbadmin -c 'psql -c \"DROP TABLE orders\"'",
]) {
  test(`resolved as the user the launcher switches to: ${line}`, async () => {
    const { world, ctx } = worldWithUser();
    try {
      const analysis = await psqlOf(line, ctx);
      // dbadmin's ~/.pg_service.conf names production's host; guard's own home has no such file.
      assert.equal(analysis.environment?.name, 'production', JSON.stringify(analysis.environment));
      assert.ok(analysis.blastRadius.some((line) => line.startsWith('connects to dbadmin@db.prod.internal')), JSON.stringify(analysis.blastRadius));
      const plain = await psqlOf("psql -c 'DROP TABLE orders'", ctx);
      assert.notEqual(plain.environment?.name, 'production', 'without the launcher the service file of dbadmin is not read');
    } finally {
      world.cleanup();
    }
  });
}

for (const [line, why] of [
  ["sudo -u ghost psql -c 'DROP TABLE orders'", /it runs as ghost, who is not a user on this machine/],
  ["su - ghost -c 'psql -c \"DROP TABLE orders\"'", /it runs as ghost, who is not a user on this machine/],
  ['sudo -u "$WHO" psql -c \'DROP TABLE orders\'', /it runs as a user that comes from \$WHO/],
] as const) {
  test(`a user guard cannot find is an unresolved, protected environment: ${line}`, async () => {
    const { world, ctx } = worldWithUser();
    try {
      const analysis = await psqlOf(line, ctx);
      assert.equal(analysis.environment?.name, 'unknown', JSON.stringify(analysis.environment));
      assert.equal(analysis.environment?.protected, true);
      assert.match(`${analysis.environment?.source} ${analysis.unverified.join(' ')}`, why);
    } finally {
      world.cleanup();
    }
  });
}

test('sudo without -u runs as root: root is the default user', async () => {
  const { world, ctx } = worldWithUser();
  try {
    const analysis = await psqlOf("sudo psql -c 'DROP TABLE orders'", Object.create(ctx, { env: { value: {} } }) as Context);
    assert.ok(analysis.blastRadius.some((line) => line.startsWith('connects to root@')), JSON.stringify(analysis.blastRadius));
  } finally {
    world.cleanup();
  }
});

test('the real binary: guard --dry-run sudo -u postgres psql connects as postgres', async () => {
  const sandbox = createSandbox('guard-sudo-user-');
  try {
    const run = await runGuard(['--dry-run', '--json', '--offline', 'sudo', '-u', 'postgres', 'psql', '-c', 'DROP TABLE orders'], { sandbox });
    assert.equal(run.status, 77, describeRun(run));
    const report = JSON.parse(run.stdoutText) as { blastRadius: string[] };
    assert.ok(report.blastRadius.some((line) => line.startsWith('connects to postgres@')), JSON.stringify(report.blastRadius));
  } finally {
    sandbox.cleanup();
  }
});

for (const [line, login] of [
  ["sudo -i -u dbadmin psql -c 'DROP TABLE orders'", true],
  ["sudo --login -u dbadmin psql -c 'DROP TABLE orders'", true],
  ["su - dbadmin -c 'psql -c \"DROP TABLE orders\"'", true],
  ["su -l dbadmin -c 'psql -c \"DROP TABLE orders\"'", true],
  ["su dbadmin -c 'psql -c \"DROP TABLE orders\"'", false],
  ["sudo -u dbadmin psql -c 'DROP TABLE orders'", false],
] as const) {
  test(`a login shell's profile may set the connection: ${line} is ${login ? 'unresolved' : 'resolved'}`, async () => {
    const { world, ctx } = worldWithUser();
    try {
      // No service named: libpq's defaults would be the local socket.
      const analysis = await psqlOf(line, Object.create(ctx, { env: { value: {} } }) as Context);
      if (login) {
        assert.equal(analysis.environment?.name, 'unknown', JSON.stringify(analysis.environment));
        assert.match(analysis.environment?.source ?? '', /it runs in dbadmin's login shell, whose profile files .* may set where it connects/);
      } else {
        assert.equal(analysis.environment?.name, 'local', JSON.stringify(analysis.environment));
      }
    } finally {
      world.cleanup();
    }
  });
}

test('mysql under sudo -u: the target user is the default user, as sudo sets USER', async () => {
  const { world, ctx } = worldWithUser();
  try {
    const result = await assessShellLine("sudo -u '#1042' mysql -e 'DROP TABLE orders'", Object.create(ctx, { env: { value: { USER: 'root' } } }) as Context);
    const mysql = result.commands.find((entry) => entry.command.argv[0] === 'mysql');
    assert.ok(mysql?.assessment.analysis.blastRadius.some((line) => line.startsWith('connects to dbadmin@')), JSON.stringify(mysql?.assessment.analysis.blastRadius));
  } finally {
    world.cleanup();
  }
});
