import type { Platform, Target } from '../caller.js';
import type { AlertLedger, AlertStore } from './alert-types.js';

/**
 * What Paperboy remembers, and the rules that must hold however many processes or
 * machines share it. Every rule that protects users — no duplicate topic, at most N per
 * place, one delivery per (place, list), one alert per (place, paper) — is decided inside
 * one store operation (a transaction, or a read-modify-write under the file lock), never
 * by a read in the caller followed by a write. Process memory may cache; it never decides.
 *
 * Implementations: the JSON files (src/store/json/, the embedded default), PostgreSQL
 * (src/store/postgres/, for several instances) and memory (tests). One contract suite,
 * test/store/store.contract.ts, runs against all three. Values are copied in and out,
 * every record is validated (src/store/schema.ts) before it is stored, and failures are
 * StoreErrors with a stable code (src/store/store-error.ts).
 */
export interface Subscription {
  id: string;
  target: Target;
  /** The topic exactly as the person typed it (compiled by src/topics) */
  topic: string;
  /** The form two topics are compared in (normalizeTopicText): one per target */
  key: string;
  createdBy: string;
  createdAt: string;
}

export type AddSubscriptionResult =
  | { outcome: 'added'; subscription: Subscription; /** 1-based, in the target's list */ position: number }
  | { outcome: 'duplicate'; existing: Subscription; position: number }
  | { outcome: 'limit_reached'; count: number };

export interface SubscriptionStore {
  /** One target's subscriptions in the order they were added; all of them without a target */
  list(target?: Target): Promise<Subscription[]>;
  /** Add unless the target has one with the same key, or already has `limit`: one atomic step */
  add(sub: Subscription, limit: number): Promise<AddSubscriptionResult>;
  remove(target: Target, id: string): Promise<boolean>;
}

/** How the last delivery to a place ended; kept on the schedule so pruning the ledger loses nothing users see. */
export interface LastDelivery {
  listDate: string;
  state: DeliveryState;
  posted: number;
  total: number;
  note?: string;
  at: string;
}

export interface DigestSchedule {
  target: Target;
  /** Local time of day, HH:MM (24 h) */
  time: string;
  /** IANA zone, e.g. Europe/Berlin */
  timezone: string;
  top: number;
  minUpvotes: number;
  /** weekly: one roundup of the previous ISO week on `weekday` */
  days: 'weekdays' | 'daily' | 'weekly';
  /** ISO weekday of a weekly digest, Monday 1 … Sunday 7; absent means Monday */
  weekday?: number;
  /** foryou: ordered by the place's saved papers (src/digest/foryou.ts); absent: most upvoted first */
  rank?: 'upvotes' | 'foryou';
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  /** Set when delivery found the target gone (deleted channel, bot removed) */
  disabled?: { reason: string; at: string };
  /**
   * The earliest instant this place may owe a list: the store answers "who is due" with
   * it, so a minute tick reads only what is due. Absent means "check at the next tick".
   * Kept by the digest service; `put` leaves it to the caller.
   */
  dueAt?: string;
  /** Kept by the digest service; `put` never changes it */
  last?: LastDelivery;
}

/** Fields the digest service changes on a schedule without touching the person's settings. */
export interface SchedulePatch {
  dueAt?: string | null;
  last?: LastDelivery;
  disabled?: { reason: string; at: string };
}

export interface DigestStore {
  get(target: Target): Promise<DigestSchedule | undefined>;
  list(): Promise<DigestSchedule[]>;
  /** Insert or replace a target's settings; a stored `last` is kept */
  put(schedule: DigestSchedule): Promise<void>;
  /** Change service-kept fields of an existing schedule; false when there is none */
  patch(target: Target, patch: SchedulePatch): Promise<boolean>;
  remove(target: Target): Promise<boolean>;
  /** Enabled, not disabled schedules whose dueAt is absent or not after `now` */
  due(now: Date): Promise<DigestSchedule[]>;
}

export type DeliveryState = 'claimed' | 'planned' | 'posting' | 'done' | 'skipped' | 'failed';

/** One row of the delivery ledger: one (target, Daily Papers list) pair. */
export interface Delivery {
  target: Target;
  /** The Daily Papers list: a date YYYY-MM-DD, or a week YYYY-MM-DD+week (src/digest/lists.ts) */
  listDate: string;
  /** claimed: someone holds it, nothing planned yet; done and skipped are final */
  state: DeliveryState;
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
  /** Bumped by every write: `update` succeeds only on the version it was read at */
  version: number;
  /** Who may write the row until `leaseUntil` */
  owner?: string;
  leaseUntil?: string;
}

/** The right to work on a row: who asks, at what time, for how long. */
export interface Lease {
  owner: string;
  now: Date;
  ms: number;
}

