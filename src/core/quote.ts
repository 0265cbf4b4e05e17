// POSIX shell quoting, once: for scripts guard writes (always quoted) and for commands it shows (quoted when needed).

/** POSIX single quoting: the only character that needs care inside '…' is the quote itself. */
export function quotePosix(text: string): string {
  return `'${text.split("'").join("'\\''")}'`;
}

/** A word as a person would type it: bare when the shell would read it unchanged, quoted otherwise. */
export function quoteForDisplay(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : quotePosix(text);
}
