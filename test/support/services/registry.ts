// Test services started once per run by scripts/run-tests.mjs (MariaDB, Redis, moto…): one entry each.
//
// A service's `start` returns the environment variables that describe it (sockets, ports, URLs).
// run-tests starts every registered service before the test files run and hands those variables
// to them; a test file run on its own (node --test dist/test/…) starts the service itself through
// `useService`, so both ways test the same thing.

export interface RunningService {
  /** Variables the tests read: `GUARD_TEST_<SERVICE>_…`. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export interface TestService {
  readonly name: string;
  /** The variable whose presence says the service is already running for this run. */
  readonly marker: string;
  /** Why it cannot run here (a binary missing), or null; a skipped service is reported, not hidden. */
  unavailable(): string | null;
  start(): Promise<RunningService>;
}

/** Sorted by name; each line imports its own module so nothing loads that a run does not start. */
export const TEST_SERVICES: readonly (() => Promise<TestService>)[] = [
  async () => (await import('./mariadb.js')).mariadbService,
  async () => (await import('./moto.js')).motoService,
  async () => (await import('./redis.js')).redisService,
];
