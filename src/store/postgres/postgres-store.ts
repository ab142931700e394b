import type { Logger } from '../../logger.js';
import { StoreError } from '../store-error.js';
import type {
  AlertLedger,
  AlertStore,
  DeliveryLedger,
  DigestStore,
  InstallationStore,
  MetaStore,
  OnceStore,
  Store,
  SavedStore,
  SubscriptionStore,
} from '../store.js';
import { pgAlertLedger, pgAlerts } from './alerts.js';
import type { Db } from './db.js';
import { pgInstallations } from './installations.js';
import { pgLedger } from './ledger.js';
import { quoteIdent } from './migrations.js';
import { pgDigests, pgSubscriptions } from './places.js';
import { pgSaved } from './saved.js';
import { toDbText } from './text.js';

/**
 * The Store over one PostgreSQL schema (see open.ts for how it is opened, migrations.ts
 * for the tables). Any number of instances may share the schema: every rule is decided
 * by the database, in one statement or one transaction under a per-place lock.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly subscriptions: SubscriptionStore;
  readonly saved: SavedStore;
  readonly digests: DigestStore;
  readonly deliveries: DeliveryLedger;
  readonly once: OnceStore;
  readonly meta: MetaStore;
  readonly installations: InstallationStore;
  readonly alerts: AlertStore;
  readonly alertLedger: AlertLedger;

  constructor(
    private readonly db: Db,
    schema: string,
    private readonly logger: Logger,
    now: () => Date,
  ) {
    const q = quoteIdent(schema);
    this.subscriptions = pgSubscriptions(db, schema);
    this.saved = pgSaved(db, schema);
    this.digests = pgDigests(db, schema);
    this.installations = pgInstallations(db, schema);
    this.alerts = pgAlerts(db, schema);
    this.alertLedger = pgAlertLedger(db, schema);
    // Expired once-keys go with the old ledger rows: neither is read by any rule again.
    const sweepOnce = async () => {
      const r = await db.query(`DELETE FROM ${q}.once_keys WHERE expires_ms <= $1`, [now().getTime()]);
      if ((r.rowCount ?? 0) > 0) logger.debug('store: swept expired once-keys', { keys: r.rowCount });
    };
    const ledger = pgLedger(db, schema, sweepOnce);
    this.deliveries = {
      ...ledger,
      prune: async (before) => {
        const rows = await ledger.prune(before);
        if (rows > 0) this.logger.info('store: pruned old delivery rows', { before, rows });
        return rows;
      },
    };

    this.once = {
      claim: (key, now, ttlMs) =>
        db.op(async () => {
          const t = now instanceof Date ? now.getTime() : NaN;
          if (typeof key !== 'string' || Number.isNaN(t) || typeof ttlMs !== 'number' || Number.isNaN(ttlMs)) {
            throw new StoreError(
              'invalid_record',
              'Refusing a once-key claim without a key, a valid time and a ttl in ms.',
            );
          }
          // The rule of rules.claimOnce: taken while its expiry is after `now`, renewed otherwise.
          const r = await db.query(
            `INSERT INTO ${q}.once_keys (key, expires_ms) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET expires_ms = EXCLUDED.expires_ms WHERE once_keys.expires_ms <= $3`,
            [toDbText(key), t + ttlMs, t],
          );
          return r.rowCount === 1;
        }),
    };

    this.meta = {
      getOrCreate: (name, create) =>
        db.op(async () => {
          const select = `SELECT value FROM ${q}.meta WHERE name = $1`;
          const known = await db.query<{ value: string }>(select, [toDbText(name)]);
          if (known.rows[0]) return known.rows[0].value;
          const value = create();
          if (typeof value !== 'string')
            throw new StoreError('invalid_record', `Refusing a non-text value for ${name}.`);
          // Whoever inserts first wins; every instance then reads that one.
          await db.query(`INSERT INTO ${q}.meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
            toDbText(name),
            JSON.stringify(value),
          ]);
          return (await db.query<{ value: string }>(select, [toDbText(name)])).rows[0]!.value;
        }),
    };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
