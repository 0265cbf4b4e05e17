// The catalogue: every wrapped program by family, sorted. Adding a tool is one line here.
import type { AnyTool, FamilyDocs } from './tool.js';

/**
 * A family's programs are listed here so that looking a command up loads only its own
 * family's code (guard runs before every command); the conformance test checks that each
 * list matches what the family's module exports.
 */
interface CatalogueEntry {
  readonly family: string;
  readonly programs: readonly string[];
  /**
   * False for programs guard reads but does not put on PATH or into shell functions: the script
   * runners (node, python3) run guard itself and every tool's own scripts; the hook, the prefix
   * and scan read what they run.
   */
  readonly wrapOnPath?: false;
  load(): Promise<readonly AnyTool[]>;
  /** Its page in docs/tools/ (src/tools/<family>/docs.ts); only the docs generator loads it. */
  docs(): Promise<FamilyDocs>;
}

const docsOf = (module: Promise<{ FAMILY_DOCS: FamilyDocs }>) => module.then((loaded) => loaded.FAMILY_DOCS);

export const CATALOGUE: readonly CatalogueEntry[] = [
  { family: 'aws', programs: ['aws'], load: async () => (await import('./aws/index.js')).awsTools, docs: () => docsOf(import('./aws/docs.js')) },
  { family: 'azure', programs: ['az'], load: async () => (await import('./azure/index.js')).azureTools, docs: () => docsOf(import('./azure/docs.js')) },
  { family: 'code', programs: ['deno', 'node', 'python', 'python3', 'ts-node', 'tsx'], wrapOnPath: false, load: async () => (await import('./code/index.js')).codeTools, docs: () => docsOf(import('./code/docs.js')) },
  { family: 'docker', programs: ['docker', 'docker-compose'], load: async () => (await import('./docker/index.js')).dockerTools, docs: () => docsOf(import('./docker/docs.js')) },
  { family: 'doctl', programs: ['doctl'], load: async () => (await import('./doctl/index.js')).doctlTools, docs: () => docsOf(import('./doctl/docs.js')) },
  { family: 'fly', programs: ['fly', 'flyctl'], load: async () => (await import('./fly/index.js')).flyTools, docs: () => docsOf(import('./fly/docs.js')) },
  { family: 'gcloud', programs: ['gcloud', 'gsutil'], load: async () => (await import('./gcloud/index.js')).gcloudTools, docs: () => docsOf(import('./gcloud/docs.js')) },
  { family: 'heroku', programs: ['heroku'], load: async () => (await import('./heroku/index.js')).herokuTools, docs: () => docsOf(import('./heroku/docs.js')) },
  { family: 'http', programs: ['curl', 'http', 'https', 'wget'], load: async () => (await import('./http/index.js')).httpTools, docs: () => docsOf(import('./http/docs.js')) },
  { family: 'kubernetes', programs: ['helm', 'kubectl'], load: async () => (await import('./kubernetes/index.js')).kubernetesTools, docs: () => docsOf(import('./kubernetes/docs.js')) },
  {
    family: 'migrations',
    programs: ['alembic', 'atlas', 'dbmate', 'django-admin', 'drizzle-kit', 'flyway', 'goose', 'knex', 'liquibase', 'manage.py', 'migrate', 'prisma', 'rails', 'rake', 'sequelize', 'sequelize-cli', 'sqitch', 'typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'],
    load: async () => (await import('./migrations/index.js')).migrationTools,
    docs: () => docsOf(import('./migrations/docs.js')),
  },
  { family: 'mongosh', programs: ['mongosh'], load: async () => (await import('./mongosh/index.js')).mongoshTools, docs: () => docsOf(import('./mongosh/docs.js')) },
  {
    family: 'mysql',
    programs: ['mariadb', 'mariadb-admin', 'mariadb-dump', 'mysql', 'mysqladmin', 'mysqldump'],
    load: async () => (await import('./mysql/index.js')).mysqlTools,
    docs: () => docsOf(import('./mysql/docs.js')),
  },
  {
    family: 'postgres',
    programs: ['clusterdb', 'createdb', 'dropdb', 'dropuser', 'pg_dump', 'pg_dumpall', 'pg_isready', 'pg_restore', 'psql', 'reindexdb', 'vacuumdb'],
    load: async () => (await import('./postgres/index.js')).postgresTools,
    docs: () => docsOf(import('./postgres/docs.js')),
  },
  { family: 'pulumi', programs: ['pulumi'], load: async () => (await import('./pulumi/index.js')).pulumiTools, docs: () => docsOf(import('./pulumi/docs.js')) },
  { family: 'railway', programs: ['railway'], load: async () => (await import('./railway/index.js')).railwayTools, docs: () => docsOf(import('./railway/docs.js')) },
  { family: 'redis', programs: ['redis-cli'], load: async () => (await import('./redis/index.js')).redisTools, docs: () => docsOf(import('./redis/docs.js')) },
  { family: 'supabase', programs: ['supabase'], load: async () => (await import('./supabase/index.js')).supabaseTools, docs: () => docsOf(import('./supabase/docs.js')) },
  { family: 'terraform', programs: ['terraform', 'tofu'], load: async () => (await import('./terraform/index.js')).terraformTools, docs: () => docsOf(import('./terraform/docs.js')) },
  { family: 'vercel', programs: ['vercel'], load: async () => (await import('./vercel/index.js')).vercelTools, docs: () => docsOf(import('./vercel/docs.js')) },
];

// Plain comparison: localeCompare would load ICU (~15 ms) on every run.
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every catalogued program name, sorted (for shims, shell functions, docs). */
export const PROGRAMS: readonly string[] = CATALOGUE.flatMap((entry) => entry.programs).sort(byName);

/** The programs shims and shell functions wrap: every catalogued program except the script runners. */
export const WRAPPED_PROGRAMS: readonly string[] = CATALOGUE.filter((entry) => entry.wrapOnPath !== false).flatMap((entry) => entry.programs).sort(byName);

/** The catalogue entry for a command as typed (`psql`, `/usr/bin/psql`), or null. */
export async function findTool(command: string): Promise<AnyTool | null> {
  const base = command.slice(command.lastIndexOf('/') + 1);
  const entry = CATALOGUE.find((candidate) => candidate.programs.includes(base));
  if (!entry) return null;
  return (await entry.load()).find((tool) => tool.name === base) ?? null;
}

/** Every tool, loaded, sorted by name (for `guard rules`, docs and the conformance test). */
export async function loadAllTools(): Promise<readonly AnyTool[]> {
  const families = await Promise.all(CATALOGUE.map((entry) => entry.load()));
  return families.flat().sort((a, b) => byName(a.name, b.name));
}
