// The once-per-run Redis service: known keys in db 0 and db 3, on a private Unix socket.
import { redisUnavailable, startTestRedis } from '../redis-server.js';
import type { TestService } from './registry.js';

export const redisService: TestService = {
  name: 'redis',
  marker: 'GUARD_TEST_REDIS_SOCKET',
  unavailable: redisUnavailable,
  async start() {
    const server = await startTestRedis();
    return { env: { GUARD_TEST_REDIS_SOCKET: server.socket }, stop: () => server.stop() };
  },
};
