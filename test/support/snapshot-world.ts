// A real PostgreSQL and a guard sandbox with its own snapshot store, for the snapshot tests.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startTestPostgres, type TestPostgres } from './postgres-server.js';
import { createSandbox, runGuard, type GuardResult, type GuardSandbox } from './run-guard.js';

export interface SnapshotWorld {
  readonly pg: TestPostgres;
  readonly sandbox: GuardSandbox;
  /** $XDG_DATA_HOME/guard/snapshots inside the sandbox. */
  readonly store: string;
  /** A fresh database with public.orders (rows 1..rows, a note each) and public.order_items referencing it. */
  freshDatabase(rows?: number): Promise<string>;
  guard(args: readonly string[], db: string, env?: Record<string, string | undefined>, pathPrefix?: readonly string[]): Promise<GuardResult>;
  /** The same, run in another working directory (a project with its own guard.config.json). */
  guardIn(cwd: string, args: readonly string[], db: string): Promise<GuardResult>;
  /** `guard snapshots list --json`, parsed. */
  list(db: string): Promise<SnapshotListEntry[]>;
  /** count(*) and sum(id) of a table, or null when it does not exist. */
  fingerprint(db: string, table: string): Promise<string | null>;
  stop(): Promise<void>;
}

export interface SnapshotListEntry {
  readonly id: string;
  readonly tool: string;
  readonly environment: string;
  readonly targets: readonly string[];
  readonly path: string;
  readonly bytes: number;
  readonly createdAt: string;
  readonly verified: boolean;
  readonly restore: string;
}

export async function startSnapshotWorld(prefix: string): Promise<SnapshotWorld> {
  const pg = await startTestPostgres();
  const sandbox = createSandbox(prefix);
  const dataHome = join(sandbox.dir, 'data');
  let databases = 0;
  const guard = (args: readonly string[], db: string, env: Record<string, string | undefined> = {}, pathPrefix: readonly string[] = [pg.binDir], cwd?: string) =>
    runGuard(args, { sandbox, pathPrefix, env: { ...pg.env, PGDATABASE: db, PGCONNECT_TIMEOUT: '5', XDG_DATA_HOME: dataHome, ...env }, timeoutMs: 90_000, ...(cwd ? { cwd } : {}) });
  return {
    pg,
    sandbox,
    store: join(dataHome, 'guard', 'snapshots'),
    async freshDatabase(rows = 40) {
      const db = `snap_${process.pid}_${++databases}`;
      await pg.psql(`CREATE DATABASE ${db};`);
      await pg.psql(
        `CREATE TABLE public.orders (id integer PRIMARY KEY, note text NOT NULL);
         INSERT INTO public.orders SELECT g, 'order ' || g || E' with a\\nnewline and a tab\\t' FROM generate_series(1, ${rows}) g;
         CREATE TABLE public.order_items (id serial PRIMARY KEY, order_id integer NOT NULL REFERENCES public.orders (id));
         INSERT INTO public.order_items (order_id) SELECT g FROM generate_series(1, ${rows}) g WHERE g % 2 = 0;
         ANALYZE;`,
        db,
      );
      return db;
    },
    guard,
    guardIn: (cwd, args, db) => guard(args, db, {}, [pg.binDir], cwd),
    async list(db) {
      const run = await guard(['snapshots', 'list', '--json'], db);
      if (run.status !== 0) throw new Error(`guard snapshots list --json: ${run.stderrText}`);
      return JSON.parse(run.stdoutText) as SnapshotListEntry[];
    },
    async fingerprint(db, table) {
      const exists = await pg.psql(`SELECT to_regclass('public.${table}') IS NOT NULL;`, db);
      if (exists !== 't') return null;
      return pg.psql(`SELECT count(*) || '/' || coalesce(sum(id), 0) || '/' || coalesce(md5(string_agg(id::text || note, ',' ORDER BY id)), '') FROM public.${table};`, db);
    },
    async stop() {
      await pg.stop();
      sandbox.cleanup();
    },
  };
}

/** Every file and directory under a snapshot directory with its mode (`0600`, `0700`). */
export function modesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8).padStart(4, '0') };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out[entry.name] = (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
    if (entry.isDirectory()) for (const [name, mode] of Object.entries(modesUnder(path))) if (name !== '.') out[`${entry.name}/${name}`] = mode;
  }
  return out;
}
