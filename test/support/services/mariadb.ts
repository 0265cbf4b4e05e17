// The once-per-run MariaDB service: seeded databases shop and app on a private socket.
import { join } from 'node:path';
import { mariadbUnavailable, startTestMariadb } from '../mariadb-server.js';
import type { TestService } from './registry.js';

export const mariadbService: TestService = {
  name: 'mariadb',
  marker: 'GUARD_TEST_MARIADB_SOCKET',
  unavailable: mariadbUnavailable,
  async start() {
    const server = await startTestMariadb(join(process.cwd(), 'test', 'support', 'mariadb-seed.sql'));
    return { env: { GUARD_TEST_MARIADB_SOCKET: server.socket }, stop: () => server.stop() };
  },
};
