/**
 * The alerts' part of `npm run store:copy` (copy.ts moves the rest): every alert is
 * added to the destination with the limit lifted, in each place's order, so a place keeps
 * all it had; the destination's own alerts are never replaced, and a second run copies
 * nothing. The (place, paper) alert ledger cannot be listed and is not copied: a paper
 * alerted in the two days before the move may be alerted once more after it.
 */
import { isStoreError } from '../store-error.js';
import type { Store } from '../store.js';
import type { CopyCounts } from './copy.js';

export async function copyAlerts(from: Store, to: Store): Promise<CopyCounts> {
  const counts: CopyCounts = { copied: 0, unchanged: 0, kept: 0 };
  for (const alert of await from.alerts.list()) {
    try {
      const r = await to.alerts.add(alert, Number.MAX_SAFE_INTEGER);
      if (r.outcome === 'added') counts.copied++;
      else if (r.outcome === 'duplicate' && r.existing.id === alert.id) counts.unchanged++;
      else counts.kept++;
    } catch (e) {
      if (!isStoreError(e) || e.code !== 'duplicate_id') throw e;
      const same = (await to.alerts.list(alert.target)).find((a) => a.id === alert.id);
      if (same && same.key === alert.key) counts.unchanged++;
      else counts.kept++;
    }
  }
  return counts;
}
