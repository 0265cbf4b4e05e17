// Writes src/tools/redis/commands.generated.ts from COMMAND of a real redis-server (started here, private socket).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandTableFromReply, renderCommandModule } from '../src/tools/redis/command-table.js';
import { startTestRedis } from '../test/support/redis-server.js';

const server = await startTestRedis();
try {
  const reply = spawnSync('redis-cli', ['-s', server.socket, '--json', 'COMMAND'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const version = /redis_version:(\S+)/.exec(server.cli('INFO', 'server'))?.[1] ?? 'unknown';
  const table = commandTableFromReply(JSON.parse(reply.stdout));
  const target = join(process.cwd(), 'src', 'tools', 'redis', 'commands.generated.ts');
  writeFileSync(target, renderCommandModule(table, version));
  console.log(`wrote ${target}: ${Object.keys(table).length} commands from redis-server ${version}`);
} finally {
  await server.stop();
}
