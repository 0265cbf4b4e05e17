// moto_server (a real AWS emulator) on a private loopback port, for the aws family's live tests.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { RunningService, TestService } from './registry.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

async function waitUntilUp(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`moto_server did not answer at ${url}`);
}

export const motoService: TestService = {
  name: 'moto',
  marker: 'GUARD_TEST_MOTO_URL',
  unavailable() {
    if (!onPath('moto_server')) return 'moto_server is not installed (pip install "moto[server]")';
    if (!onPath('aws')) return 'the aws CLI is not installed (pip install awscli)';
    return null;
  },
  async start(): Promise<RunningService> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Its own process group, so that stop() ends the server and the pyenv shim in front of it, and nothing else.
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: 'ignore' });
    const stop = async () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    };
    try {
      await waitUntilUp(url, Date.now() + 60_000);
    } catch (error) {
      await stop();
      throw error;
    }
    return { env: { GUARD_TEST_MOTO_URL: url }, stop };
  },
};
