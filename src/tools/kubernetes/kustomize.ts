// `kubectl delete -k DIR`: what the kustomization renders to, read with `kubectl kustomize DIR` (local and read-only).
import { offlineCause, type Context } from '../../core/context.js';
import { parseDocuments, type ManifestObject, type ManifestRead } from './manifests.js';

const TIMEOUT_MS = 15_000;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/**
 * Renders each kustomization the way kubectl will (kubectl's built-in kustomize, same working directory).
 * Offline nothing runs, and what could not be rendered is a problem: the caller leaves it unverified.
 */
export async function renderKustomizations(dirs: readonly string[], ctx: Context): Promise<ManifestRead> {
  const objects: ManifestObject[] = [];
  const problems: string[] = [];
  for (const dir of dirs) {
    if (ctx.offline) {
      problems.push(`what kustomization ${dir} renders to (${offlineCause(ctx)}: guard did not run kubectl kustomize)`);
      continue;
    }
    const result = await ctx.subprocess.run('kubectl', ['kustomize', dir], { cwd: ctx.cwd, env: ctx.env, timeoutMs: TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT_BYTES });
    if (result.status !== 0 || result.timedOut || result.truncated) {
      const why = result.timedOut ? 'timed out' : result.truncated ? 'rendered more than 8 MB' : (result.stderr.trim().split('\n').pop() ?? `exited with status ${result.status}`);
      problems.push(`could not render kustomization ${dir}: ${why}`);
      continue;
    }
    await parseDocuments(result.stdout, `kustomization ${dir}`, objects, problems);
  }
  return { objects, problems };
}
