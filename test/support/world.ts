// Builds a Context from an object literal (env, files, stdin, config) so tests create worlds, not mocks.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Context, HttpClient, Output, Terminal } from '../../src/core/context.js';
import { fetchHttpClient } from '../../src/core/http.js';
import { processSubprocessRunner } from '../../src/core/subprocess.js';
import { createApprovalStore } from '../../src/approvals/store.js';
import type { SubprocessRunner } from '../../src/core/context.js';
import type { ProcessInfo } from '../../src/core/processes.js';
import type { AuditRecord } from '../../src/core/audit.js';
import { spooledFile, type StdinSource } from '../../src/core/stdin.js';
import { EMPTY_CONFIG, type GuardConfig } from '../../src/config/types.js';
import type { InspectRequest, PostgresInspector } from '../../src/tools/postgres/model.js';
import { createLazyPostgresInspector } from '../../src/tools/postgres/inspector-lazy.js';

export interface WorldSpec {
  readonly env?: Record<string, string>;
  /** Files relative to the world's root directory (also its cwd and home). */
  readonly files?: Record<string, string | Buffer>;
  /** Bytes on stdin, or 'tty' for a terminal. Default: an empty pipe. */
  readonly stdin?: string | Buffer | 'tty';
  readonly offline?: boolean;
  readonly agent?: boolean;
  readonly config?: GuardConfig;
  /** Answers typed at the terminal, in order; a test fails on any prompt it did not expect. */
  readonly terminal?: readonly (string | null)[] | 'none';
  readonly postgres?: PostgresInspector;
  readonly http?: HttpClient;
  readonly subprocess?: SubprocessRunner;
  /** The process tree above guard, nearest first (default: a human's terminal, no agent). */
  readonly ancestry?: readonly ProcessInfo[];
}

export interface World {
  readonly ctx: Context;
  readonly root: string;
  readonly stderr: () => string;
  readonly stdout: () => string;
  readonly prompts: string[];
  /** Messages a prompt showed inline for answers it rejected. */
  readonly rejections: string[];
  readonly audited: AuditRecord[];
  readonly inspected: InspectRequest[][];
  readonly ran: { file: string; args: readonly string[] }[];
  cleanup(): void;
}

/** A human's terminal: a login shell under sshd. */
export const HUMAN_TREE: readonly ProcessInfo[] = [
  { pid: 4100, ppid: 4000, startTime: '900', name: 'bash', argv: ['-bash'] },
  { pid: 4000, ppid: 1, startTime: '800', name: 'sshd', argv: ['sshd: tester@pts/0'] },
];

/** An agent (claude) started from that terminal, running guard through sh -c. */
export const AGENT_TREE: readonly ProcessInfo[] = [
  { pid: 5200, ppid: 5100, startTime: '1200', name: 'sh', argv: ['/bin/sh', '-c', 'guard hook claude'] },
  { pid: 5100, ppid: 4100, startTime: '1100', name: 'claude', argv: ['claude'] },
  ...HUMAN_TREE,
];

function capture(): Output & { text: string } {
  const out = { text: '', isTTY: false, write(t: string) { out.text += t; } };
  return out;
}

export function buildWorld(spec: WorldSpec = {}): World {
  const root = mkdtempSync(join(tmpdir(), 'guard-world-'));
  for (const [path, content] of Object.entries(spec.files ?? {})) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const stdout = capture();
  const stderr = capture();
  const prompts: string[] = [];
  const rejections: string[] = [];
  const audited: AuditRecord[] = [];
  const inspected: InspectRequest[][] = [];
  const ran: { file: string; args: readonly string[] }[] = [];
  const answers = spec.terminal === 'none' || spec.terminal === undefined ? null : [...spec.terminal];
  const stdinSpec = spec.stdin ?? '';
  const spoolDirs: string[] = [];
  const stdin: StdinSource = {
    isTTY: stdinSpec === 'tty',
    closed: false,
    async spool() {
      const dir = mkdtempSync(join(tmpdir(), 'guard-world-stdin-'));
      spoolDirs.push(dir);
      writeFileSync(join(dir, 'stdin'), stdinSpec === 'tty' ? '' : stdinSpec);
      return spooledFile(join(dir, 'stdin'), dir);
    },
  };
  const inner = spec.postgres ?? createLazyPostgresInspector();
  const ctx: Context = {
    env: { PATH: process.env.PATH ?? '', USER: 'tester', ...spec.env },
    cwd: root,
    home: root,
    offline: spec.offline ?? true,
    agent: spec.agent ?? false,
    guardDir: join(root, '.guard'),
    config: spec.config ?? EMPTY_CONFIG,
    now: () => new Date('2026-11-25T12:00:00Z'),
    readFile: async (path) => (await import('node:fs/promises')).readFile(path),
    fileExists: (path) => existsSync(path),
    listDirectory: async (path) => (await import('node:fs/promises')).readdir(path),
    stdin,
    stdout,
    stderr,
    async openTerminal(): Promise<Terminal | null> {
      if (answers === null) return null;
      return {
        async ask(question, check) {
          prompts.push(question);
          // Like the real prompt: an answer `check` rejects is asked again in the same prompt.
          for (;;) {
            if (answers.length === 0) throw new Error(`unexpected prompt: ${question}`);
            const answer = answers.shift() ?? null;
            if (answer === null || !check) return answer;
            const verdict = check(answer);
            if (verdict === true) return answer;
            rejections.push(verdict);
          }
        },
        close() {},
      };
    },
    spinner: () => ({ stop() {} }),
    postgres: {
      inspect(connection, requests, options) {
        inspected.push([...requests]);
        return inner.inspect(connection, requests, options);
      },
    },
    http: spec.http ?? fetchHttpClient(),
    subprocess: spec.subprocess ?? processSubprocessRunner(),
    approvals: createApprovalStore(join(root, '.guard'), () => new Date('2026-11-25T12:00:00Z')),
    audit: { append: (record) => void audited.push(record) },
    guardBinary: '/opt/guard/bin/guard',
    // A process in agent context runs under the agent (AGENT_TREE); otherwise under a human's login.
    ancestry(this: Context) {
      return spec.ancestry ?? (this.agent ? AGENT_TREE : HUMAN_TREE);
    },
    which: (name) => (name.includes('/') ? name : `/usr/bin/${name}`),
    async run(request) {
      ran.push({ file: request.file, args: request.args });
      return 0;
    },
  };
  return {
    ctx,
    root,
    stderr: () => stderr.text,
    stdout: () => stdout.text,
    prompts,
    rejections,
    audited,
    inspected,
    ran,
    cleanup: () => {
      for (const dir of [root, ...spoolDirs]) rmSync(dir, { recursive: true, force: true });
    },
  };
}