export type Claim =
  /** Yours until the lease ends; `fresh` when the row did not exist before */
  | { status: 'claimed'; row: Delivery; fresh: boolean }
  /** Delivered or skipped already: nothing to do */
  | { status: 'served'; row: Delivery }
  /** Another owner holds a live lease */
  | { status: 'busy'; row: Delivery };

export interface DeliveryLedger {
  get(target: Target, listDate: string): Promise<Delivery | undefined>;
  /** Rows for a target with listDate >= fromDate, oldest first */
  since(target: Target, fromDate: string): Promise<Delivery[]>;
  /**
   * Take (target, listDate) for `lease.owner`: creates the row, or takes over one whose
   * lease has expired (or is already the owner's). Exactly one of any number of
   * concurrent claimers gets `claimed`.
   */
  claim(target: Target, listDate: string, lease: Lease): Promise<Claim>;
  /**
   * Write `row` if the stored row still has `row.version` and `lease.owner` holds it
   * (compare-and-set); renews the lease. Rejects with StoreError `lease_lost` otherwise.
   */
  update(row: Delivery, lease: Lease): Promise<Delivery>;
  /** Drop rows of lists before `listDate`; returns how many went */
  prune(beforeListDate: string): Promise<number>;
}

/** Keys that may be used once: one alert per (place, paper), one answer per signed request. */
export interface OnceStore {
  /** True for the first claim of `key` while it lives; false while it is taken */
  claim(key: string, now: Date, ttlMs: number): Promise<boolean>;
}

/** Small named values created once and shared by every instance (e.g. a signing key). */
export interface MetaStore {
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/**
 * A platform app installed into one workspace (Slack OAuth distribution). The platform's
 * own record, tokens included, is kept only sealed (src/sealed.ts: AES-256-GCM under
 * PAPERBOY_SECRET_KEY); the store never sees a token in clear.
 */
export interface Installation {
  platform: Platform;
  /** The workspace the app was installed into (Slack team id) */
  workspaceId: string;
  /** The platform's installation record, encrypted */
  sealed: string;
  /** Who installed it (platform user id) */
  installedBy: string;
  installedAt: string;
}

export interface InstallationStore {
  get(platform: Platform, workspaceId: string): Promise<Installation | undefined>;
  /** Insert, or replace the workspace's earlier installation (a reinstall brings new tokens) */
  put(installation: Installation): Promise<void>;
  remove(platform: Platform, workspaceId: string): Promise<boolean>;
  /** Every installation of `platform`, oldest first */
  list(platform: Platform): Promise<Installation[]>;
}
export type {
  AddAlertResult,
  Alert,
  AlertClaim,
  AlertLedger,
  AlertLedgerRow,
  AlertStore,
  QuietHours,
} from './alert-types.js';

/**
 * A paper on a place's reading list (a person's, or a channel's journal club). The
 * paper is kept as it was when saved, so the list, its exports and the "for you" order
 * need no Hugging Face request per paper.
 */
export interface SavedPaper {
  /** This entry's id (not the paper's) */
  id: string;
  target: Target;
  paper: SavedPaperSnapshot;
  savedBy: string;
  savedAt: string;
}

/** What a saved paper keeps: enough to list, cite and compare it. */
export interface SavedPaperSnapshot {
  /** Version-less arXiv id: one entry per (place, paper) */
  id: string;
  title: string;
  authors: string[];
  publishedAt: string;
  summary: string;
  upvotes: number;
  aiKeywords?: string[];
  day?: string;
}

export type AddSavedResult =
  | { outcome: 'added'; saved: SavedPaper; /** 1-based, in the place's list */ position: number }
  | { outcome: 'duplicate'; existing: SavedPaper; position: number }
  | { outcome: 'limit_reached'; count: number };

export interface SavedStore {
  /** One place's saved papers, in the order they were saved; every place's without a target (store:copy) */
  list(target?: Target): Promise<SavedPaper[]>;
  /** Add unless the place has this paper already, or already has `limit`: one atomic step */
  add(entry: SavedPaper, limit: number): Promise<AddSavedResult>;
  /** Remove one entry by its id; false when the place has no such entry */
  remove(target: Target, id: string): Promise<boolean>;
}

export interface Store {
  readonly subscriptions: SubscriptionStore;
  /** Alert definitions (`/papers alert`): one topic per place, at most N per place */
  readonly alerts: AlertStore;
  /** One alert post per (place, paper), across every process */
  readonly alertLedger: AlertLedger;
  /** Reading lists: one entry per (place, paper), at most N per place */
  readonly saved: SavedStore;
  readonly digests: DigestStore;
  readonly deliveries: DeliveryLedger;
  readonly once: OnceStore;
  readonly meta: MetaStore;
  readonly installations: InstallationStore;
  /** "memory", "json" or "postgres": for logs, /readyz and the bench */
  readonly kind: string;
  close(): Promise<void>;
}
