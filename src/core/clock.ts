// A monotonic clock in milliseconds for parse and analysis deadlines, without touching the `performance` global.

/**
 * Milliseconds since the process started, on a monotonic clock: the scale and (within a
 * fraction of a millisecond) the origin of `performance.now()`, so deadlines made with either
 * compare. Node 20 builds the `performance` global lazily, and reading it loads perf_hooks and
 * its observers (≈ 2 ms before guard can answer); process.uptime() is already there.
 */
export function monotonicMs(): number {
  return process.uptime() * 1000;
}
