// Snapshots kept in S3: uploaded and fetched back with the user's own aws CLI (`aws s3 cp`).
import type { Context } from '../core/context.js';
import { SnapshotError } from './model.js';

/** Uploads and downloads are bounded, but generously: a dump of a large table takes time. */
const TRANSFER_TIMEOUT_MS = 60 * 60 * 1000;

/** `s3://bucket/prefix` → its parts; throws on anything else. */
export function parseS3Location(location: string): { bucket: string; prefix: string } {
  if (!location.startsWith('s3://')) throw new SnapshotError(`snapshots.s3 must be s3://bucket/prefix, found ${location}`);
  const rest = location.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new SnapshotError(`snapshots.s3: ${bucket} is not an S3 bucket name`);
  return { bucket, prefix };
}

/** Where one snapshot lives in S3. */
export function s3SnapshotUrl(location: string, id: string): string {
  const { bucket, prefix } = parseS3Location(location);
  return `s3://${bucket}/${prefix ? `${prefix}/` : ''}${id}`;
}

async function aws(args: readonly string[], ctx: Context, what: string): Promise<void> {
  const file = ctx.which('aws');
  if (!file) throw new SnapshotError(`${what}: the aws CLI is not on PATH`);
  const result = await ctx.subprocess.run(file, args, { cwd: ctx.cwd, env: ctx.env, timeoutMs: TRANSFER_TIMEOUT_MS, maxOutputBytes: 4 * 1024 * 1024 });
  if (result.status !== 0) {
    const detail = result.timedOut ? 'timed out' : (result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`);
    throw new SnapshotError(`${what} failed: ${detail}`);
  }
}

/** Copies the snapshot's files (not its local manifest) to S3. */
export async function uploadSnapshot(dir: string, url: string, files: readonly string[], ctx: Context): Promise<void> {
  for (const file of files) await aws(['s3', 'cp', '--only-show-errors', `${dir}/${file}`, `${url}/${file}`], ctx, `uploading ${file} to ${url}`);
}

/** Fetches the snapshot's files from S3 into `dir`. */
export async function downloadSnapshot(url: string, dir: string, files: readonly string[], ctx: Context): Promise<void> {
  for (const file of files) await aws(['s3', 'cp', '--only-show-errors', `${url}/${file}`, `${dir}/${file}`], ctx, `downloading ${file} from ${url}`);
}

export async function deleteRemoteSnapshot(url: string, ctx: Context): Promise<void> {
  await aws(['s3', 'rm', '--only-show-errors', '--recursive', `${url}/`], ctx, `deleting ${url}`);
}
