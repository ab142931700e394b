import { SerialQueue, storeOverDocument, type DocumentHost } from './document-store.js';
import { emptyDocument, type StoreDocument } from './schema.js';
import type { DeliveryLedger, DigestStore, Store, SubscriptionStore } from './store.js';

/**
 * A Store that lives in memory: for tests and for trying Paperboy without a data file.
 * It really works — same validation, copying and ordering as the lowdb store (both are
 * built by storeOverDocument), so tests written against it hold for the file-backed one.
 */
export class MemoryStore implements Store {
  readonly subscriptions: SubscriptionStore;
  readonly digests: DigestStore;
  readonly deliveries: DeliveryLedger;
  readonly #close: () => Promise<void>;

  constructor(initial?: StoreDocument) {
    let doc: StoreDocument = initial ? structuredClone(initial) : emptyDocument();
    const queue = new SerialQueue();
    const host: DocumentHost = {
      current: () => doc,
      // Mutate a copy and swap it in, so a change that throws half-way leaves no trace.
      change: (mutate) =>
        queue.run(() => {
          const draft = structuredClone(doc);
          const result = mutate(draft);
          doc = draft;
          return result;
        }),
      close: () => queue.idle(),
    };
    const store = storeOverDocument(host);
    this.subscriptions = store.subscriptions;
    this.digests = store.digests;
    this.deliveries = store.deliveries;
    this.#close = store.close;
  }

  close(): Promise<void> {
    return this.#close();
  }
}
