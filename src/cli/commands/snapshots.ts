// `guard snapshots list|show|restore|prune`: the snapshots taken before destructive runs, checked, restored, pruned.
import type { Context } from '../../core/context.js';
import { MAX_TRIES, promptsDisabled } from '../../core/confirm.js';
import { isProtectedEnvironment } from '../../core/environment.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { quoteForDisplay } from '../../core/quote.js';
import { formatBytes, plural } from '../../core/report.js';
import type { SnapshotManifest } from '../../snapshots/model.js';
import { createProcessContext } from '../context.js';
import type { RegisterCommand } from './types.js';

async function engine() {
  const [store, snapshots] = await Promise.all([import('../../snapshots/store.js'), import('../../snapshots/engine.js')]);
  return { store, snapshots };
}

async function storeOf(ctx: Context) {
  const { store } = await engine();
  return store.storeRoot(ctx.config.snapshots, ctx.env, ctx.home, ctx.cwd);
}

/** The fields `guard snapshots list --json` promises (issue 18), in that order. */
export function listEntry(manifest: SnapshotManifest) {
  return {
    id: manifest.id,
    tool: manifest.tool,
    environment: manifest.environment,
    targets: manifest.targets,
    path: manifest.path,
    bytes: manifest.bytes,
    createdAt: manifest.createdAt,
    verified: manifest.verified,
    restore: manifest.restore,
  };
}

async function list(ctx: Context, json: boolean): Promise<number> {
  const { store } = await engine();
  const root = await storeOf(ctx);
  const stored = store.listStored(root);
  const good = stored.flatMap((s) => (s.manifest ? [s.manifest] : []));
  if (json) {
    ctx.stdout.write(`${JSON.stringify(good.map(listEntry), null, 2)}\n`);
  } else if (stored.length === 0) {
    ctx.stdout.write(`no snapshots in ${store.displayPath(root, ctx.home)}\n`);
  } else {
    for (const m of good) {
      ctx.stdout.write(`${m.id}  ${m.createdAt}  ${m.tool} in ${m.environment}  ${m.targets.join(', ')}  ${formatBytes(m.bytes)}  ${m.verified ? 'verified' : 'NOT verified'}\n    ${m.path.startsWith('s3://') ? m.path : store.displayPath(m.path, ctx.home)}\n    restore: ${m.restore}\n`);
    }
  }
  for (const broken of stored.filter((s) => !s.manifest)) ctx.stderr.write(`guard: ${broken.problem}\n`);
  return EXIT.ok;
}

async function show(ctx: Context, id: string, json: boolean): Promise<number> {
  const { store, snapshots } = await engine();
  const stored = store.findStored(await storeOf(ctx), id);
  const check = await snapshots.checkSnapshot(stored, ctx);
  const manifest = stored.manifest;
  if (json) {
    ctx.stdout.write(`${JSON.stringify({ ...(manifest ? listEntry(manifest) : { id }), family: manifest?.family, command: manifest?.command, checksums: manifest?.checksums, ok: check.ok, intact: check.intact, checks: check.checks }, null, 2)}\n`);
  } else if (manifest) {
    const lines = [
      `snapshot    ${manifest.id}  (${manifest.family}, ${manifest.verified ? 'verified when taken' : 'never verified'})`,
      `taken       ${manifest.createdAt} before: ${manifest.command.map(quoteForDisplay).join(' ')}`,
      `environment ${manifest.environment}`,
      `holds       ${manifest.targets.join(', ')}  ${formatBytes(manifest.bytes)}`,
      `path        ${manifest.path}`,
      ...Object.entries(manifest.checksums).map(([file, sum]) => `file        ${file}  sha256 ${sum}`),
      ...check.checks.map((line) => `check       ${line}`),
      `restore     ${manifest.restore}`,
    ];
    ctx.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!check.ok) {
    ctx.stderr.write(`guard: snapshot ${manifest?.id ?? id} ${check.intact ? 'does not verify' : 'is corrupted'}: ${check.checks.join('; ')}\n`);
    return 1;
  }
  return EXIT.ok;
}

