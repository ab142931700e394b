import { targetKey, type Target } from '../caller.js';
import { checkRecord, deliverySchema, digestScheduleSchema, subscriptionSchema, type StoreDocument } from './schema.js';
import { StoreError } from './store-error.js';
import type { Delivery, DigestSchedule, Store, Subscription } from './store.js';

/**
 * Where a document-shaped store keeps its one document. The memory store keeps it in a
 * variable; the lowdb store writes it to a JSON file. Everything above this line (the
 * Store methods, their copying and validation) is shared, so both behave identically.
 */
export interface DocumentHost {
  /** The committed document. Read-only: callers copy what they hand out. */
  current(): StoreDocument;
  /**
   * Apply one change. Changes run one at a time, in call order, and the promise
   * resolves only once the change is durable; if it rejects, nothing changed.
   */
  change<T>(mutate: (draft: StoreDocument) => T): Promise<T>;
  /** Let queued changes finish, then release resources. */
  close(): Promise<void>;
}

/** Runs async tasks one after another; a failed task does not block the next. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
  /** Resolves once everything queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}

const sameTarget = (a: Target, b: Target): boolean => targetKey(a) === targetKey(b);
const copy = <T>(v: T): T => structuredClone(v);

/** The Store methods over a DocumentHost; values are copied in (validated) and out. */
export function storeOverDocument(host: DocumentHost): Store {
  let closed = false;
  const open = (): void => {
    if (closed) throw new StoreError('store_closed', 'The store is closed; Paperboy is shutting down.');
  };
  // Async wrappers so that a closed store or an invalid record rejects instead of throwing.
  const read = async <T>(fn: (doc: StoreDocument) => T): Promise<T> => {
    open();
    return copy(fn(host.current()));
  };
  const change = async <T>(fn: (draft: StoreDocument) => T): Promise<T> => {
    open();
    return host.change(fn);
  };

  return {
    subscriptions: {
      list: (target) =>
        read((d) => (target ? d.subscriptions.filter((s) => sameTarget(s.target, target)) : d.subscriptions)),
      add: async (sub: Subscription) => {
        const record = checkRecord(subscriptionSchema, 'subscription', sub);
        await change((d) => {
          if (d.subscriptions.some((s) => s.id === record.id)) {
            throw new StoreError('duplicate_id', `A subscription with id ${record.id} is already stored.`);
          }
          d.subscriptions.push(record);
        });
      },
      remove: (id) =>
        change((d) => {
          const at = d.subscriptions.findIndex((s) => s.id === id);
          if (at < 0) return false;
          d.subscriptions.splice(at, 1);
          return true;
        }),
    },
    digests: {
      list: () => read((d) => d.digests),
      get: (target) => read((d) => d.digests.find((s) => sameTarget(s.target, target))),
      put: async (schedule: DigestSchedule) => {
        const record = checkRecord(digestScheduleSchema, 'digest schedule', schedule);
        await change((d) => {
          const at = d.digests.findIndex((s) => sameTarget(s.target, record.target));
          if (at < 0) d.digests.push(record);
          else d.digests[at] = record;
        });
      },
      remove: (target) =>
        change((d) => {
          const at = d.digests.findIndex((s) => sameTarget(s.target, target));
          if (at < 0) return false;
          d.digests.splice(at, 1);
          return true;
        }),
    },
    deliveries: {
      get: (target, listDate) =>
        read((d) => d.deliveries.find((r) => r.listDate === listDate && sameTarget(r.target, target))),
      put: async (delivery: Delivery) => {
        const record = checkRecord(deliverySchema, 'delivery', delivery);
        await change((d) => {
          const at = d.deliveries.findIndex(
            (r) => r.listDate === record.listDate && sameTarget(r.target, record.target),
          );
          if (at < 0) d.deliveries.push(record);
          else d.deliveries[at] = record;
        });
      },
      since: (target, fromDate) =>
        read((d) =>
          d.deliveries
            .filter((r) => r.listDate >= fromDate && sameTarget(r.target, target))
            .sort((a, b) => (a.listDate < b.listDate ? -1 : a.listDate > b.listDate ? 1 : 0)),
        ),
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await host.close();
    },
  };
}
