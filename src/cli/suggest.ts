// "Did you mean …?" for mistyped options and subcommands: the closest known word within a small edit distance.

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((rows[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (rows[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? limit + 1;
}

/** The closest candidate, or null when none is near enough to be a typo (or when two tie). */
export function closest(word: string, candidates: readonly string[]): string | null {
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = limit + 1;
  let tie = false;
  for (const candidate of candidates) {
    // A dropped dash is a typo even when the word is short.
    const compact = word.replace(/-/g, '') === candidate.replace(/-/g, '') ? 1 : distance(word, candidate, limit);
    if (compact < bestDistance) {
      best = candidate;
      bestDistance = compact;
      tie = false;
    } else if (compact === bestDistance) {
      tie = true;
    }
  }
  return best !== null && !tie ? best : null;
}

/** ` (did you mean X?)`, or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match ? ` (did you mean ${match}?)` : '';
}
