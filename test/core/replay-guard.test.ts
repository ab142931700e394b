import { describe, expect, it } from 'vitest';
import { MemoryReplayGuard, storeReplayGuard } from '../../src/replay-guard.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { replayGuardContract } from './replay-guard.contract.js';

replayGuardContract('MemoryReplayGuard', (now) => new MemoryReplayGuard(1000, now));
replayGuardContract("the store's once-keys (several instances)", (now) =>
  storeReplayGuard(new MemoryStore().once, () => new Date(now())),
);

describe('MemoryReplayGuard memory', () => {
  it('holds at most maxEntries keys, forgetting the oldest first', async () => {
    const guard = new MemoryReplayGuard(100, () => 0);
    for (let i = 0; i < 10_000; i++) await guard.firstSeen(`k${i}`, 300_000);
    expect(guard.size).toBe(100);
    expect(await guard.firstSeen('k9999', 300_000)).toBe(false);
    expect(await guard.firstSeen('k0', 300_000)).toBe(true);
  });

  it('drops expired keys as time passes, so a quiet hour leaves nothing behind', async () => {
    let t = 0;
    const guard = new MemoryReplayGuard(10_000, () => t);
    for (let i = 0; i < 500; i++) await guard.firstSeen(`k${i}`, 300_000);
    t += 300_001;
    await guard.firstSeen('later', 300_000);
    expect(guard.size).toBe(1);
  });
});
