import { webApi } from '@slack/bolt';
import type { Target } from '../../src/caller.js';
import { DeliveryError, type DigestHeader, type DigestSink, type PostedParent } from '../../src/digest/sink.js';
import { errorFields, type Logger } from '../../src/logger.js';
import type { PaperCard } from '../../src/reply.js';
import { workspaceGoneReason } from '../../src/workspaces.js';
import { findTagged, metadataFor } from './recovery.js';
import { renderDigestPaper, renderDigestParent, type SlackMessage, withoutImages } from './render.js';
import { sleep as defaultSleep } from '../../src/sleep.js';
import { SLACK_CAPABILITIES, SLACK_NAME } from './capabilities.js';
import { saveSealFor } from './save-button.js';

/**
 * Digest threads on Slack: a chat.postMessage parent, then one reply per paper with the
 * parent's ts as thread_ts (taken from the postMessage answer; history is never read).
 * DMs go through conversations.open, threaded the same way.
 *
 * The clients given here must be built with `rejectRateLimitedCalls: true` and no
 * retries of their own: a 429 means Slack did not post, so waiting Retry-After and posting
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
/** The workspace's token no longer works: the app was removed or its token revoked. */
const TOKEN_GONE = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'not_authed']);
// Slack answers these when it could not fetch or accept an image accessory.
const IMAGE_TROUBLE = new Set(['invalid_blocks', 'invalid_blocks_format', 'downloading_image_failed']);

export interface SlackSinkOptions {
  /** One workspace: its client. */
  client?: webApi.WebClient;
  /**
   * Many workspaces (OAuth): the client with the token of `workspaceId`. Throws
   * DeliveryError `gone` when Paperboy is not installed there.
   */
  clientFor?: (workspaceId: string) => Promise<webApi.WebClient>;
  logger: Logger;
  /** Longest Retry-After absorbed in the sink before handing back `rate_limited` (default 30 s) */
  maxInlineWaitMs?: number;
  /** How many rate-limit waits one post may absorb (default 3) */
  maxInlineWaits?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Signs each digest paper's Save button (key from the adapter's ButtonKeySource); none without it */
  saveKey?: () => Promise<Uint8Array>;
}

type Call = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

const slackCode = (err: unknown): string | undefined =>
  err instanceof DeliveryError && err.cause instanceof webApi.WebAPIPlatformError ? err.cause.data.error : undefined;

/** Slack's refusal in the terms the fan-out acts on. */
function deliveryErrorOf(err: unknown, what: string, maxWaitMs: number): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (!(err instanceof webApi.WebAPIPlatformError))
    return new DeliveryError('transient', `Slack did not answer ${what}`, undefined, { cause: err });
  const code = err.data.error;
  if (GONE.has(code)) return new DeliveryError('gone', `Slack refused ${what}: ${code}`, undefined, { cause: err });
  if (TOKEN_GONE.has(code))
    return new DeliveryError('gone', workspaceGoneReason(`Slack refused its token: ${code}`), undefined, {
      cause: err,
    });
  if (code === 'ratelimited')
    return new DeliveryError('rate_limited', `Slack rate-limited ${what}`, maxWaitMs, { cause: err });
  return new DeliveryError('transient', `Slack refused ${what}: ${code}`, undefined, { cause: err });
}

/** One Web API call: short Retry-After waits absorbed, every failure a DeliveryError. */
function rateLimitedCalls(options: SlackSinkOptions): Call {
  const maxWaitMs = options.maxInlineWaitMs ?? 30_000;
  const maxWaits = options.maxInlineWaits ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  return async (what, fn) => {
    for (let waits = 0; ; waits++) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof webApi.WebAPIRateLimitedError)) throw deliveryErrorOf(err, what, maxWaitMs);
        const retryAfterMs = Math.max(0, err.retryAfter) * 1000;
        if (retryAfterMs > maxWaitMs || waits >= maxWaits)
          throw new DeliveryError(
            'rate_limited',
            `Slack rate-limited ${what}; retry after ${retryAfterMs} ms`,
            retryAfterMs,
            {
              cause: err,
            },
          );
        options.logger.info('slack rate limited; waiting Retry-After before posting again', { what, retryAfterMs });
        await sleep(retryAfterMs);
      }
    }
  };
}

function clientsOf(options: SlackSinkOptions): (target: Target) => Promise<webApi.WebClient> {
  const { client, clientFor } = options;
  if (clientFor) return (target) => clientFor(target.workspaceId);
  if (!client) throw new Error('createSlackSink needs a client or clientFor');
  return () => Promise.resolve(client);
}

