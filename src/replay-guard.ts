import type { OnceStore } from './store/store.js';
/**
 * Remembers what has been seen, for a while: the Slack adapter asks it about each
 * request signature so that a captured request replayed within its 5-minute window is
 * dropped. Asynchronous so that the store can back it when several instances share the
 * traffic (one instance's memory cannot see another's requests).
 */
export interface ReplayGuard {
  /** True the first time `key` is seen within `ttlMs`; false for every repeat in that time. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

/**
 * One process's memory, bounded: at most `maxEntries` keys are kept; when full, the
 * oldest is forgotten first (a flood of distinct valid requests cannot grow it, at the
 * price of forgetting the oldest signatures early).
 */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #expiresAt = new Map<string, number>();

  constructor(
    readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    this.#dropExpired(now);
    const seenUntil = this.#expiresAt.get(key);
    if (seenUntil !== undefined && seenUntil > now) return Promise.resolve(false);
    this.#expiresAt.delete(key);
    this.#expiresAt.set(key, now + Math.max(0, ttlMs));
    while (this.#expiresAt.size > this.maxEntries) this.#expiresAt.delete(this.#expiresAt.keys().next().value!);
    return Promise.resolve(true);
  }

  get size(): number {
    return this.#expiresAt.size;
  }

  /** Oldest first (Map keeps insertion order): stop at the first one still live. */
  #dropExpired(now: number): void {
    for (const [key, until] of this.#expiresAt) {
      if (until > now) break;
      this.#expiresAt.delete(key);
    }
  }
}

/**
 * The store's once-keys as a replay guard: what several instances behind one load
 * balancer need, since a replayed request may reach any of them.
 */
export const storeReplayGuard = (once: OnceStore, now: () => Date, prefix = 'seen:'): ReplayGuard => ({
  firstSeen: (key, ttlMs) => once.claim(`${prefix}${key}`, now(), Math.max(0, ttlMs)),
});
