/**
 * Alerts in the JSON store, in buckets of their own beside the places (layout.ts):
 *
 *   alerts/NN.json         the alert definitions of the places in bucket NN
 *   alert-ledger/NN.json   the (place, paper) rows of the places in bucket NN
 *
 * A place's alerts and its ledger rows each share one file and one inter-process lock,
 * so "no duplicate topic", "at most N" and "one claimer wins" are each one
 * read-modify-write under that lock (LockedJsonFile), for every process on the host.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { targetKey, type Target } from '../../caller.js';
import type { Logger } from '../../logger.js';
import {
  addAlert,
  alertLedgerRowSchema,
  alertSchema,
  alertsOf,
  claimAlertRow,
  disableAlerts,
  markAlertRow,
  pruneAlertRows,
  removeAlert,
  rowIs,
} from '../alert-rules.js';
import type { Alert, AlertLedger, AlertLedgerRow, AlertStore } from '../alert-types.js';
import { allBuckets, bucketOf, kindOf } from './layout.js';
import { LockedJsonFile, type FileKind, type Mutation } from './locked-file.js';

interface AlertsDoc {
  alerts: Alert[];
}
interface AlertLedgerDoc {
  rows: AlertLedgerRow[];
}

const alertsKind = kindOf<AlertsDoc>(z.object({ alerts: z.array(alertSchema) }), () => ({ alerts: [] }));
const ledgerKind = kindOf<AlertLedgerDoc>(z.object({ rows: z.array(alertLedgerRowSchema) }), () => ({ rows: [] }));

const copy = <T>(v: T): T => structuredClone(v);
const changedIf = <R>(value: R, changed: boolean) => ({ value, changed });

export class JsonAlerts {
  readonly alerts: AlertStore;
  readonly ledger: AlertLedger;
  readonly #files = new Map<string, LockedJsonFile<unknown>>();

  constructor(
    private readonly root: string,
    private readonly logger: Logger,
    /** Throws when the store is closed */
    private readonly open: () => void,
  ) {
    this.alerts = this.#alerts();
    this.ledger = this.#ledger();
  }

  /** Resolves once every queued write has settled (the store's close). */
  async idle(): Promise<void> {
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

  async #read<T, R>(path: string, kind: FileKind<T>, pick: (doc: T) => R): Promise<R> {
    this.open();
    return copy(pick(await this.#file(path, kind).read()));
  }

  async #change<T, R>(path: string, kind: FileKind<T>, mutate: Mutation<T, R>): Promise<R> {
    this.open();
    return copy(await this.#file(path, kind).change(mutate));
  }

  #alertsOf = (t: Target): string => join(this.root, 'alerts', `${bucketOf(targetKey(t))}.json`);
  #ledgerOf = (t: Target): string => join(this.root, 'alert-ledger', `${bucketOf(targetKey(t))}.json`);

  #alerts(): AlertStore {
    return {
      list: async (target) => {
        if (target) return this.#read(this.#alertsOf(target), alertsKind, (d) => alertsOf(d.alerts, target));
        this.open();
        const docs = await Promise.all(
          allBuckets().map((b) => this.#file(join(this.root, 'alerts', `${b}.json`), alertsKind).read()),
        );
        return copy(docs.flatMap((d) => d.alerts));
      },
      add: (alert, limit) =>
        this.#change(this.#alertsOf(alert.target), alertsKind, (d) => {
          const { result, changed } = addAlert(d.alerts, alert, limit);
          return changedIf(result, changed);
        }),
      remove: (target, id) =>
        this.#change(this.#alertsOf(target), alertsKind, (d) => {
          const removed = removeAlert(d.alerts, target, id);
          return changedIf(removed, removed);
        }),
      disable: (target, reason, at) =>
        this.#change(this.#alertsOf(target), alertsKind, (d) => {
          const n = disableAlerts(d.alerts, target, reason, at);
          return changedIf(n, n > 0);
        }),
    };
  }

  #ledger(): AlertLedger {
    return {
      claim: (target, paperId, lease) =>
        this.#change(this.#ledgerOf(target), ledgerKind, (d) => {
          const at = d.rows.findIndex((r) => rowIs(r, target, paperId));
          const { claim, next } = claimAlertRow(d.rows[at], target, paperId, lease);
          if (next && at >= 0) d.rows[at] = next;
          else if (next) d.rows.push(next);
          return changedIf(claim, next !== undefined);
        }),
      markSent: (target, paperId, lease) =>
        this.#change(this.#ledgerOf(target), ledgerKind, (d) => {
          const at = d.rows.findIndex((r) => rowIs(r, target, paperId));
          const next = markAlertRow(d.rows[at], lease);
          if (next) d.rows[at] = next;
          return changedIf(next !== undefined, next !== undefined);
        }),
      prune: async (before) => {
        let gone = 0;
        for (const b of allBuckets()) {
          gone += await this.#change(join(this.root, 'alert-ledger', `${b}.json`), ledgerKind, (d) => {
            const n = pruneAlertRows(d.rows, before);
            return changedIf(n, n > 0);
          });
        }
        return gone;
      },
    };
  }
}
