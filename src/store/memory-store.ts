import { targetKey } from '../caller.js';
import {
  addSubscription,
  byListDate,
  claimDelivery,
  claimOnce,
  copy,
  isDue,
  patchSchedule,
  putSchedule,
  removeSubscription,
  sameTarget,
  sweepOnce,
  updateDelivery,
} from './rules.js';
import { findInstallation, installationsOf, putInstallation, removeInstallation } from './installation-rules.js';
import { memoryAlertLedger, memoryAlerts } from './memory-alerts.js';
import { addSaved, removeSaved } from './saved-rules.js';
import { StoreError } from './store-error.js';
import type {
  AlertLedger,
  AlertStore,
  DeliveryLedger,
  Delivery,
  DigestSchedule,
  DigestStore,
  Installation,
  InstallationStore,
  MetaStore,
  OnceStore,
  SavedPaper,
  SavedStore,
  Store,
  Subscription,
  SubscriptionStore,
} from './store.js';

/**
 * A Store in process memory, for tests and for trying Paperboy without a data file. It
 * really works: every operation runs the same rules (src/store/rules.ts) as the JSON
 * store, in one synchronous step, so it is atomic within its process — which is all a
 * memory store can promise.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly subscriptions: SubscriptionStore;
  readonly alerts: AlertStore;
  readonly alertLedger: AlertLedger;
  readonly saved: SavedStore;
  readonly digests: DigestStore;
  readonly deliveries: DeliveryLedger;
  readonly once: OnceStore;
  readonly meta: MetaStore;
  readonly installations: InstallationStore;
  #closed = false;

  constructor() {
    const subs: Subscription[] = [];
    const saved: SavedPaper[] = [];
    const schedules: DigestSchedule[] = [];
    const rows = new Map<string, Delivery>();
    const onceKeys: Record<string, number> = {};
    const values = new Map<string, string>();
    const installs: Installation[] = [];
    const rowKey = (t: Delivery['target'], listDate: string): string => `${targetKey(t)}|${listDate}`;
    // Async so that a closed store or an invalid record rejects instead of throwing.
    const op = async <T>(fn: () => T): Promise<T> => {
      if (this.#closed) throw new StoreError('store_closed', 'The store is closed; Paperboy is shutting down.');
      return copy(fn());
    };

    this.subscriptions = {
      list: (target) => op(() => (target ? subs.filter((s) => sameTarget(s.target, target)) : subs)),
      add: (sub, limit) => op(() => addSubscription(subs, sub, limit).result),
      remove: (target, id) => op(() => removeSubscription(subs, target, id)),
    };
    this.alerts = memoryAlerts(op);
    this.alertLedger = memoryAlertLedger(op);
    this.saved = {
      list: (target) => op(() => (target ? saved.filter((s) => sameTarget(s.target, target)) : saved)),
      add: (entry, limit) => op(() => addSaved(saved, entry, limit).result),
      remove: (target, id) => op(() => removeSaved(saved, target, id)),
    };
    this.digests = {
      get: (target) => op(() => schedules.find((s) => sameTarget(s.target, target))),
      list: () => op(() => schedules),
      put: (schedule) => op(() => putSchedule(schedules, schedule)),
      patch: (target, patch) => op(() => patchSchedule(schedules, target, patch)),
      remove: (target) =>
        op(() => {
          const at = schedules.findIndex((s) => sameTarget(s.target, target));
          if (at >= 0) schedules.splice(at, 1);
          return at >= 0;
        }),
      due: (now) => op(() => schedules.filter((s) => isDue(s, now))),
    };
    this.deliveries = {
      get: (target, listDate) => op(() => rows.get(rowKey(target, listDate))),
      since: (target, from) =>
        op(() => [...rows.values()].filter((r) => r.listDate >= from && sameTarget(r.target, target)).sort(byListDate)),
      claim: (target, listDate, lease) =>
        op(() => {
          const { claim, next } = claimDelivery(rows.get(rowKey(target, listDate)), target, listDate, lease);
          if (next) rows.set(rowKey(target, listDate), next);
          return claim;
        }),
      update: (row, lease) =>
        op(() => {
          const next = updateDelivery(rows.get(rowKey(row.target, row.listDate)), row, lease);
          rows.set(rowKey(row.target, row.listDate), next);
          return next;
        }),
      prune: (before) =>
        op(() => {
          let n = 0;
          for (const [k, r] of rows) if (r.listDate < before && rows.delete(k)) n++;
          return n;
        }),
    };
    this.once = {
      claim: (key, now, ttlMs) =>
        op(() => {
          sweepOnce(onceKeys, now);
          return claimOnce(onceKeys, key, now, ttlMs);
        }),
    };
    this.meta = {
      getOrCreate: (name, create) =>
        op(() => {
          if (!values.has(name)) values.set(name, create());
          return values.get(name)!;
        }),
    };
    this.installations = {
      get: (platform, workspaceId) => op(() => findInstallation(installs, platform, workspaceId)),
      put: (installation) => op(() => putInstallation(installs, installation)),
      remove: (platform, workspaceId) => op(() => removeInstallation(installs, platform, workspaceId)),
      list: (platform) => op(() => installationsOf(installs, platform)),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
