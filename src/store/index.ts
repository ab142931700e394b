import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openLowdbStore } from './lowdb-store.js';
import type { Store } from './store.js';

export type {
  Delivery,
  DeliveryLedger,
  DigestSchedule,
  DigestStore,
  Store,
  Subscription,
  SubscriptionStore,
} from './store.js';
export { StoreError, isStoreError, type StoreErrorCode } from './store-error.js';
export { MemoryStore } from './memory-store.js';
export { openLowdbStore } from './lowdb-store.js';

/**
 * The store the composition root uses: the lowdb JSON file at config.dataFile
 * (default ./data/paperboy.json). Rejects with a StoreError when the file cannot be used;
 * the message says how to recover, so main can print it and exit.
 */
export function openStore(config: Pick<Config, 'dataFile'>, logger: Logger): Promise<Store> {
  return openLowdbStore({ file: config.dataFile, logger });
}
