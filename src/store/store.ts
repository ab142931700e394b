import type { Target } from '../caller.js';

/**
 * What Paperboy remembers. Narrow on purpose (three small collections) so that a
 * PostgreSQL implementation can follow the lowdb one. Implementations: lowdb JSON file
 * (the embedded default) and in-memory; test/store/store.contract.ts runs against both.
 * Values are copied in and out (callers cannot change stored state), every record is
 * validated (src/store/schema.ts) before it is stored, lists keep insertion order, and
 * failures are StoreErrors with a stable code (src/store/store-error.ts).
 */
export interface Subscription {
  id: string;
  target: Target;
  /** The topic exactly as the person typed it (compiled by src/topics) */
  topic: string;
  createdBy: string;
  createdAt: string;
}

export interface DigestSchedule {
  target: Target;
  /** Local time of day, HH:MM (24 h) */
  time: string;
  /** IANA zone, e.g. Europe/Berlin */
  timezone: string;
  top: number;
  minUpvotes: number;
  days: 'weekdays' | 'daily';
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  /** Set when delivery found the target gone (deleted channel, bot removed) */
  disabled?: { reason: string; at: string };
}

/** One row of the delivery ledger: one (target, Daily Papers list) pair. */
export interface Delivery {
  target: Target;
  /** The Daily Papers list date, YYYY-MM-DD */
  listDate: string;
  state: 'planned' | 'posting' | 'done' | 'skipped' | 'failed';
  /** Papers chosen for this delivery, in posting order (fixed once planned) */
  paperIds: string[];
  /** Platform id of the parent message, once posted */
  parentId?: string;
  /** Platform id of the thread (Discord thread channel, Slack thread_ts) */
  threadId?: string;
  /** Paper ids confirmed posted */
  posted: string[];
  note?: string;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionStore {
  list(target?: Target): Promise<Subscription[]>;
  add(sub: Subscription): Promise<void>;
  remove(id: string): Promise<boolean>;
}

export interface DigestStore {
  list(): Promise<DigestSchedule[]>;
  get(target: Target): Promise<DigestSchedule | undefined>;
  put(schedule: DigestSchedule): Promise<void>;
  remove(target: Target): Promise<boolean>;
}

export interface DeliveryLedger {
  get(target: Target, listDate: string): Promise<Delivery | undefined>;
  /** Insert or replace the row for (target, listDate); durable when the promise resolves */
  put(delivery: Delivery): Promise<void>;
  /** Rows for a target with listDate >= fromDate, oldest first */
  since(target: Target, fromDate: string): Promise<Delivery[]>;
}

export interface Store {
  subscriptions: SubscriptionStore;
  digests: DigestStore;
  deliveries: DeliveryLedger;
  close(): Promise<void>;
}
