// A test file's handle on a once-per-run service: the run's instance, or one of its own when run alone.
import { after } from 'node:test';
import type { TestService } from './registry.js';

export interface ServiceHandle {
  /** The service's variables, or null with `skipReason` set when it cannot run here. */
  readonly env: Readonly<Record<string, string>> | null;
  readonly skipReason: string | null;
}

/**
 * Call at the top level of a test file (`const redis = await useService(redisService)`).
 * When scripts/run-tests.mjs started the service, its variables are in process.env already.
 */
export async function useService(service: TestService): Promise<ServiceHandle> {
  if (process.env[service.marker] !== undefined) {
    return { env: process.env as Readonly<Record<string, string>>, skipReason: null };
  }
  const reason = service.unavailable();
  if (reason !== null) return { env: null, skipReason: `${service.name}: ${reason}` };
  const running = await service.start();
  after(() => running.stop());
  return { env: running.env, skipReason: null };
}
