import type { Target } from '../caller.js';

/**
 * Alerts (`/papers alert`): a topic a place wants to hear about as soon as a matching
 * paper is on the list that is still filling, or as soon as it crosses `minUpvotes`.
 * The definitions follow the rules of subscriptions (one topic per place, at most N per
 * place, decided in one atomic step); the ledger makes each (place, paper) one post,
 * however many instances poll.
 */

/** Local wall-clock hours (HH:MM, 24 h) in the alert's zone; `from` > `to` wraps midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

export interface Alert {
  id: string;
  target: Target;
  /** The topic exactly as typed (compiled by src/topics) */
  topic: string;
  /** normalizeTopicText(topic): one alert per key per place */
  key: string;
  /** Post only once the paper has at least this many upvotes (0: as soon as it is listed) */
  minUpvotes: number;
  /** IANA zone the quiet hours are read in */
  timezone: string;
  quiet?: QuietHours;
  createdBy: string;
  createdAt: string;
  /** Set when posting found the place gone (deleted channel, bot removed) */
  disabled?: { reason: string; at: string };
}

export type AddAlertResult =
  | { outcome: 'added'; alert: Alert; /** 1-based, in the place's list */ position: number }
  | { outcome: 'duplicate'; existing: Alert; position: number }
  | { outcome: 'limit_reached'; count: number };

export interface AlertStore {
  /** One place's alerts in the order they were added; every alert without a place */
  list(target?: Target): Promise<Alert[]>;
  /** Add unless the place has one with the same key, or already has `limit`: one atomic step */
  add(alert: Alert, limit: number): Promise<AddAlertResult>;
  remove(target: Target, id: string): Promise<boolean>;
  /** Stop every alert of a place that is gone; returns how many were stopped */
  disable(target: Target, reason: string, at: string): Promise<number>;
}

/** The right to post (place, paper) until `now + ms` (the digest ledger's Lease, by shape). */
export interface AlertLease {
  owner: string;
  now: Date;
  ms: number;
}

/** One (place, paper) row: claimed while someone posts it, sent for good once posted. */
export interface AlertLedgerRow {
  target: Target;
  paperId: string;
  owner?: string;
  leaseUntil?: string;
  sentAt?: string;
  createdAt: string;
}

export type AlertClaim =
  /** Yours to post until the lease ends; not `fresh` when a dead claimer's row was taken over */
  | { status: 'claimed'; fresh: boolean }
  /** Another owner holds a live lease */
  | { status: 'busy' }
  /** Posted already */
  | { status: 'sent'; sentAt: string };

export interface AlertLedger {
  /** Exactly one of any number of concurrent claimers of (place, paper) gets `claimed`. */
  claim(target: Target, paperId: string, lease: AlertLease): Promise<AlertClaim>;
  /** Record the post; false when `lease.owner` does not hold the row (or it was sent already) */
  markSent(target: Target, paperId: string, lease: AlertLease): Promise<boolean>;
  /** Drop rows created before `before`; returns how many went */
  prune(before: Date): Promise<number>;
}
