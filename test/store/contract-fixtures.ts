import { afterEach, beforeEach, expect } from 'vitest';
import type { Target } from '../../src/caller.js';
import type { DigestSchedule, Store, Subscription } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';
import { normalizeTopicText } from '../../src/topics/topic-key.js';

/** What the store contract suites share: places, records, and how a refusal is checked. */
export const alice: Target = { platform: 'discord', workspaceId: '', kind: 'user', id: '222222222222222222' };
export const general: Target = {
  platform: 'discord',
  workspaceId: '111111111111111111',
  kind: 'channel',
  id: '333333333333333333',
};
/** Same ids as `general`, on another platform: must never be confused with it. */
export const slackTwin: Target = { ...general, platform: 'slack' };

export const subscription = (id: string, target: Target, topic = `topic ${id}`): Subscription => ({
  id,
  target: { ...target },
  topic,
  key: normalizeTopicText(topic),
  createdBy: 'U1',
  createdAt: '2026-11-27T10:00:00.000Z',
});

export const schedule = (target: Target, time = '09:00'): DigestSchedule => ({
  target: { ...target },
  time,
  timezone: 'Europe/Berlin',
  top: 5,
  minUpvotes: 0,
  days: 'weekdays',
  enabled: true,
  createdBy: 'U1',
  createdAt: '2026-11-27T10:00:00.000Z',
});

export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a StoreError ${code}`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
}

/** The store under test and, where the engine has one, a second instance on the same storage. */
export interface Stores {
  store: Store;
  other: Store;
}

/**
 * How a contract suite gets its engine: `open` makes a fresh, empty store; `twin` opens a
 * second instance on the same storage (another process's view: its own caches and
 * connections), so the rules are shown to hold between instances, not just inside one;
 * `cleanup` removes what `open` left.
 */
export interface StoreFactory {
  open(): Promise<Store>;
  twin?(): Promise<Store>;
  cleanup?(): Promise<void>;
}

/** Inside a suite's describe: a fresh store and its twin before each case, both closed after. */
export function withStores(factory: StoreFactory): Stores {
  const s = {} as Stores;
  const opened: Store[] = [];
  beforeEach(async () => {
    s.store = await factory.open();
    s.other = factory.twin ? await factory.twin() : s.store;
    opened.push(s.store, s.other);
  });
  afterEach(async () => {
    for (const st of opened.splice(0)) await st.close();
    await factory.cleanup?.();
  });
  return s;
}
