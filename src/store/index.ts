import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openJsonStore } from './json/open.js';
import { openPostgresStore } from './postgres/open.js';
import type { Store } from './store.js';

export type {
  AddAlertResult,
  Alert,
  AlertClaim,
  AlertLedger,
  AlertStore,
  QuietHours,
  AddSubscriptionResult,
  Claim,
  Delivery,
  DeliveryLedger,
  DeliveryState,
  DigestSchedule,
  DigestStore,
  Installation,
  InstallationStore,
  LastDelivery,
  Lease,
  MetaStore,
  OnceStore,
  SchedulePatch,
  Store,
  Subscription,
  SubscriptionStore,
} from './store.js';
export { StoreError, isStoreError, type StoreErrorCode } from './store-error.js';
export { MemoryStore } from './memory-store.js';
export { openJsonStore } from './json/open.js';
export { openPostgresStore, DEFAULT_PG_SCHEMA, type PostgresStoreOptions } from './postgres/open.js';

/**
 * The store the composition root uses: PostgreSQL when PAPERBOY_DATABASE_URL is set
 * (several instances), otherwise the JSON files at config.dataFile (default
 * ./data/paperboy.json). Rejects with a StoreError when the store cannot be used; the
 * message says how to recover, so main can print it and exit.
 */
export function openStore(
  config: Pick<Config, 'dataFile'> & Partial<Pick<Config, 'database'>>,
  logger: Logger,
): Promise<Store> {
  if (config.database) return openPostgresStore({ ...config.database, logger });
  return openJsonStore({ file: config.dataFile, logger });
}
