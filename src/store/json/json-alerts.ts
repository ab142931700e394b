/**
 * Alerts in the JSON store, in buckets of their own beside the places (layout.ts):
 *
 *   alerts/NN.json         the alert definitions of the places in bucket NN
 *   alert-ledger/NN.json   the (place, paper) rows of the places in bucket NN
 *
 * A place's alerts and its ledger rows each share one file and one inter-process lock,
 * so "no duplicate topic", "at most N" and "one claimer wins" are each one
 * read-modify-write under that lock (LockedJsonFile, through the store's own file
 * cache), for every process on the host.
 */
import { z } from 'zod';
import { targetKey, type Target } from '../../caller.js';
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
import { allBuckets, bucketOf, kindOf, type Paths } from './layout.js';
import type { JsonFileOps } from './locked-file.js';

interface AlertsDoc {
  alerts: Alert[];
}
interface AlertLedgerDoc {
  rows: AlertLedgerRow[];
}

const alertsKind = kindOf<AlertsDoc>(z.object({ alerts: z.array(alertSchema) }), () => ({ alerts: [] }));
const ledgerKind = kindOf<AlertLedgerDoc>(z.object({ rows: z.array(alertLedgerRowSchema) }), () => ({ rows: [] }));

const changedIf = <R>(value: R, changed: boolean) => ({ value, changed });

/** The alert repositories over the store's own locked files (`files`, as the store lends them). */
export function jsonAlerts(paths: Paths, files: JsonFileOps): { alerts: AlertStore; ledger: AlertLedger } {
  const alertsOf = (t: Target): string => paths.alerts(bucketOf(targetKey(t)));
  const ledgerOf = (t: Target): string => paths.alertLedger(bucketOf(targetKey(t)));
  return { alerts: alertStore(paths, files, alertsOf), ledger: alertLedger(paths, files, ledgerOf) };
}

function alertStore(paths: Paths, files: JsonFileOps, fileOf: (t: Target) => string): AlertStore {
  return {
    list: async (target) => {
      if (target) return files.read(fileOf(target), alertsKind, (d) => alertsOf(d.alerts, target));
      const docs = await Promise.all(allBuckets().map((b) => files.read(paths.alerts(b), alertsKind, (d) => d.alerts)));
      return docs.flat();
    },
    add: (alert, limit) =>
      files.change(fileOf(alert.target), alertsKind, (d) => {
        const { result, changed } = addAlert(d.alerts, alert, limit);
        return changedIf(result, changed);
      }),
    remove: (target, id) =>
      files.change(fileOf(target), alertsKind, (d) => {
        const removed = removeAlert(d.alerts, target, id);
        return changedIf(removed, removed);
      }),
    disable: (target, reason, at) =>
      files.change(fileOf(target), alertsKind, (d) => {
        const n = disableAlerts(d.alerts, target, reason, at);
        return changedIf(n, n > 0);
      }),
  };
}

function alertLedger(paths: Paths, files: JsonFileOps, fileOf: (t: Target) => string): AlertLedger {
  return {
    claim: (target, paperId, lease) =>
      files.change(fileOf(target), ledgerKind, (d) => {
        const at = d.rows.findIndex((r) => rowIs(r, target, paperId));
        const { claim, next } = claimAlertRow(d.rows[at], target, paperId, lease);
        if (next && at >= 0) d.rows[at] = next;
        else if (next) d.rows.push(next);
        return changedIf(claim, next !== undefined);
      }),
    markSent: (target, paperId, lease) =>
      files.change(fileOf(target), ledgerKind, (d) => {
        const at = d.rows.findIndex((r) => rowIs(r, target, paperId));
        const next = markAlertRow(d.rows[at], lease);
        if (next) d.rows[at] = next;
        return changedIf(next !== undefined, next !== undefined);
      }),
    prune: async (before) => {
      let gone = 0;
      for (const b of allBuckets()) {
        gone += await files.change(paths.alertLedger(b), ledgerKind, (d) => {
          const n = pruneAlertRows(d.rows, before);
          return changedIf(n, n > 0);
        });
      }
      return gone;
    },
  };
}
