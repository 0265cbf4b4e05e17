// The controlling terminal (/dev/tty) for typed confirmations; stdin is never read for them.
import { openSync, closeSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import type { Terminal } from './context.js';

/** Opens /dev/tty; null when this process has no controlling terminal (ENXIO, ENOENT). */
export async function openControllingTerminal(): Promise<Terminal | null> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return null;
  }
  const input = new ReadStream(fd);
  // @inquirer/prompts costs ~40 ms to import: only the confirm path pays it.
  const { input: inputPrompt } = await import('@inquirer/prompts');
  let closed = false;
  return {
    async ask(question, check) {
      // inquirer ends its output stream when a prompt finishes, which would close the shared
      // descriptor: each question gets its own writer on the terminal.
      let output: WriteStream;
      try {
        output = new WriteStream(openSync('/dev/tty', 'w'));
      } catch {
        return null;
      }
      try {
        return await inputPrompt({ message: question, ...(check ? { validate: check } : {}) }, { input, output, clearPromptOnDone: false });
      } catch {
        return null; // ExitPromptError (Ctrl-C) or the terminal went away
      } finally {
        output.destroy();
      }
    },
    close() {
      if (closed) return;
      closed = true;
      input.destroy();
      try {
        closeSync(fd);
      } catch {
        // already closed by the streams
      }
    },
  };
}
