import { webApi } from '@slack/bolt';
import { targetKey, type Target } from '../../src/caller.js';
import { DeliveryError, type DigestHeader, type DigestSink, type PostedParent } from '../../src/digest/sink.js';
import { errorFields, type Logger } from '../../src/logger.js';
import type { PaperCard } from '../../src/reply.js';
import { renderDigestPaper, renderDigestParent, type SlackMessage, withoutImages } from './render.js';

/**
 * Digest threads on Slack: a chat.postMessage parent, then one reply per paper with the
 * parent's ts as thread_ts (taken from the postMessage answer; history is never read).
 * DMs go through conversations.open, threaded the same way.
 *
 * The client given here must be built with `rejectRateLimitedCalls: true` and no
 * retries of its own: a 429 means Slack did not post, so waiting Retry-After and posting
 * again cannot duplicate, whereas a blind retry after a lost answer could. Short waits
 * are absorbed here; longer ones go back to the fan-out as `rate_limited`.
 */
const GONE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  // DM targets: the person left or the id is wrong; retrying will not help.
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
]);
// Slack answers these when it could not fetch or accept an image accessory.
const IMAGE_TROUBLE = new Set(['invalid_blocks', 'invalid_blocks_format', 'downloading_image_failed']);

export interface SlackSinkOptions {
  client: webApi.WebClient;
  logger: Logger;
  /** Longest Retry-After absorbed in the sink before handing back `rate_limited` (default 30 s) */
  maxInlineWaitMs?: number;
  /** How many rate-limit waits one post may absorb (default 3) */
  maxInlineWaits?: number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_REMEMBERED_KEYS = 10_000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSlackSink(options: SlackSinkOptions): DigestSink {
  const { client, logger } = options;
  const maxWaitMs = options.maxInlineWaitMs ?? 30_000;
  const maxWaits = options.maxInlineWaits ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const dmChannels = new Map<string, string>();
  // Slack's chat.postMessage takes no idempotency key, so the sink remembers what each key
  // produced: a retry of a post that succeeded (its answer reached us, the ledger write did
  // not happen yet) returns the first result instead of posting again. Across restarts
  // the ledger covers it; bounded so a long-running process does not grow without limit.
  const done = new Map<string, unknown>();
  const remember = <T>(key: string, value: T): T => {
    done.set(key, value);
    if (done.size > MAX_REMEMBERED_KEYS) done.delete(done.keys().next().value!);
    return value;
  };

  /** One Web API call with Slack's failures translated into DeliveryError kinds. */
  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits++) {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof webApi.WebAPIRateLimitedError) {
          const retryAfterMs = Math.max(0, err.retryAfter) * 1000;
          if (retryAfterMs <= maxWaitMs && waits < maxWaits) {
            logger.info('slack rate limited; waiting Retry-After before posting again', { what, retryAfterMs });
            await sleep(retryAfterMs);
            continue;
          }
          throw new DeliveryError(
            'rate_limited',
            `Slack rate-limited ${what}; retry after ${retryAfterMs} ms`,
            retryAfterMs,
            { cause: err },
          );
        }
        if (err instanceof webApi.WebAPIPlatformError) {
          const code = err.data.error;
          if (GONE.has(code))
            throw new DeliveryError('gone', `Slack refused ${what}: ${code}`, undefined, { cause: err });
          if (code === 'ratelimited')
            throw new DeliveryError('rate_limited', `Slack rate-limited ${what}`, maxWaitMs, { cause: err });
          throw new DeliveryError('transient', `Slack refused ${what}: ${code}`, undefined, { cause: err });
        }
        throw new DeliveryError('transient', `Slack did not answer ${what}`, undefined, { cause: err });
      }
    }
  }

  async function channelFor(target: Target): Promise<string> {
    if (target.kind === 'channel') return target.id;
    const known = dmChannels.get(target.id);
    if (known) return known;
    // conversations.open is idempotent: it returns the same DM channel every time.
    const res = await call('conversations.open', () => client.conversations.open({ users: target.id }));
    const id = res.channel?.id;
    if (!id) throw new DeliveryError('transient', 'Slack conversations.open returned no channel');
    dmChannels.set(target.id, id);
    return id;
  }

  async function post(channel: string, message: SlackMessage, threadTs?: string): Promise<string> {
    const send = (m: SlackMessage) => () =>
      client.chat.postMessage({
        channel,
        text: m.text,
        blocks: m.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    let res;
    try {
      res = await call('chat.postMessage', send(message));
    } catch (err) {
      // A thumbnail Slack cannot fetch rejects the whole message; the paper matters more.
      const code =
        err instanceof DeliveryError && err.cause instanceof webApi.WebAPIPlatformError
          ? err.cause.data.error
          : undefined;
      if (!code || !IMAGE_TROUBLE.has(code)) throw err;
      logger.warn('slack rejected blocks; posting again without images', { channel, code });
      res = await call('chat.postMessage', send(withoutImages(message)));
    }
    if (!res.ts) throw new DeliveryError('transient', 'Slack chat.postMessage returned no ts');
    return res.ts;
  }

  return {
    platform: 'slack',
    async postParent(target: Target, header: DigestHeader, idempotencyKey: string): Promise<PostedParent> {
      const key = `${targetKey(target)}|${idempotencyKey}`;
      if (done.has(key)) return done.get(key) as PostedParent;
      const channel = await channelFor(target);
      const ts = await post(channel, renderDigestParent(header));
      logger.debug('slack digest parent posted', { channel, ts, listDate: header.listDate });
      return remember(key, { parentId: ts, threadId: ts });
    },
    async postPaper(
      target: Target,
      parent: PostedParent,
      card: PaperCard,
      idempotencyKey: string,
    ): Promise<{ messageId: string }> {
      const key = `${targetKey(target)}|${idempotencyKey}`;
      if (done.has(key)) return done.get(key) as { messageId: string };
      const channel = await channelFor(target);
      try {
        const ts = await post(channel, renderDigestPaper(card), parent.threadId);
        return remember(key, { messageId: ts });
      } catch (err) {
        if (!(err instanceof DeliveryError))
          logger.error('slack digest paper failed', { channel, ...errorFields(err) });
        throw err;
      }
    },
  };
}
