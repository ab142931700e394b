import { z } from 'zod';
import type { Delivery, DigestSchedule, Subscription } from './store.js';
import { StoreError } from './store-error.js';

/**
 * The one description of what a Store holds. Used to validate a data file on load and
 * every record before it is stored, so a bug elsewhere can never write a file that the
 * next start would refuse.
 */
export const targetSchema = z.object({
  platform: z.enum(['discord', 'slack', 'terminal']),
  /** "" in a Discord DM */
  workspaceId: z.string(),
  kind: z.enum(['channel', 'user']),
  id: z.string().min(1),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' });
const timestamp = z.string().min(1);

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  target: targetSchema,
  topic: z.string().min(1),
  createdBy: z.string(),
  createdAt: timestamp,
});

export const digestScheduleSchema = z.object({
  target: targetSchema,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time HH:MM' }),
  timezone: z.string().min(1),
  top: z.number().int().min(1),
  minUpvotes: z.number().int().min(0),
  days: z.enum(['weekdays', 'daily']),
  enabled: z.boolean(),
  createdBy: z.string(),
  createdAt: timestamp,
  disabled: z.object({ reason: z.string(), at: timestamp }).optional(),
});

export const deliverySchema = z.object({
  target: targetSchema,
  listDate: day,
  state: z.enum(['planned', 'posting', 'done', 'skipped', 'failed']),
  paperIds: z.array(z.string()),
  parentId: z.string().optional(),
  threadId: z.string().optional(),
  posted: z.array(z.string()),
  note: z.string().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** The schema version this code reads and writes. Older files are migrated on open. */
export const CURRENT_VERSION = 1;

export const storeDocumentSchema = z.object({
  version: z.literal(CURRENT_VERSION),
  subscriptions: z.array(subscriptionSchema),
  digests: z.array(digestScheduleSchema),
  deliveries: z.array(deliverySchema),
});

export interface StoreDocument {
  version: typeof CURRENT_VERSION;
  subscriptions: Subscription[];
  digests: DigestSchedule[];
  deliveries: Delivery[];
}

export const emptyDocument = (): StoreDocument => ({
  version: CURRENT_VERSION,
  subscriptions: [],
  digests: [],
  deliveries: [],
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