/** The phrase a restore into a protected environment needs: `<environment>/<first target's short name>`. */
export function restorePhrase(manifest: SnapshotManifest): string {
  const first = (manifest.targets[0] ?? manifest.id).replace(/ \((database|schema)\)$/, '');
  const short = first.split('.').pop() ?? first;
  return `${manifest.environment}/${short}`;
}

/** A restore writes into that environment: a protected one asks for the phrase, like a destructive run. */
async function confirmRestore(manifest: SnapshotManifest, given: string | undefined, ctx: Context): Promise<string | null> {
  if (!isProtectedEnvironment(manifest.environment, ctx.config)) return null;
  const phrase = restorePhrase(manifest);
  if (ctx.agent) return `guard: refused (exit 77): restoring writes into ${manifest.environment}, a protected environment. Stop and ask the user; a human must run this restore.`;
  if (given !== undefined) return given === phrase ? null : `guard: refused (exit 77): the confirmation '${given}' does not match (restoring into ${manifest.environment} needs '${phrase}').`;
  const terminal = promptsDisabled(ctx.env) ? null : await ctx.openTerminal();
  if (!terminal) return `guard: refused (exit 77): restoring writes into ${manifest.environment}, a protected environment; re-run it as\n  guard snapshots restore ${manifest.id} --confirm ${phrase}`;
  try {
    let wrong = 0;
    const answer = await terminal.ask(`Type ${phrase} to restore ${manifest.targets.join(', ')} into ${manifest.environment}, or press Enter to cancel:`, (value) => {
      const text = value.trim();
      if (text === '' || text === phrase || ++wrong >= MAX_TRIES) return true;
      return `that does not match ${phrase}`;
    });
    return answer?.trim() === phrase ? null : 'guard: cancelled (exit 77).';
  } finally {
    terminal.close();
  }
}

async function restore(ctx: Context, id: string, given: string | undefined): Promise<number> {
  const { store, snapshots } = await engine();
  const stored = store.findStored(await storeOf(ctx), id);
  const manifest = stored.manifest;
  if (!manifest) throw new UsageError(stored.problem ?? `snapshot ${id} has no manifest`);
  ctx.stderr.write(`guard: restoring snapshot ${manifest.id}: ${manifest.targets.join(', ')} into ${manifest.environment} (${manifest.family})\n`);
  const refusal = await confirmRestore(manifest, given, ctx);
  const record = (outcome: string, status: number) => {
    try {
      ctx.audit.append({ time: ctx.now().toISOString(), cwd: ctx.cwd, argv: ['guard', 'snapshots', 'restore', manifest.id], tool: 'guard snapshots', risk: 'write', environment: manifest.environment, targets: manifest.targets.map((t) => `${manifest.environment}/${t}`), rules: [], decision: refusal ? 'confirm' : 'allow', outcome, exitStatus: status, agent: ctx.agent, snapshot: { id: manifest.id, checksum: store.snapshotDigest(manifest.checksums) } });
    } catch (error) {
      ctx.stderr.write(`guard: could not write the audit log: ${(error as Error).message}\n`);
    }
  };
  if (refusal) {
    ctx.stderr.write(`${refusal}\n`);
    record('refused', EXIT.refused);
    return EXIT.refused;
  }
  try {
    await snapshots.restoreStored(stored, ctx);
  } catch (error) {
    ctx.stderr.write(`guard: restore failed: ${(error as Error).message}\n`);
    record('restore-failed', EXIT.refused);
    return EXIT.refused;
  }
  record('restored', EXIT.ok);
  ctx.stderr.write(`guard: restored ${manifest.targets.join(', ')} from snapshot ${manifest.id}\n`);
  return EXIT.ok;
}

