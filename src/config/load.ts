// Finds and reads the user's and the project's configuration; bad config is a ConfigError (exit 78).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { strictestDecision, type Decision } from '../core/risk.js';
import { CONFIG_SCHEMA } from './schema.js';
import type { ConfigLayer, GuardConfig, PolicyConfig, SnapshotRequirement, SnapshotsConfig } from './types.js';
import { validate } from './validate.js';

export const PROJECT_CONFIG_FILE = 'guard.config.json';
export const USER_CONFIG_FILE = 'config.json';

export { guardDirectory } from './guard-directory.js';

export function readLayer(file: string): ConfigLayer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, '', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', `is not valid JSON: ${(error as Error).message}`);
  }
  const problem = validate(value, CONFIG_SCHEMA);
  if (problem) throw new ConfigError(file, problem.path, problem.message);
  const data = value as { environments?: ConfigLayer['environments']; policy?: PolicyConfig; snapshots?: SnapshotsConfig };
  return { file, environments: data.environments ?? {}, policy: data.policy ?? {}, ...(data.snapshots ? { snapshots: data.snapshots } : {}) };
}

/** guard.config.json in the working directory or the nearest parent that has one. */
export function findProjectConfig(cwd: string): string | null {
  let dir = cwd;
  for (;;) {
    const candidate = join(dir, PROJECT_CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function mergePolicies(...policies: PolicyConfig[]): PolicyConfig {
  const rules: Record<string, Decision> = {};
  const protectedEnvironments = new Set<string>();
  let writeInProtected: 'allow' | 'confirm' = 'allow';
  let allRowsPercent: number | undefined;
  for (const policy of policies) {
    if (policy.writeInProtected === 'confirm') writeInProtected = 'confirm';
    for (const [id, decision] of Object.entries(policy.rules ?? {})) {
      rules[id] = strictestDecision(rules[id] ?? 'allow', decision);
    }
    for (const name of policy.protectedEnvironments ?? []) protectedEnvironments.add(name);
    // A lower share makes more statements destructive: the strictest file wins.
    if (policy.allRowsPercent !== undefined) allRowsPercent = Math.min(allRowsPercent ?? 100, policy.allRowsPercent);
  }
  return { writeInProtected, rules, protectedEnvironments: [...protectedEnvironments], ...(allRowsPercent !== undefined ? { allRowsPercent } : {}) };
}

const REQUIREMENT_RANK: Readonly<Record<SnapshotRequirement, number>> = { off: 0, offer: 1, required: 2 };

function stricterRequirement(a: SnapshotRequirement | undefined, b: SnapshotRequirement | undefined): SnapshotRequirement | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return REQUIREMENT_RANK[b] > REQUIREMENT_RANK[a] ? b : a;
}

/**
 * The project file is editable by an agent: it may raise when snapshots are taken and lower the
 * size above which guard asks, never say where they go (a directory on the volume it is about to
 * delete) or shorten how long they are kept.
 */
export function mergeSnapshots(user: SnapshotsConfig, project: SnapshotsConfig): SnapshotsConfig {
  const merged: Record<string, unknown> = { ...user };
  const protectedLevel = stricterRequirement(user.protected, project.protected);
  const unprotectedLevel = stricterRequirement(user.unprotected, project.unprotected);
  if (protectedLevel) merged.protected = protectedLevel;
  if (unprotectedLevel) merged.unprotected = unprotectedLevel;
  if (project.maxBytes !== undefined) merged.maxBytes = Math.min(user.maxBytes ?? Number.MAX_SAFE_INTEGER, project.maxBytes);
  return merged as SnapshotsConfig;
}

export function loadConfig(guardDir: string, cwd: string): GuardConfig {
  const userFile = join(guardDir, USER_CONFIG_FILE);
  const user = existsSync(userFile) ? readLayer(userFile) : null;
  const projectFile = findProjectConfig(cwd);
  const project = projectFile ? readLayer(projectFile) : null;
  return {
    user,
    project,
    policy: mergePolicies(user?.policy ?? {}, project?.policy ?? {}),
    snapshots: mergeSnapshots(user?.snapshots ?? {}, project?.snapshots ?? {}),
  };
}
