// The exact bytes of guard's own argv and environment, for arguments and variables that are not UTF-8.
import { readFileSync } from 'node:fs';

/**
 * Node decodes process.argv and process.env as UTF-8 and replaces what does not decode with
 * U+FFFD, so `guard printf %s $'\xff'` would hand printf three other bytes. Linux keeps the
 * originals in /proc/self/cmdline and /proc/self/environ; elsewhere there is no portable way
 * to read them, and guard passes what Node decoded.
 */
export interface RawBytes {
  /** argv0 and every argument, as received (null when the bytes equal Node's strings). */
  readonly argv: readonly Buffer[] | null;
  /** Every NAME=value entry as received (null when all are UTF-8). */
  readonly environ: readonly Buffer[] | null;
}

export function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/** NUL-terminated entries as /proc writes them. */
export function splitNul(data: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0) continue;
    entries.push(data.subarray(start, i));
    start = i + 1;
  }
  if (start < data.length) entries.push(data.subarray(start));
  return entries;
}

/**
 * Pure: the raw bytes of `words` when they are the last entries of `cmdline` (guard's options
 * come before the command and everything after its name belongs to it) and one of them is not
 * UTF-8. Anything that does not line up exactly yields null: guard never hands on bytes it
 * cannot match to what it assessed.
 */
export function rawTail(cmdline: readonly Buffer[], words: readonly string[]): Buffer[] | null {
  if (words.length === 0 || cmdline.length < words.length) return null;
  const tail = cmdline.slice(cmdline.length - words.length);
  if (!tail.every((bytes, i) => bytes.toString('utf8') === words[i])) return null;
  return tail.some((bytes) => !isUtf8(bytes)) ? [...tail] : null;
}

/** Pure: the environment entries, when any of them is not UTF-8. */
export function rawEnviron(environ: readonly Buffer[]): Buffer[] | null {
  return environ.some((entry) => !isUtf8(entry)) ? [...environ] : null;
}

function readProc(name: string): Buffer[] | null {
  try {
    return splitNul(readFileSync(`/proc/self/${name}`));
  } catch {
    return null;
  }
}

/** What the child must receive byte for byte, for the words guard is about to run. */
export function rawBytesFor(words: readonly string[]): RawBytes {
  // Cheap test first: U+FFFD is what Node puts where bytes did not decode.
  const suspicious = (text: string) => text.includes('\uFFFD');
  const argvSuspect = words.some(suspicious);
  const envSuspect = Object.entries(process.env).some(([name, value]) => suspicious(name) || suspicious(value ?? ''));
  const cmdline = argvSuspect ? readProc('cmdline') : null;
  const environ = envSuspect ? readProc('environ') : null;
  return { argv: cmdline ? rawTail(cmdline, words) : null, environ: environ ? rawEnviron(environ) : null };
}

/**
 * A perl one-liner that execs the program with argv and environment decoded from hex: Node's
 * spawn only takes strings. perl is part of every Debian-based system (perl-base) and of macOS.
 * It replaces itself with the program (same pid), so signals and the exit status are the program's.
 */
export const RAW_EXEC_SCRIPT = [
  'my @a = map { pack "H*", $_ } @ARGV; my $file = shift @a;',
  'if (defined $ENV{GUARD_RAW_ENVIRON}) { my @e = map { pack "H*", $_ } split /,/, $ENV{GUARD_RAW_ENVIRON};',
  '%ENV = (); for (@e) { my ($k, $v) = split /=/, $_, 2; $ENV{$k} = $v if defined $v; } }',
  'exec { $file } @a; print STDERR "guard: $a[0]: $!\\n"; exit($!{ENOENT} ? 127 : 126);',
].join(' ');

export const hex = (bytes: Buffer): string => bytes.toString('hex');
