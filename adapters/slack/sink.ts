import { webApi } from '@slack/bolt';
import type { Target } from '../../src/caller.js';
import { DeliveryError, type DigestHeader, type DigestSink, type PostedParent } from '../../src/digest/sink.js';
import { errorFields, type Logger } from '../../src/logger.js';
import type { PaperCard } from '../../src/reply.js';
import { findTagged, metadataFor } from './recovery.js';
import { renderDigestPaper, renderDigestParent, type SlackMessage, withoutImages } from './render.js';
import { saveSealFor } from './save-button.js';

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
  /** Signs each digest paper's Save button (key from the adapter's ButtonKeySource); none without it */
  saveKey?: () => Promise<Uint8Array>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSlackSink(options: SlackSinkOptions): DigestSink {
  const { client, logger } = options;
  const maxWaitMs = options.maxInlineWaitMs ?? 30_000;
  const maxWaits = options.maxInlineWaits ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const dmChannels = new Map<string, string>();
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

  async function post(
    channel: string,
    message: SlackMessage,
    idempotencyKey: string,
    threadTs?: string,
  ): Promise<string> {
    const send = (m: SlackMessage) => () =>
      client.chat.postMessage({
        channel,
        text: m.text,
        blocks: m.blocks,
        unfurl_links: false,
        unfurl_media: false,
        metadata: metadataFor(idempotencyKey),
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
      const channel = await channelFor(target);
      const ts = await post(channel, renderDigestParent(header), idempotencyKey);
      logger.debug('slack digest parent posted', { channel, ts, listDate: header.listDate });
      return { parentId: ts, threadId: ts };
    },
    async postPaper(
      target: Target,
      parent: PostedParent,
      card: PaperCard,
      idempotencyKey: string,
    ): Promise<{ messageId: string }> {
      const channel = await channelFor(target);
      try {
        const seal = options.saveKey
          ? saveSealFor(await options.saveKey(), { teamId: target.workspaceId, channelId: channel })
          : undefined;
        const ts = await post(channel, renderDigestPaper(card, seal), idempotencyKey, parent.threadId);
        return { messageId: ts };
      } catch (err) {
        if (!(err instanceof DeliveryError))
          logger.error('slack digest paper failed', { channel, ...errorFields(err) });
        throw err;
      }
    },
    async findPosted(target: Target, within: PostedParent | undefined, idempotencyKey: string) {
      const channel = await channelFor(target);
      let found: PostedParent | undefined;
      try {
        found = await call('conversations.history', () => findTagged(client, channel, within, idempotencyKey));
      } catch (err) {
        const code =
          err instanceof DeliveryError && err.cause instanceof webApi.WebAPIPlatformError ? err.cause.data.error : '';
        // An install from before the history scopes: post anyway (at worst one repeat) rather than stall the digest.
        if (code !== 'missing_scope' && code !== 'not_allowed_token_type') throw err;
        logger.warn('slack: cannot read history to check an in-doubt post (reinstall the app for the history scopes)', {
          channel,
          code,
        });
        return undefined;
      }
      if (found)
        logger.info('slack: an in-doubt digest post was found; not posting it again', { channel, ts: found.parentId });
      return found;
    },
  };
}
