import { sleep as realSleep } from '../../src/sleep.js';

/**
 * Spaces requests evenly under a rate (a token bucket). discord.js counts its global
 * 50 requests/s in fixed one-second windows, so a saturated digest fan-out can send 50
 * at the end of one window and 50 at the start of the next, and Discord answers 429.
 * Digest posts go through this pacer first, spaced at Discord's rate; interaction
 * answers don't (Discord exempts them from the global limit).
 */
export class Pacer {
  #tokens: number;
  #last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst = 1,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  /** Resolves when one more request may go. */
  async take(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#last) * this.perSecond) / 1000);
      this.#last = t;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.sleep(((1 - this.#tokens) * 1000) / this.perSecond);
    }
  }
}
