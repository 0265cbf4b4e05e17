// Defers loading the live inspector (and the `pg` driver) until a look-up actually happens.
import type { PostgresInspector } from './model.js';

export function createLazyPostgresInspector(): PostgresInspector {
  return {
    async inspect(connection, requests, options) {
      const { createPostgresInspector } = await import('./inspect.js');
      return createPostgresInspector().inspect(connection, requests, options);
    },
  };
}
