import { describe, expect, it } from 'vitest';
import { Pacer } from '../../adapters/discord/pacer.js';

/** A virtual clock: sleeps wake in time order, the clock jumps to each wake-up. */
function virtualTime() {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    /** Run until every sleeper has woken and nothing new sleeps. */
    async drain(): Promise<void> {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (sleepers.length === 0) return;
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift()!;
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

describe('Pacer', () => {
  it('never lets more through than burst + rate × elapsed, however many wait at once', async () => {
    const time = virtualTime();
    const pacer = new Pacer(50, 1, time.now, time.sleep);
    const granted: number[] = [];
    const all = Promise.all(Array.from({ length: 200 }, () => pacer.take().then(() => granted.push(time.now()))));
    await time.drain();
    await all;
    expect(granted).toHaveLength(200);
    for (let i = 0; i < granted.length; i++) {
      for (let j = i + 1; j < Math.min(granted.length, i + 80); j++) {
        // requests i..j went out within granted[j] - granted[i] ms
        expect(j - i + 1).toBeLessThanOrEqual(1 + ((granted[j]! - granted[i]!) * 50) / 1000 + 1e-6);
      }
    }
    // and no slower than the rate: 200 requests in about 4 s
    expect(granted.at(-1)!).toBeLessThanOrEqual(4000 + 1);
    expect(granted.at(-1)!).toBeGreaterThanOrEqual(3980 - 1);
  });

  it('lets a request through at once when idle', async () => {
    const time = virtualTime();
    const pacer = new Pacer(49, 1, time.now, time.sleep);
    await pacer.take();
    expect(time.now()).toBe(0);
  });
});
