import type { Platform, Target } from '../caller.js';
import type { PaperCard } from '../reply.js';

/**
 * Where a digest thread goes. Each adapter implements it (Discord: parent message +
 * startThread; Slack: chat.postMessage + thread_ts; terminal: printed). The fan-out in
 * src/digest/ drives it through the delivery ledger, so a sink only posts.
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
  /** Discord thread channel id; Slack thread_ts; the DM channel for DMs */
  threadId: string;
}

export interface DigestSink {
  readonly platform: Platform;
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
