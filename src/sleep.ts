/**
 * Wait `ms` milliseconds. The one real timer behind every injectable `sleep` (retries,
 * rate-limit waits, pacing), so tests can pass their own and production shares this.
 * `unref` lets the process exit while the wait is pending (a race against a deadline,
 * where nothing should keep Node alive just for the timer).
 */
export function sleep(ms: number, options: { unref?: boolean } = {}): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (options.unref) timer.unref();
  });
}
