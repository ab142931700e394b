/**
 * The store's rules as pure functions over plain records, shared by the engines that
 * keep records themselves (memory, JSON files): each runs one of these inside its own
 * atomic step. PostgreSQL states the same rules in SQL (src/store/postgres/); the
 * contract suite holds all of them to the same behaviour.
 */
import { targetKey, type Target } from '../caller.js';
import { checkDelivery, checkRecord, checkSchedule, checkSubscription, schedulePatchSchema } from './schema.js';
import { StoreError } from './store-error.js';
import type {
  AddSubscriptionResult,
  Claim,
  Delivery,
  DigestSchedule,
  Lease,
  SchedulePatch,
  Subscription,
} from './store.js';

export const sameTarget = (a: Target, b: Target): boolean => targetKey(a) === targetKey(b);
export const copy = <T>(value: T): T => structuredClone(value);

/** Add to one target's list (the caller passes every stored subscription of that target). */
export function addSubscription(
  all: Subscription[],
  input: Subscription,
  limit: number,
): { result: AddSubscriptionResult; changed: boolean } {
  const sub = checkSubscription(input);
  if (all.some((s) => s.id === sub.id)) {
    throw new StoreError('duplicate_id', `A subscription with id ${sub.id} is already stored.`);
  }
  const mine = all.filter((s) => sameTarget(s.target, sub.target));
  const same = mine.findIndex((s) => s.key === sub.key);
  if (same >= 0)
    return { result: { outcome: 'duplicate', existing: copy(mine[same]!), position: same + 1 }, changed: false };
  if (mine.length >= limit) return { result: { outcome: 'limit_reached', count: mine.length }, changed: false };
  all.push(sub);
  return { result: { outcome: 'added', subscription: copy(sub), position: mine.length + 1 }, changed: true };
}

export function removeSubscription(all: Subscription[], target: Target, id: string): boolean {
  const at = all.findIndex((s) => s.id === id && sameTarget(s.target, target));
  if (at < 0) return false;
  all.splice(at, 1);
  return true;
}

/** Insert or replace a schedule; the service-kept `last` survives a change of settings. */
export function putSchedule(all: DigestSchedule[], input: DigestSchedule): void {
  const record = checkSchedule(input);
  const at = all.findIndex((s) => sameTarget(s.target, record.target));
  if (at < 0) {
    all.push(record);
    return;
  }
  const last = all[at]!.last;
  const next: DigestSchedule = { ...record };
  delete next.last;
  all[at] = last ? { ...next, last } : next;
}

export function patchSchedule(all: DigestSchedule[], target: Target, input: SchedulePatch): boolean {
  const patch = checkRecord(schedulePatchSchema, 'schedule change', input);
  const at = all.findIndex((s) => sameTarget(s.target, target));
  if (at < 0) return false;
  const next: DigestSchedule = { ...all[at]! };
  if (patch.dueAt === null) delete next.dueAt;
  else if (patch.dueAt !== undefined) next.dueAt = patch.dueAt;
  if (patch.last) next.last = patch.last;
  if (patch.disabled) next.disabled = patch.disabled;
  all[at] = checkSchedule(next);
  return true;
}

export const isDue = (s: DigestSchedule, now: Date): boolean =>
  s.enabled && !s.disabled && (s.dueAt === undefined || Date.parse(s.dueAt) <= now.getTime());

export const isFinal = (row: Pick<Delivery, 'state'>): boolean => row.state === 'done' || row.state === 'skipped';

const leaseLive = (row: Delivery, now: Date): boolean =>
  row.owner !== undefined && row.leaseUntil !== undefined && Date.parse(row.leaseUntil) > now.getTime();

const leased = (row: Delivery, lease: Lease): Delivery => ({
  ...row,
  owner: lease.owner,
  leaseUntil: new Date(lease.now.getTime() + lease.ms).toISOString(),
});

/**
 * The claim rule: a missing row is created for the claimer; a final row is served; a
 * row someone else holds under a live lease is busy; anything else (expired lease, or
 * the claimer's own) is taken over, its version bumped so the old holder's writes fail.
 */
export function claimDelivery(
  existing: Delivery | undefined,
  target: Target,
  listDate: string,
  lease: Lease,
): { claim: Claim; next?: Delivery } {
  if (!existing) {
    const at = lease.now.toISOString();
    const row = checkDelivery(
      leased(
        { target, listDate, state: 'claimed', paperIds: [], posted: [], createdAt: at, updatedAt: at, version: 1 },
        lease,
      ),
    );
    return { claim: { status: 'claimed', row: copy(row), fresh: true }, next: row };
  }
  if (isFinal(existing)) return { claim: { status: 'served', row: copy(existing) } };
  if (leaseLive(existing, lease.now) && existing.owner !== lease.owner) {
    return { claim: { status: 'busy', row: copy(existing) } };
  }
  const row = leased({ ...existing, version: existing.version + 1 }, lease);
  return { claim: { status: 'claimed', row: copy(row), fresh: false }, next: row };
}

/** Compare-and-set: the stored row must be at `input.version` and held by `lease.owner`. */
export function updateDelivery(existing: Delivery | undefined, input: Delivery, lease: Lease): Delivery {
  const incoming = checkDelivery(input);
  if (!existing || existing.version !== incoming.version || existing.owner !== lease.owner) {
    throw new StoreError(
      'lease_lost',
      `The delivery of ${incoming.listDate} to ${targetKey(incoming.target)} changed under ${lease.owner} ` +
        `(stored version ${existing?.version ?? 'none'}, owner ${existing?.owner ?? 'none'}; ` +
        `expected ${incoming.version}): another instance took it over.`,
    );
  }
  return checkDelivery(
    leased({ ...incoming, version: incoming.version + 1, updatedAt: lease.now.toISOString() }, lease),
  );
}

/** The once-rule over a map of key → expiry (epoch ms). Expired keys are swept as a side effect. */
export function claimOnce(keys: Record<string, number>, key: string, now: Date, ttlMs: number): boolean {
  const t = now.getTime();
  const expires = keys[key];
  if (expires !== undefined && expires > t) return false;
  keys[key] = t + ttlMs;
  return true;
}

export function sweepOnce(keys: Record<string, number>, now: Date): number {
  let n = 0;
  for (const [k, expires] of Object.entries(keys)) {
    if (expires <= now.getTime()) {
      delete keys[k];
      n++;
    }
  }
  return n;
}

export const byListDate = (a: Delivery, b: Delivery): number =>
  a.listDate < b.listDate ? -1 : a.listDate > b.listDate ? 1 : 0;
