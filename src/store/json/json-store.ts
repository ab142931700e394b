import { readdir, rm } from 'node:fs/promises';
import { targetKey, type Target } from '../../caller.js';
import type { Logger } from '../../logger.js';
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
} from '../rules.js';
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
import { jsonInstallations } from './installations.js';
import {
  allBuckets,
  bucketOf,
  ledgerKind,
  metaKind,
  onceKind,
  placesKind,
  type LedgerDoc,
  type MetaDoc,
  type OnceDoc,
  type Paths,
  type PlacesDoc,
} from './layout.js';
import { jsonAlerts } from './json-alerts.js';
import { LockedJsonFile, type FileKind, type JsonFileOps, type Mutation } from './locked-file.js';
import { jsonSaved } from './saved.js';

const unchanged = <R>(value: R) => ({ value, changed: false });
const changedIf = <R>(value: R, changed: boolean) => ({ value, changed });

/** The Store operations over the bucketed files of one data directory (see layout.ts). */
export class JsonStore implements Store {
  readonly kind = 'json';
  readonly subscriptions: SubscriptionStore;
  readonly saved: SavedStore;
  readonly digests: DigestStore;
  readonly deliveries: DeliveryLedger;
  readonly once: OnceStore;
  readonly meta: MetaStore;
  readonly installations: InstallationStore;
  readonly alerts: AlertStore;
  readonly alertLedger: AlertLedger;
  readonly #files = new Map<string, LockedJsonFile<unknown>>();
  #closed = false;

