import {
  addAlert,
  alertsOf,
  claimAlertRow,
  disableAlerts,
  markAlertRow,
  pruneAlertRows,
  removeAlert,
  rowIs,
} from './alert-rules.js';
import type { Alert, AlertLedger, AlertLedgerRow, AlertStore } from './alert-types.js';

/** Runs one synchronous step as a store operation (closed check, copies out): MemoryStore's `op`. */
type Op = <T>(fn: () => T) => Promise<T>;

/** Alert definitions in process memory, by the shared rules (atomic within the process). */
export function memoryAlerts(op: Op): AlertStore {
  const all: Alert[] = [];
  return {
    list: (target) => op(() => (target ? alertsOf(all, target) : all)),
    add: (alert, limit) => op(() => addAlert(all, alert, limit).result),
    remove: (target, id) => op(() => removeAlert(all, target, id)),
    disable: (target, reason, at) => op(() => disableAlerts(all, target, reason, at)),
  };
}

export function memoryAlertLedger(op: Op): AlertLedger {
  const rows: AlertLedgerRow[] = [];
  return {
    claim: (target, paperId, lease) =>
      op(() => {
        const at = rows.findIndex((r) => rowIs(r, target, paperId));
        const { claim, next } = claimAlertRow(rows[at], target, paperId, lease);
        if (next && at >= 0) rows[at] = next;
        else if (next) rows.push(next);
        return claim;
      }),
    markSent: (target, paperId, lease) =>
      op(() => {
        const at = rows.findIndex((r) => rowIs(r, target, paperId));
        const next = markAlertRow(rows[at], lease);
        if (next) rows[at] = next;
        return next !== undefined;
      }),
    prune: (before) => op(() => pruneAlertRows(rows, before)),
  };
}
