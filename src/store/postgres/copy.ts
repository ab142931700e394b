/**
 * Copy everything one store holds into another through their public operations (so every
 * record is validated and every rule holds on the way in): the move from the JSON file
 * to PostgreSQL (`npm run store:copy`). It works between any two engines and may be run
 * again: what is there already is counted, not copied twice.
 *
 * - Subscriptions are added (limit lifted, so a place keeps all it had), one place at a
 *   time in its own order; the destination's own are never replaced.
 * - Digest schedules are put with their settings, dueAt and disabled, then their last
 *   delivery patched in: the source's settings are what is being moved.
 * - Ledger rows are claimed for COPY_OWNER at the row's own updatedAt with a lease that
 *   has already ended, then written whole: the destination keeps the row as it was, and
 *   any instance may take over an unfinished one. A row the destination already has
 *   that this copy did not write (a running instance's) is left alone, so a delivery is
 *   never made twice. Rows are found through the places that have a subscription or a
 *   schedule (the ledger has no listing of its own).
 * - Slack installations are copied sealed, as they are (the same PAPERBOY_SECRET_KEY opens
 *   them on the other side); one the destination has already is kept.
 * - Saved papers (reading lists) are added entry by entry in each place's order, the
 *   limit lifted; an entry the destination has already (that id, or that paper in the
 *   place) is counted, not copied twice.
 * - Once-keys live minutes and are not copied; named values (meta) cannot be listed.
 */
import { targetKey, type Target } from '../../caller.js';
import { isStoreError } from '../store-error.js';
import type { Delivery, DigestSchedule, Lease, SavedPaper, Store, Subscription } from '../store.js';

export const COPY_OWNER = 'paperboy-store-copy';
/** Every list date (YYYY-MM-DD, YYYY-MM-DD+week) sorts at or after this. */
const FIRST_LIST = '0000';
const PLACES_AT_ONCE = 8;

export interface CopyCounts {
  copied: number;
  /** The destination had it already, the same */
  unchanged: number;
  /** The destination had its own (another id for that topic, a row of its own): left alone */
  kept: number;
}

export interface CopyReport {
  subscriptions: CopyCounts;
  schedules: CopyCounts;
  deliveries: CopyCounts;
  installations: CopyCounts;
  saved: CopyCounts;
}

/** The platforms whose installations a copy carries (the store lists them per platform). */
const INSTALLING_PLATFORMS = ['slack'];

const counts = (): CopyCounts => ({ copied: 0, unchanged: 0, kept: 0 });

export async function copyStore(from: Store, to: Store): Promise<CopyReport> {
  const report: CopyReport = {
    subscriptions: counts(),
    schedules: counts(),
    deliveries: counts(),
    installations: counts(),
    saved: counts(),
  };
  const subscriptions = await from.subscriptions.list();
  const schedules = await from.digests.list();
  const places = new Map<string, { target: Target; subs: Subscription[]; schedule?: DigestSchedule }>();
  const placeOf = (t: Target) => {
    const key = targetKey(t);
    if (!places.has(key)) places.set(key, { target: t, subs: [] });
    return places.get(key)!;
  };
  for (const s of subscriptions) placeOf(s.target).subs.push(s);
  for (const s of schedules) placeOf(s.target).schedule = s;

  await eachAtMost(PLACES_AT_ONCE, [...places.values()], async (place) => {
    for (const sub of place.subs) count(report.subscriptions, await copySubscription(to, sub));
    if (place.schedule) count(report.schedules, await copySchedule(to, place.schedule));
    for (const row of await from.deliveries.since(place.target, FIRST_LIST)) {
      count(report.deliveries, await copyDelivery(to, row));
    }
  });
  for (const platform of INSTALLING_PLATFORMS) {
    for (const installation of await from.installations.list(platform)) {
      const there = await to.installations.get(platform, installation.workspaceId);
      if (!there) await to.installations.put(installation);
      count(report.installations, !there ? 'copied' : sameJson(there, installation) ? 'unchanged' : 'kept');
    }
  }
  for (const entry of await from.saved.list()) count(report.saved, await copySaved(to, entry));
  return report;
}

async function copySaved(to: Store, entry: SavedPaper): Promise<Outcome> {
  try {
    const r = await to.saved.add(entry, Number.MAX_SAFE_INTEGER);
    if (r.outcome === 'added') return 'copied';
    return r.outcome === 'duplicate' && r.existing.id === entry.id ? 'unchanged' : 'kept';
  } catch (e) {
    if (!isStoreError(e) || e.code !== 'duplicate_id') throw e;
    const same = (await to.saved.list(entry.target)).find((s) => s.id === entry.id);
    return same && same.paper.id === entry.paper.id ? 'unchanged' : 'kept';
  }
}

type Outcome = keyof CopyCounts;
const count = (c: CopyCounts, outcome: Outcome) => void c[outcome]++;

async function copySubscription(to: Store, sub: Subscription): Promise<Outcome> {
  try {
    const r = await to.subscriptions.add(sub, Number.MAX_SAFE_INTEGER);
    if (r.outcome === 'added') return 'copied';
    return r.outcome === 'duplicate' && r.existing.id === sub.id ? 'unchanged' : 'kept';
  } catch (e) {
    if (!isStoreError(e) || e.code !== 'duplicate_id') throw e;
    const same = (await to.subscriptions.list(sub.target)).find((s) => s.id === sub.id);
    return same && same.key === sub.key ? 'unchanged' : 'kept';
  }
}

async function copySchedule(to: Store, schedule: DigestSchedule): Promise<Outcome> {
  const existing = await to.digests.get(schedule.target);
  if (existing && sameJson(existing, schedule)) return 'unchanged';
  await to.digests.put(schedule);
  if (schedule.last) await to.digests.patch(schedule.target, { last: schedule.last });
  return 'copied';
}

/** A row as it matters: without what a copy necessarily changes (version, lease). */
const content = (d: Delivery) => {
  const { version: _v, owner: _o, leaseUntil: _l, ...rest } = d;
  return rest;
};

async function copyDelivery(to: Store, row: Delivery): Promise<Outcome> {
  const there = await to.deliveries.get(row.target, row.listDate);
  if (there && sameJson(content(there), content(row))) return 'unchanged';
  if (there && there.owner !== COPY_OWNER) return 'kept';
  const at = Date.parse(row.updatedAt);
  const lease: Lease = { owner: COPY_OWNER, now: Number.isNaN(at) ? new Date() : new Date(at), ms: 0 };
  const claim = await to.deliveries.claim(row.target, row.listDate, lease);
  if (claim.status !== 'claimed') return 'kept';
  await to.deliveries.update({ ...row, version: claim.row.version }, lease);
  return 'copied';
}

/** Equal as stored records (key order does not matter). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

async function eachAtMost<T>(limit: number, items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
