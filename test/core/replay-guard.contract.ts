import { describe, expect, it } from 'vitest';
import type { ReplayGuard } from '../../src/replay-guard.js';

/**
 * What every ReplayGuard must do, run against each implementation (the in-memory one
 * here; a store-backed one for several instances later). `make` gets a clock it must use.
 */
export function replayGuardContract(name: string, make: (now: () => number) => ReplayGuard | Promise<ReplayGuard>) {
  describe(`ReplayGuard contract: ${name}`, () => {
    const clock = () => {
      let t = 1_800_000_000_000;
      return { now: () => t, advance: (ms: number) => (t += ms) };
    };

    it('says yes the first time and no for every repeat within the ttl', async () => {
      const c = clock();
      const guard = await make(c.now);
      expect(await guard.firstSeen('sig-a', 300_000)).toBe(true);
      for (let i = 0; i < 5; i++) {
        c.advance(50_000);
        expect(await guard.firstSeen('sig-a', 300_000), `after ${(i + 1) * 50} s`).toBe(false);
      }
    });

    it('keeps keys apart', async () => {
      const guard = await make(clock().now);
      expect(await guard.firstSeen('sig-a', 300_000)).toBe(true);
      expect(await guard.firstSeen('sig-b', 300_000)).toBe(true);
      expect(await guard.firstSeen('sig-a', 300_000)).toBe(false);
      expect(await guard.firstSeen('sig-b', 300_000)).toBe(false);
    });

    it('forgets a key once its ttl has passed', async () => {
      const c = clock();
      const guard = await make(c.now);
      expect(await guard.firstSeen('sig-a', 1_000)).toBe(true);
      c.advance(1_001);
      expect(await guard.firstSeen('sig-a', 1_000)).toBe(true);
      expect(await guard.firstSeen('sig-a', 1_000)).toBe(false);
    });

    it('lets exactly one of many simultaneous askers through', async () => {
      const guard = await make(clock().now);
      const answers = await Promise.all(Array.from({ length: 20 }, () => guard.firstSeen('sig-race', 300_000)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });
  });
}
