import { z } from 'zod';
import type { Delivery, DigestSchedule, Subscription } from './store.js';
import { StoreError } from './store-error.js';

/**
 * The one description of the records a Store holds, whatever the engine. Every record is
 * validated before it is stored, and the JSON files on load, so a bug elsewhere can never
 * write something the next start would refuse.
 */
export const targetSchema = z.object({
  platform: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'must be a platform name: lower-case letters, digits and hyphens' }),
  /** "" in a Discord DM */
  workspaceId: z.string(),
  kind: z.enum(['channel', 'user']),
  id: z.string().min(1),
});

/**
 * A daily list (YYYY-MM-DD) or, for weekly roundups, the Sunday its ISO week ends on plus
 * "+week" (src/digest/lists.ts): keys that order and prune as the days they end on.
 */
export const listDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(\+week)?$/, { error: 'must be a date YYYY-MM-DD or a week YYYY-MM-DD+week' });
const timestamp = z.string().min(1);

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  target: targetSchema,
  topic: z.string().min(1),
  key: z.string().min(1),
  createdBy: z.string(),
  createdAt: timestamp,
});

const deliveryStateSchema = z.enum(['claimed', 'planned', 'posting', 'done', 'skipped', 'failed']);

export const lastDeliverySchema = z.object({
  listDate: listDateSchema,
  state: deliveryStateSchema,
  posted: z.number().int().min(0),
  total: z.number().int().min(0),
  note: z.string().optional(),
  at: timestamp,
});

const disabledSchema = z.object({ reason: z.string(), at: timestamp });

export const digestScheduleSchema = z.object({
  target: targetSchema,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time HH:MM' }),
  timezone: z.string().min(1),
  top: z.number().int().min(1),
  minUpvotes: z.number().int().min(0),
  days: z.enum(['weekdays', 'daily', 'weekly']),
  /** ISO weekday of a weekly digest: Monday 1 … Sunday 7 (absent: Monday) */
  weekday: z.number().int().min(1).max(7).optional(),
  rank: z.enum(['upvotes', 'foryou']).optional(),
  enabled: z.boolean(),
  createdBy: z.string(),
  createdAt: timestamp,
  disabled: disabledSchema.optional(),
  dueAt: timestamp.optional(),
  last: lastDeliverySchema.optional(),
});

export const schedulePatchSchema = z.object({
  dueAt: timestamp.nullable().optional(),
  last: lastDeliverySchema.optional(),
  disabled: disabledSchema.optional(),
});

export const deliverySchema = z.object({
  target: targetSchema,
  listDate: listDateSchema,
  state: deliveryStateSchema,
  paperIds: z.array(z.string()),
  parentId: z.string().optional(),
  threadId: z.string().optional(),
  posted: z.array(z.string()),
  note: z.string().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number().int().min(0),
  owner: z.string().optional(),
  leaseUntil: timestamp.optional(),
});

/** "subscriptions.0.target.kind: Invalid option…" — short enough for a log line. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const shown = error.issues.slice(0, max).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return shown.join('; ') + more;
}

/** Validate a record before storing it; returns a fresh copy stripped of unknown keys. */
export function checkRecord<T>(schema: z.ZodType<T>, kind: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new StoreError('invalid_record', `Refusing to store an invalid ${kind}: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export const checkSubscription = (s: Subscription): Subscription => checkRecord(subscriptionSchema, 'subscription', s);
export const checkSchedule = (s: DigestSchedule): DigestSchedule =>
  checkRecord(digestScheduleSchema, 'digest schedule', s);
export const checkDelivery = (d: Delivery): Delivery => checkRecord(deliverySchema, 'delivery', d);
