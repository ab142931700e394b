/**
 * The alert rules as pure functions over plain records, run by the engines that keep
 * records themselves (memory, JSON files) inside their own atomic step; PostgreSQL
 * states the same rules in SQL (src/store/postgres/alerts.ts). The alert contract suite
 * (test/store/alerts.contract.ts) holds all three to the same behaviour.
 */
import { z } from 'zod';
import { targetKey, type Target } from '../caller.js';
import type { AddAlertResult, Alert, AlertClaim, AlertLease, AlertLedgerRow } from './alert-types.js';
import { checkRecord, targetSchema } from './schema.js';
import { StoreError } from './store-error.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time HH:MM' });
const timestamp = z.string().min(1);

export const alertSchema = z.object({
  id: z.string().min(1),
  target: targetSchema,
  topic: z.string().min(1),
  key: z.string().min(1),
  minUpvotes: z.number().int().min(0),
  timezone: z.string().min(1),
  quiet: z.object({ from: clock, to: clock }).optional(),
  createdBy: z.string(),
  createdAt: timestamp,
  disabled: z.object({ reason: z.string(), at: timestamp }).optional(),
});

export const alertLedgerRowSchema = z.object({
  target: targetSchema,
  paperId: z.string().min(1),
  owner: z.string().optional(),
  leaseUntil: timestamp.optional(),
  sentAt: timestamp.optional(),
  createdAt: timestamp,
});

export const checkAlert = (a: Alert): Alert => checkRecord(alertSchema, 'alert', a);
const checkRow = (r: AlertLedgerRow): AlertLedgerRow => checkRecord(alertLedgerRowSchema, 'alert ledger row', r);

const same = (a: Target, b: Target): boolean => targetKey(a) === targetKey(b);
const copy = <T>(v: T): T => structuredClone(v);

/** Add to a place's alerts (the caller passes every stored alert of that place, or more). */
export function addAlert(all: Alert[], input: Alert, limit: number): { result: AddAlertResult; changed: boolean } {
  const alert = checkAlert(input);
  if (all.some((a) => a.id === alert.id)) {
    throw new StoreError('duplicate_id', `An alert with id ${alert.id} is already stored.`);
  }
  const mine = all.filter((a) => same(a.target, alert.target));
  const at = mine.findIndex((a) => a.key === alert.key);
  if (at >= 0) return { result: { outcome: 'duplicate', existing: copy(mine[at]!), position: at + 1 }, changed: false };
  if (mine.length >= limit) return { result: { outcome: 'limit_reached', count: mine.length }, changed: false };
  all.push(alert);
  return { result: { outcome: 'added', alert: copy(alert), position: mine.length + 1 }, changed: true };
}

export function removeAlert(all: Alert[], target: Target, id: string): boolean {
  const at = all.findIndex((a) => a.id === id && same(a.target, target));
  if (at < 0) return false;
  all.splice(at, 1);
  return true;
}

/** Mark a place's running alerts stopped; returns how many changed. */
export function disableAlerts(all: Alert[], target: Target, reason: string, at: string): number {
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const a = all[i]!;
    if (!same(a.target, target) || a.disabled) continue;
    all[i] = checkAlert({ ...a, disabled: { reason, at } });
    n++;
  }
  return n;
}

export const alertsOf = (all: readonly Alert[], target: Target): Alert[] => all.filter((a) => same(a.target, target));

function checkLease(lease: AlertLease): AlertLease {
  const until = lease?.now instanceof Date ? lease.now.getTime() + lease.ms : NaN;
  if (typeof lease?.owner !== 'string' || !Number.isFinite(until)) {
    throw new StoreError(
      'invalid_record',
      'Refusing an alert lease without an owner, a valid time and a length in ms.',
    );
  }
  return lease;
}

/**
 * The claim rule: a missing row is created for the claimer; a sent row stays sent; a
 * row another owner holds under a live lease is busy; anything else (an expired lease,
 * or the claimer's own) is taken over.
 */
export function claimAlertRow(
  existing: AlertLedgerRow | undefined,
  target: Target,
  paperId: string,
  input: AlertLease,
): { claim: AlertClaim; next?: AlertLedgerRow } {
  const lease = checkLease(input);
  const leaseUntil = new Date(lease.now.getTime() + lease.ms).toISOString();
  if (!existing) {
    const row = checkRow({ target, paperId, owner: lease.owner, leaseUntil, createdAt: lease.now.toISOString() });
    return { claim: { status: 'claimed', fresh: true }, next: row };
  }
  if (existing.sentAt) return { claim: { status: 'sent', sentAt: existing.sentAt } };
  const live = existing.leaseUntil !== undefined && Date.parse(existing.leaseUntil) > lease.now.getTime();
  if (live && existing.owner !== lease.owner) return { claim: { status: 'busy' } };
  return { claim: { status: 'claimed', fresh: false }, next: { ...existing, owner: lease.owner, leaseUntil } };
}

/** Sent, if `lease.owner` holds the unsent row. */
export function markAlertRow(existing: AlertLedgerRow | undefined, input: AlertLease): AlertLedgerRow | undefined {
  const lease = checkLease(input);
  if (!existing || existing.sentAt || existing.owner !== lease.owner) return undefined;
  const { owner: _o, leaseUntil: _l, ...rest } = existing;
  return { ...rest, sentAt: lease.now.toISOString() };
}

export const rowIs = (r: AlertLedgerRow, target: Target, paperId: string): boolean =>
  r.paperId === paperId && same(r.target, target);

/** Drop rows created before `before`, in place; returns how many went. */
export function pruneAlertRows(rows: AlertLedgerRow[], before: Date): number {
  const keep = rows.filter((r) => Date.parse(r.createdAt) >= before.getTime());
  const gone = rows.length - keep.length;
  rows.splice(0, rows.length, ...keep);
  return gone;
}