const DEFAULT_MAX_AGE_DAYS = 30;
const DEFAULT_MAX_TOTAL_BYTES = 10_000_000_000;

async function prune(ctx: Context, dryRun: boolean): Promise<number> {
  const { store } = await engine();
  const { deleteRemoteSnapshot } = await import('../../snapshots/s3.js');
  const settings = ctx.config.snapshots;
  const maxAgeDays = settings?.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  const maxTotal = settings?.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const cutoff = ctx.now().getTime() - maxAgeDays * 86_400_000;
  const kept = store.listStored(await storeOf(ctx)).flatMap((s) => (s.manifest ? [{ dir: s.dir, manifest: s.manifest }] : []));
  const doomed: { dir: string; manifest: SnapshotManifest; why: string }[] = [];
  // Newest first: the newest snapshots are kept within the total size; anything too old goes.
  let total = 0;
  for (const entry of [...kept].reverse()) {
    const age = Date.parse(entry.manifest.createdAt);
    if (!Number.isFinite(age) || age < cutoff) doomed.push({ ...entry, why: `older than ${maxAgeDays} days` });
    else if (total + entry.manifest.bytes > maxTotal) doomed.push({ ...entry, why: `over the total of ${formatBytes(maxTotal)}` });
    else total += entry.manifest.bytes;
  }
  for (const entry of doomed) {
    ctx.stdout.write(`${dryRun ? 'would delete' : 'deleted'} ${entry.manifest.id} (${entry.manifest.targets.join(', ')}, ${formatBytes(entry.manifest.bytes)}): ${entry.why}\n`);
    if (dryRun) continue;
    if (entry.manifest.path.startsWith('s3://')) await deleteRemoteSnapshot(entry.manifest.path, ctx);
    store.removeSnapshotDirectory(entry.dir);
  }
  if (doomed.length === 0) ctx.stdout.write(`nothing to prune: ${plural(kept.length, 'snapshot')}, ${formatBytes(total)}, none older than ${maxAgeDays} days\n`);
  return EXIT.ok;
}

/** A snapshot that is missing, ambiguous or unreadable is a plain message and exit 1, never an internal error. */
async function answered(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if ((error as Error).name !== 'SnapshotError') throw error;
    process.stderr.write(`guard: ${(error as Error).message}\n`);
    return 1;
  }
}

export const registerSnapshotsCommand: RegisterCommand = (program, env) => {
  const context = () => createProcessContext({ offline: false, guardBinary: env.guardBinary });
  const snapshots = program.command('snapshots').description('list, check, restore and prune the snapshots guard took before destructive runs');
  snapshots
    .command('list')
    .description('every snapshot in the store, oldest first')
    .option('--json', 'a JSON array: id, tool, environment, targets, path, bytes, createdAt, verified, restore')
    .action(async (options: { json?: boolean }) => env.setStatus(await answered(() => list(context(), Boolean(options.json)))));
  snapshots
    .command('show <id>')
    .description("one snapshot's manifest, with its checksums and contents checked again")
    .option('--json', 'print it as JSON')
    .action(async (id: string, options: { json?: boolean }) => env.setStatus(await answered(() => show(context(), id, Boolean(options.json)))));
  snapshots
    .command('restore <id>')
    .description('put a snapshot back; a protected environment asks for the phrase, like any destructive run')
    .option('--confirm <phrase>', 'the typed confirmation, for non-interactive restores')
    .action(async (id: string, options: { confirm?: string }) => env.setStatus(await answered(() => restore(context(), id, options.confirm ?? process.env.GUARD_CONFIRM))));
  snapshots
    .command('prune')
    .description('delete snapshots older than snapshots.maxAgeDays or beyond snapshots.maxTotalBytes')
    .option('--dry-run', 'say what would be deleted, delete nothing')
    .action(async (options: { dryRun?: boolean }) => env.setStatus(await answered(() => prune(context(), Boolean(options.dryRun)))));
};
