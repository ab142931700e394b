/**
 * A DigestSink that really works, in memory: it keeps every thread it was asked to open,
 * de-duplicates by idempotency key the way Discord's enforce_nonce does (a repeated key
 * returns the first answer and posts nothing), and can be told to fail, so tests drive
 * the fan-out through its real failure paths.
 */
import { targetKey, type Platform, type Target } from '../caller.js';
import type { PaperCard } from '../reply.js';
import { DeliveryError, type DigestHeader, type DigestSink, type PostedParent } from './sink.js';

export interface RecordedThread {
  target: Target;
  header: DigestHeader;
  parent: PostedParent;
  cards: PaperCard[];
}

/** Decides whether a post fails. Return a DeliveryError (or any Error) to fail it. */
export type FailureRule = (post: { kind: PostKind; target: Target; key: string; attempt: number }) => Error | undefined;

/** What a post was: a thread's parent, a paper in a thread, or one paper on its own (an alert). */
export type PostKind = 'parent' | 'paper' | 'single';

/** A paper posted on its own (an alert), with when it was posted (the clock, fake in tests). */
export interface RecordedSingle {
  target: Target;
  card: PaperCard;
  at: string;
}

export class MemoryDigestSink implements DigestSink {
  readonly threads: RecordedThread[] = [];
  /** Every call, including failed and de-duplicated ones, for assertions */
  readonly singles: RecordedSingle[] = [];
  readonly calls: { kind: PostKind; key: string; outcome: 'posted' | 'deduped' | 'failed' }[] = [];
  readonly #byKey = new Map<string, unknown>();
  readonly #attempts = new Map<string, number>();
  readonly #gone = new Set<string>();
  #failureRule: FailureRule | undefined;
  #nextId = 1;

  /** It models a platform with threads (Discord, Slack) */
  readonly threaded = true;

  constructor(readonly platform: Platform) {}

  /** Make posts fail; the rule sees each attempt (1-based per idempotency key). */
  failWhen(rule: FailureRule | undefined): void {
    this.#failureRule = rule;
  }

  /** The target behaves like a deleted channel from now on. */
  markGone(target: Target): void {
    this.#gone.add(targetKey(target));
  }

  threadsFor(target: Target): RecordedThread[] {
    return this.threads.filter((t) => targetKey(t.target) === targetKey(target));
  }

  async postParent(target: Target, header: DigestHeader, idempotencyKey: string): Promise<PostedParent> {
    this.#check('parent', target, idempotencyKey);
    const seen = this.#byKey.get(idempotencyKey) as PostedParent | undefined;
    if (seen) {
      this.calls.push({ kind: 'parent', key: idempotencyKey, outcome: 'deduped' });
      return { ...seen };
    }
    const id = `m${this.#nextId++}`;
    const parent: PostedParent = { parentId: id, threadId: `t-${id}` };
    this.#byKey.set(idempotencyKey, parent);
    this.threads.push({ target, header: { ...header }, parent, cards: [] });
    this.calls.push({ kind: 'parent', key: idempotencyKey, outcome: 'posted' });
    return { ...parent };
  }

  async postPaper(
    target: Target,
    parent: PostedParent,
    card: PaperCard,
    idempotencyKey: string,
  ): Promise<{ messageId: string }> {
    this.#check('paper', target, idempotencyKey);
    const seen = this.#byKey.get(idempotencyKey) as { messageId: string } | undefined;
    if (seen) {
      this.calls.push({ kind: 'paper', key: idempotencyKey, outcome: 'deduped' });
      return { ...seen };
    }
    const thread = this.threads.find((t) => t.parent.threadId === parent.threadId);
    if (!thread) throw new DeliveryError('gone', `unknown thread ${parent.threadId}`);
    const messageId = `m${this.#nextId++}`;
    this.#byKey.set(idempotencyKey, { messageId });
    thread.cards.push({ ...card });
    this.calls.push({ kind: 'paper', key: idempotencyKey, outcome: 'posted' });
    return { messageId };
  }

  async postSingle(target: Target, card: PaperCard, idempotencyKey: string): Promise<{ messageId: string }> {
    this.#check('single', target, idempotencyKey);
    const seen = this.#byKey.get(idempotencyKey) as { messageId: string } | undefined;
    if (seen) {
      this.calls.push({ kind: 'single', key: idempotencyKey, outcome: 'deduped' });
      return { ...seen };
    }
    const messageId = `m${this.#nextId++}`;
    this.#byKey.set(idempotencyKey, { messageId });
    this.singles.push({ target, card: { ...card }, at: new Date().toISOString() });
    this.calls.push({ kind: 'single', key: idempotencyKey, outcome: 'posted' });
    return { messageId };
  }

  #check(kind: PostKind, target: Target, key: string): void {
    const attempt = (this.#attempts.get(key) ?? 0) + 1;
    this.#attempts.set(key, attempt);
    let failure: Error | undefined;
    if (this.#gone.has(targetKey(target))) failure = new DeliveryError('gone', 'Unknown Channel (10003)');
    else failure = this.#failureRule?.({ kind, target, key, attempt });
    if (failure) {
      this.calls.push({ kind, key, outcome: 'failed' });
      throw failure;
    }
  }
}
