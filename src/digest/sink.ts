import type { Platform, Target } from '../caller.js';
import type { PaperCard } from '../reply.js';

/**
 * Where a digest goes. Each platform implements it (Discord: parent message +
 * startThread; Slack: chat.postMessage + thread_ts; terminal: printed; webhook: one POST
 * per post). The fan-out in src/digest/ drives it through the delivery ledger, so a sink
 * only posts. A digest is a parent and its papers; whether the papers appear inside a
 * thread under the parent is the sink's (`threaded`), not an assumption of the core.
 */
export interface DigestHeader {
  listDate: string;
  /** "Daily Papers · Fri 21 Aug 2026 · 17 papers, top 10" */
  title: string;
  /** Optional second line, e.g. which topics filtered the list */
  subtitle?: string;
  /** Name for the thread (Discord needs 1–100 characters) */
  threadName: string;
}

export interface PostedParent {
  parentId: string;
  /**
   * Where the papers go: Discord thread channel id; Slack thread_ts; the DM channel for
   * DMs. A sink without threads gives the parent's own id (it ties the papers to it).
   */
  threadId: string;
}

/** What a finished digest comes to, for sinks that close it off (`finished`). */
export interface DigestSummary {
  listDate: string;
  /** Papers posted, in order */
  posted: number;
  total: number;
}

export interface DigestSink {
  readonly platform: Platform;
  /**
   * Papers appear inside a thread under the parent (Discord, Slack, the terminal). False
   * or left out: each paper is a post of its own that names its digest. Replies say "in a
   * thread" only when it is true.
   */
  readonly threaded?: boolean;
  /**
   * Post the parent message and open its thread. `idempotencyKey` is stable across
   * retries and restarts for the same (target, list); sinks that can (Discord's
   * enforce_nonce) use it so an in-doubt retry cannot create a second parent.
   */
  postParent(target: Target, header: DigestHeader, idempotencyKey: string): Promise<PostedParent>;
  /** Post one paper into the thread opened by postParent. */
  postPaper(
    target: Target,
    parent: PostedParent,
    card: PaperCard,
    idempotencyKey: string,
  ): Promise<{ messageId: string }>;
  /**
   * Post one paper on its own, outside any thread (an alert: the card carries its
   * "matched: …" line). `idempotencyKey` is stable per (target, paper), used as in
   * postParent; on Slack `findPosted(target, undefined, key)` finds it after a takeover.
   */
  postSingle(target: Target, card: PaperCard, idempotencyKey: string): Promise<{ messageId: string }>;
  /**
   * For sinks whose platform takes no idempotency key (Slack): after a takeover, look for
   * the message a post with `idempotencyKey` made — the parent when `within` is
   * undefined, else a paper inside that thread. Returns the message (and its thread), or
   * undefined when none was posted. Sinks whose posts are idempotent leave it out.
   */
  findPosted?(
    target: Target,
    within: PostedParent | undefined,
    idempotencyKey: string,
  ): Promise<PostedParent | undefined>;
  /**
   * The digest is complete: every planned paper is posted and the ledger says done.
   * Called at most once per (target, list) by the process that finished it (a crash
   * just before may skip it; it is a courtesy, never part of exactly-once). Sinks that
   * have nothing to close leave it out.
   */
  finished?(target: Target, parent: PostedParent, summary: DigestSummary, idempotencyKey: string): Promise<void>;
}

/**
 * Why a post failed, in terms the fan-out acts on: `gone` disables the target (deleted
 * channel, bot removed: Discord 10003/50001, Slack channel_not_found/not_in_channel/
 * is_archived), `rate_limited` waits retryAfterMs, `transient` retries with backoff.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'gone' | 'rate_limited' | 'transient',
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
