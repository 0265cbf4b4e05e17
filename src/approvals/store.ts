// Pending requests and one-time, signed approvals as private files in <guardDir>/approvals/ (0600, atomic writes).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Approval, ApprovalKey, ApprovalStore, PendingRequest } from './model.js';
import { ensureSecret, readSecret, sign, verifySignature } from './secret.js';
import { nodeCrypto } from '../core/node-crypto.js';

/** How long a human's approval stays usable (issue 4: 15 minutes). */
export const APPROVAL_TTL_MS = 15 * 60 * 1000;
/** A request nobody approved is dropped after a day: the agent will ask again if it still wants it. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

const PENDING_PREFIX = 'pending-';
const APPROVED_PREFIX = 'approved-';

// The command may carry secrets (a password in argv, a token in a line): only its hash is
// written to disk. Matching needs equality, nothing more.
function storedKey(key: ApprovalKey): ApprovalKey {
  const command = key.command.startsWith('sha256:') ? key.command : `sha256:${nodeCrypto().createHash('sha256').update(key.command).digest('hex')}`;
  return { kind: key.kind, command, cwd: key.cwd, targets: [...key.targets].sort() };
}

function sameKey(a: ApprovalKey, b: ApprovalKey): boolean {
  return a.kind === b.kind && a.command === b.command && a.cwd === b.cwd && a.targets.length === b.targets.length && a.targets.every((t, i) => t === b.targets[i]);
}

function sameTargets(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/** The bytes the MAC covers: every field of the approval but the MAC and `used`, in a fixed order. */
function signedPayload(approval: Omit<Approval, 'mac' | 'used'>): string {
  const { id, requestId, approvedAt, expiresAt, key, liveTargets } = approval;
  return JSON.stringify(['guard-approval-v1', id, requestId, approvedAt, expiresAt, key.kind, key.command, key.cwd, [...key.targets], liveTargets === null ? null : [...liveTargets]]);
}

/** Dedupes pending requests: the same key always gets the same id. */
function requestId(key: ApprovalKey): string {
  return nodeCrypto().createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 10);
}

export function createApprovalStore(guardDir: string, now: () => Date): ApprovalStore {
  const dir = join(guardDir, 'approvals');
  const ensureDir = () => mkdirSync(dir, { recursive: true, mode: 0o700 });

  /** Write to a private temp file in the same directory, then rename: readers never see half a file. */
  const writeAtomic = (name: string, value: unknown) => {
    ensureDir();
    const temp = join(dir, `.${name}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, join(dir, name));
  };

  const readAll = <T>(prefix: string): { name: string; value: T }[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const out: { name: string; value: T }[] = [];
    for (const name of names.filter((n) => n.startsWith(prefix) && n.endsWith('.json')).sort()) {
      try {
        out.push({ name, value: JSON.parse(readFileSync(join(dir, name), 'utf8')) as T });
      } catch {
        // A damaged or foreign file is not a request; it is never trusted as an approval.
      }
    }
    return out;
  };

  const remove = (name: string) => rmSync(join(dir, name), { force: true });
  const age = (iso: string) => now().getTime() - Date.parse(iso);

  const livePending = () => {
    const live: PendingRequest[] = [];
    for (const { name, value } of readAll<PendingRequest>(PENDING_PREFIX)) {
      if (!value || typeof value.id !== 'string' || !(age(value.createdAt) < PENDING_TTL_MS)) remove(name);
      else live.push(value);
    }
    return live;
  };

  return {
    recordPending(request) {
      const key = storedKey(request.key);
      const id = requestId(key);
      const pending: PendingRequest = { ...request, key, id, createdAt: now().toISOString() };
      writeAtomic(`${PENDING_PREFIX}${id}.json`, pending);
      return pending;
    },

    listPending() {
      return livePending().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    approve(id, options = {}) {
      const request = livePending().find((p) => p.id === id);
      if (!request) throw new Error(`no pending request ${id}`);
      const secret = ensureSecret(guardDir);
      const at = now();
      const unsigned = {
        id: nodeCrypto().randomBytes(6).toString('hex'),
        requestId: id,
        approvedAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + APPROVAL_TTL_MS).toISOString(),
        key: storedKey(request.key),
        liveTargets: options.liveTargets ? [...options.liveTargets].sort() : null,
      };
      const approval: Approval = { ...unsigned, used: false, mac: sign(secret, signedPayload(unsigned)) };
      writeAtomic(`${APPROVED_PREFIX}${approval.id}.json`, approval);
      remove(`${PENDING_PREFIX}${id}.json`);
      return approval;
    },

    consume(key, options = {}) {
      const wanted = storedKey(key);
      // No key yet means no approval was ever made by `guard approve`: nothing can be valid.
      let secret: Buffer | null;
      try {
        secret = readSecret(guardDir);
      } catch {
        return null; // a key file that fails its checks signs nothing
      }
      if (!secret) return null;
      for (const { name, value } of readAll<Approval>(APPROVED_PREFIX)) {
        const expired = !value || typeof value.expiresAt !== 'string' || !(Date.parse(value.expiresAt) > now().getTime());
        if (expired || value.used) {
          remove(name);
          continue;
        }
        if (!value.key || typeof value.key.command !== 'string' || !Array.isArray(value.key.targets)) continue;
        const liveTargets = Array.isArray(value.liveTargets) ? value.liveTargets : null;
        // A file guard approve did not sign (forged, edited, copied from another key) approves nothing.
        if (!verifySignature(secret, signedPayload({ ...value, liveTargets }), value.mac)) continue;
        const matches = options.live && liveTargets
          ? sameKey({ ...value.key, targets: [] }, { ...wanted, targets: [] }) && sameTargets(liveTargets, wanted.targets)
          : sameKey(value.key, wanted);
        if (!matches) continue;
        // rename is atomic: of two retries racing for one approval, exactly one wins it.
        const claimed = `${name}.used-${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}`;
        try {
          renameSync(join(dir, name), join(dir, claimed));
        } catch {
          continue;
        }
        remove(claimed);
        return { ...value, used: true };
      }
      return null;
    },
  };
}
