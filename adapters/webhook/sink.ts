import type { Target } from '../../src/caller.js';
import type { DigestHeader, DigestSink, DigestSummary, PostedParent } from '../../src/digest/sink.js';
import type { PaperCard } from '../../src/reply.js';
import { deliveryIdOf } from './post.js';

/**
 * A digest as JSON events, one POST each (the webhook has no threads):
 *   {"type":"digest.started",  "digest":"<id>", "place":{…}, "listDate", "title", "subtitle"?}
 *   {"type":"digest.paper",    "digest":"<id>", "place":{…}, "paper":{rank,id,title,…}}
 *   {"type":"digest.finished", "digest":"<id>", "place":{…}, "listDate", "posted", "total"}
 *   {"type":"alert",           "place":{…}, "paper":{rank,id,title,…,why}}   (an alert, on its own)
 * `digest` ties the papers to their digest; it is derived from the ledger's key, so a
 * retried digest keeps its id. The fan-out's ledger makes each post happen once; each
 * POST's Idempotency-Key lets the receiver drop a repeat after a lost answer.
 */
export class WebhookDigestSink implements DigestSink {
  readonly threaded = false;

  /** `platform`: whose places this webhook serves (the composition root says which). */
  constructor(
    readonly platform: string,
    private readonly post: (body: unknown, idempotencyKey: string) => Promise<void>,
  ) {}

  async postParent(target: Target, header: DigestHeader, idempotencyKey: string): Promise<PostedParent> {
    const digest = deliveryIdOf(idempotencyKey);
    await this.post(
      {
        type: 'digest.started',
        digest,
        place: placeOf(target),
        listDate: header.listDate,
        title: header.title,
        ...(header.subtitle ? { subtitle: header.subtitle } : {}),
      },
      idempotencyKey,
    );
    return { parentId: digest, threadId: digest };
  }

  async postPaper(
    target: Target,
    parent: PostedParent,
    card: PaperCard,
    idempotencyKey: string,
  ): Promise<{ messageId: string }> {
    await this.post(
      { type: 'digest.paper', digest: parent.parentId, place: placeOf(target), paper: card },
      idempotencyKey,
    );
    return { messageId: deliveryIdOf(idempotencyKey) };
  }

  async postSingle(target: Target, card: PaperCard, idempotencyKey: string): Promise<{ messageId: string }> {
    await this.post({ type: 'alert', place: placeOf(target), paper: card }, idempotencyKey);
    return { messageId: deliveryIdOf(idempotencyKey) };
  }

  async finished(target: Target, parent: PostedParent, summary: DigestSummary, idempotencyKey: string): Promise<void> {
    await this.post(
      { type: 'digest.finished', digest: parent.parentId, place: placeOf(target), ...summary },
      idempotencyKey,
    );
  }
}

/** The place a digest is for, as the receiver sees it: a channel or a person, by id. */
const placeOf = (t: Target) => ({ kind: t.kind, id: t.id, workspace: t.workspaceId });
