// The client's side of a run the resident guard allowed: check it is this call's own command, run it with full fidelity, report how it ended.
import type { AuditRecord } from '../core/audit.js';
import { execCommand, findExecutable } from '../core/exec.js';
import { rawBytesFor } from '../core/raw-bytes.js';
import { parseFast } from '../cli/options.js';
import { guardDirectory, homeDirectory } from '../config/guard-directory.js';
import { ANSWER_WAIT_MS, UNREACHABLE, exchange, type DaemonAddress } from './client.js';
import { PROTOCOL_VERSION, type RunAnswer } from './protocol.js';

/** Appends one record to the user's audit log; loaded (with node:crypto) only when the daemon could not take it. */
export type AppendLocally = (guardDir: string, record: AuditRecord) => void;

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((word, i) => word === b[i]);
}

/**
 * The command this call would run, if it is exactly what the daemon says to run: the client's own
 * arguments and the binary its own PATH search finds. A daemon that names anything else (a fake
 * one, or a race with a changed PATH) is not followed; the call is assessed in-process.
 */
export function ownCommand(args: readonly string[], answer: RunAnswer, guardBinary: string): { file: string; argv0: string; args: string[] } | null {
  const command = parseFast(args)?.command;
  if (!command || command.length === 0 || answer.argv0 !== command[0] || !sameWords(answer.args, command.slice(1))) return null;
  const file = findExecutable(command[0], process.env, process.cwd(), guardBinary);
  return file !== null && file === answer.file ? { file, argv0: command[0], args: command.slice(1) } : null;
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (text.length > 0) stream.write(text);
}

/**
 * Runs the allowed command as the in-process path would (same argv bytes, environment, stdio and
 * signals) and gets its audit record written: by the daemon, which holds it, or, when the daemon
 * is gone or refuses, here. Resolves with the status guard exits with.
 */
export async function runAllowed(command: { file: string; argv0: string; args: string[] }, answer: RunAnswer, address: DaemonAddress, appendLocally: () => AppendLocally): Promise<number> {
  write(process.stdout, answer.stdout);
  write(process.stderr, answer.stderr);
  const raw = rawBytesFor([command.argv0, ...command.args]);
  const status = await execCommand({ ...command, rawArgv: raw.argv, rawEnviron: raw.environ });
  if (answer.token === null || answer.record === null) return status;
  const reply = await exchange(address.socket, { v: PROTOCOL_VERSION, build: address.build, kind: 'exited', token: answer.token, exitStatus: status }, ANSWER_WAIT_MS);
  if (reply !== null && reply !== UNREACHABLE && reply.status === 'recorded') return status;
  try {
    appendLocally()(guardDirectory(process.env, homeDirectory(process.env)), { ...answer.record, time: new Date().toISOString(), exitStatus: status });
  } catch (error) {
    process.stderr.write(`guard: could not write the audit log: ${(error as Error).message}\n`);
  }
  return status;
}