  constructor(
    private readonly paths: Paths,
    private readonly logger: Logger,
  ) {
    this.subscriptions = this.#subscriptions();
    // One cache of locked files serves every repository.
    const files: JsonFileOps = {
      read: (path, kind, pick) => this.#read(path, kind, pick),
      change: (path, kind, mutate) => this.#change(path, kind, mutate),
    };
    this.saved = jsonSaved(this.paths, files);
    this.digests = this.#digests();
    this.deliveries = this.#deliveries();
    const alerts = jsonAlerts(paths, files);
    this.alerts = alerts.alerts;
    this.alertLedger = alerts.ledger;
    this.once = {
      claim: (key, now, ttlMs) =>
        this.#change<OnceDoc, boolean>(this.paths.once(bucketOf(key)), onceKind, (d) => {
          const swept = sweepOnce(d.keys, now);
          const first = claimOnce(d.keys, key, now, ttlMs);
          return changedIf(first, first || swept > 0);
        }),
    };
    this.meta = {
      getOrCreate: (name, create) =>
        this.#change<MetaDoc, string>(this.paths.meta, metaKind, (d) => {
          const known = d.values[name];
          if (known !== undefined) return unchanged(known);
          d.values[name] = create();
          return changedIf(d.values[name]!, true);
        }),
    };
    this.installations = jsonInstallations(paths, files);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const f of this.#files.values()) await f.idle();
  }

  #file<T>(path: string, kind: FileKind<T>): LockedJsonFile<T> {
    let f = this.#files.get(path) as LockedJsonFile<T> | undefined;
    if (!f) {
      f = new LockedJsonFile<T>(path, kind, this.logger);
      this.#files.set(path, f as LockedJsonFile<unknown>);
    }
    return f;
  }

  #open(): void {
    if (this.#closed) throw new StoreError('store_closed', 'The store is closed; Paperboy is shutting down.');
  }

  async #read<T, R>(path: string, kind: FileKind<T>, pick: (doc: T) => R): Promise<R> {
    this.#open();
    return copy(pick(await this.#file(path, kind).read()));
  }

  async #change<T, R>(path: string, kind: FileKind<T>, mutate: Mutation<T, R>): Promise<R> {
    this.#open();
    return copy(await this.#file(path, kind).change(mutate));
  }

  async #readAllPlaces(): Promise<PlacesDoc[]> {
    this.#open();
    return Promise.all(allBuckets().map((b) => this.#file(this.paths.places(b), placesKind).read()));
  }

  #placesOf = (target: Target): string => this.paths.places(bucketOf(targetKey(target)));
  #ledgerOf = (target: Target, listDate: string): string => this.paths.ledger(listDate, bucketOf(targetKey(target)));

  #subscriptions(): SubscriptionStore {
    return {
      list: async (target) => {
        if (target)
          return this.#read(this.#placesOf(target), placesKind, (d) =>
            d.subscriptions.filter((s) => sameTarget(s.target, target)),
          );
        return copy((await this.#readAllPlaces()).flatMap((d) => d.subscriptions));
      },
      add: (sub, limit) =>
        this.#change(this.#placesOf(sub.target), placesKind, (d) => {
          const { result, changed } = addSubscription(d.subscriptions, sub, limit);
          return changedIf(result, changed);
        }),
      remove: (target, id) =>
        this.#change(this.#placesOf(target), placesKind, (d) => {
          const removed = removeSubscription(d.subscriptions, target, id);
          return changedIf(removed, removed);
        }),
    };
  }

  #digests(): DigestStore {
    return {
      get: (target) =>
        this.#read(this.#placesOf(target), placesKind, (d) => d.digests.find((s) => sameTarget(s.target, target))),
      list: async () => copy((await this.#readAllPlaces()).flatMap((d) => d.digests)),
      put: (schedule) =>
        this.#change(this.#placesOf(schedule.target), placesKind, (d) => {
          putSchedule(d.digests, schedule);
          return changedIf(undefined, true);
        }),
      patch: (target, patch) =>
        this.#change(this.#placesOf(target), placesKind, (d) => {
          const found = patchSchedule(d.digests, target, patch);
          return changedIf(found, found);
        }),
      remove: (target) =>
        this.#change(this.#placesOf(target), placesKind, (d) => {
          const at = d.digests.findIndex((s) => sameTarget(s.target, target));
          if (at >= 0) d.digests.splice(at, 1);
          return changedIf(at >= 0, at >= 0);
        }),
      due: async (now) => copy((await this.#readAllPlaces()).flatMap((d) => d.digests.filter((s) => isDue(s, now)))),
    };
  }

  /** List dates that have a ledger directory, oldest first. */
  async #ledgerDates(): Promise<string[]> {
    try {
      return (await readdir(this.paths.ledgerDir)).filter((n) => !n.startsWith('.')).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  #deliveries(): DeliveryLedger {
    const rowOf = (d: LedgerDoc, target: Target) => d.deliveries.findIndex((r) => sameTarget(r.target, target));
    return {
      get: (target, listDate) =>
        this.#read(this.#ledgerOf(target, listDate), ledgerKind, (d) =>
          d.deliveries.find((r) => sameTarget(r.target, target)),
        ),
      since: async (target, from) => {
        this.#open();
        const dates = (await this.#ledgerDates()).filter((d) => d >= from);
        const docs = await Promise.all(dates.map((d) => this.#file(this.#ledgerOf(target, d), ledgerKind).read()));
        return copy(docs.flatMap((doc) => doc.deliveries.filter((r) => sameTarget(r.target, target))).sort(byListDate));
      },
      claim: (target, listDate, lease) =>
        this.#change(this.#ledgerOf(target, listDate), ledgerKind, (d) => {
          const at = rowOf(d, target);
          const { claim, next } = claimDelivery(d.deliveries[at], target, listDate, lease);
          if (next && at >= 0) d.deliveries[at] = next;
          else if (next) d.deliveries.push(next);
          return changedIf(claim, next !== undefined);
        }),
      update: (row, lease) =>
        this.#change(this.#ledgerOf(row.target, row.listDate), ledgerKind, (d) => {
          const at = rowOf(d, row.target);
          const next = updateDelivery(d.deliveries[at], row, lease);
          d.deliveries[at] = next;
          return changedIf(next, true);
        }),
      prune: (before) => this.#prune(before),
    };
  }

  /** Drop whole lists older than `before`: no rule reads them any more. */
  async #prune(before: string): Promise<number> {
    this.#open();
    let rows = 0;
    for (const date of await this.#ledgerDates()) {
      if (date >= before) break;
      for (const b of allBuckets()) {
        const path = this.paths.ledger(date, b);
        rows += (
          await this.#file(path, ledgerKind)
            .read()
            .catch(() => ({ deliveries: [] }))
        ).deliveries.length;
        this.#files.delete(path);
      }
      await rm(`${this.paths.ledgerDir}/${date}`, { recursive: true, force: true });
    }
    if (rows > 0) this.logger.info('store: pruned old delivery rows', { before, rows });
    return rows;
  }
}