/** The channel a target's posts go to: its own id, or the DM with the person (cached: conversations.open is idempotent). */
function channels(call: Call) {
  const dmChannels = new Map<string, string>();
  return async (client: webApi.WebClient, target: Target): Promise<string> => {
    if (target.kind === 'channel') return target.id;
    const key = `${target.workspaceId}:${target.id}`;
    const known = dmChannels.get(key);
    if (known) return known;
    const res = await call('conversations.open', () => client.conversations.open({ users: target.id }));
    const id = res.channel?.id;
    if (!id) throw new DeliveryError('transient', 'Slack conversations.open returned no channel');
    dmChannels.set(key, id);
    return id;
  };
}

interface PostArgs {
  client: webApi.WebClient;
  channel: string;
  message: SlackMessage;
  idempotencyKey: string;
  threadTs?: string;
}

/** chat.postMessage, tagged for findPosted; a thumbnail Slack cannot fetch is dropped rather than the paper. */
function poster(call: Call, logger: Logger) {
  const send = (a: PostArgs, m: SlackMessage) => () =>
    a.client.chat.postMessage({
      channel: a.channel,
      text: m.text,
      blocks: m.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: metadataFor(a.idempotencyKey),
      ...(a.threadTs ? { thread_ts: a.threadTs } : {}),
    });
  return async (a: PostArgs): Promise<string> => {
    let res;
    try {
      res = await call('chat.postMessage', send(a, a.message));
    } catch (err) {
      const code = slackCode(err);
      if (!code || !IMAGE_TROUBLE.has(code)) throw err;
      logger.warn('slack rejected blocks; posting again without images', { channel: a.channel, code });
      res = await call('chat.postMessage', send(a, withoutImages(a.message)));
    }
    if (!res.ts) throw new DeliveryError('transient', 'Slack chat.postMessage returned no ts');
    return res.ts;
  };
}

/** After a takeover: the tagged post, if one was made; an install without the history scopes posts anyway. */
function finder(call: Call, logger: Logger) {
  return async (
    client: webApi.WebClient,
    channel: string,
    within: PostedParent | undefined,
    idempotencyKey: string,
  ): Promise<PostedParent | undefined> => {
    let found: PostedParent | undefined;
    try {
      found = await call('conversations.history', () => findTagged(client, channel, within, idempotencyKey));
    } catch (err) {
      const code = slackCode(err) ?? '';
      // At worst one repeat, rather than a stalled digest.
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
  };
}

export function createSlackSink(options: SlackSinkOptions): DigestSink {
  const { logger } = options;
  const call = rateLimitedCalls(options);
  const clientOf = clientsOf(options);
  const channelFor = channels(call);
  const post = poster(call, logger);
  const find = finder(call, logger);
  const placeOf = async (target: Target) => {
    const client = await clientOf(target);
    return { client, channel: await channelFor(client, target) };
  };

  return {
    platform: SLACK_NAME,
    threaded: SLACK_CAPABILITIES.threads,
    async postParent(target: Target, header: DigestHeader, idempotencyKey: string): Promise<PostedParent> {
      const place = await placeOf(target);
      const ts = await post({ ...place, message: renderDigestParent(header), idempotencyKey });
      logger.debug('slack digest parent posted', { channel: place.channel, ts, listDate: header.listDate });
      return { parentId: ts, threadId: ts };
    },
    async postPaper(target: Target, parent: PostedParent, card: PaperCard, idempotencyKey: string) {
      const place = await placeOf(target);
      try {
        const seal = options.saveKey
          ? saveSealFor(await options.saveKey(), { teamId: target.workspaceId, channelId: place.channel })
          : undefined;
        const message = renderDigestPaper(card, seal);
        return { messageId: await post({ ...place, message, idempotencyKey, threadTs: parent.threadId }) };
      } catch (err) {
        if (!(err instanceof DeliveryError))
          logger.error('slack digest paper failed', { channel: place.channel, ...errorFields(err) });
        throw err;
      }
    },
    async postSingle(target: Target, card: PaperCard, idempotencyKey: string): Promise<{ messageId: string }> {
      const place = await placeOf(target);
      return { messageId: await post({ ...place, message: renderDigestPaper(card), idempotencyKey }) };
    },
    async findPosted(target: Target, within: PostedParent | undefined, idempotencyKey: string) {
      const place = await placeOf(target);
      return find(place.client, place.channel, within, idempotencyKey);
    },
  };
}
