import { createHash } from 'node:crypto';
import {
  DiscordAPIError,
  RateLimitError,
  RESTJSONErrorCodes,
  Routes,
  type APIChannel,
  type APIEmbed,
  type APIMessage,
  type Client,
} from 'discord.js';
import type { ButtonKeySource } from '../../src/button-key.js';
import type { Target } from '../../src/caller.js';
import { DeliveryError, type DigestHeader, type DigestSink, type PostedParent } from '../../src/digest/sink.js';
import type { Logger } from '../../src/logger.js';
import type { PaperCard } from '../../src/reply.js';
import { Pacer } from './pacer.js';
import { cardEmbed, digestHeaderEmbed, threadName } from './render.js';
import { DISCORD_CAPABILITIES, DISCORD_NAME } from './capabilities.js';
import { saveRows } from './save-button.js';

/**
 * Digests on Discord: a parent message in the channel with a public thread started on
 * it, one embed per paper inside; for people, the same series in their DM channel.
 *
 * Every send carries a nonce derived from the ledger's idempotency key with
 * enforce_nonce, so when a post is in doubt (sent, but the answer was lost, or we
 * crashed) the retry gets the SAME message back from Discord instead of a second copy.
 * Discord's REST client (discord.js) waits out 429s itself and retries 5xx; that retry
 * reuses the body, nonce included, so it cannot duplicate either.
 */

/** Discord errors that mean the place is gone or closed to us: stop, don't retry. */
const GONE = new Set<number>([
  RESTJSONErrorCodes.MissingAccess, // 50001: bot removed from the guild / channel hidden
  RESTJSONErrorCodes.UnknownChannel, // 10003: channel deleted
  RESTJSONErrorCodes.MissingPermissions, // 50013: no Send Messages / Create Public Threads
  RESTJSONErrorCodes.CannotSendMessagesToThisUser, // 50007: DMs closed
  RESTJSONErrorCodes.UnknownUser, // 10013
  RESTJSONErrorCodes.UnknownGuild, // 10004
]);

/** Discord nonces are at most 25 characters; a hash keeps them stable per key. */
export const nonceFor = (idempotencyKey: string): string =>
  createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 25);

export function toDeliveryError(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  // Only long waits get here (see LONG_RATE_LIMIT_MS): the fan-out waits them out, not a worker.
  if (err instanceof RateLimitError) {
    return new DeliveryError(
      'rate_limited',
      `${what}: rate limited for ${Math.round(err.retryAfter / 1000)} s (${err.route})`,
      err.retryAfter,
      { cause: err },
    );
  }
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : Number(err.code);
    if (GONE.has(code))
      return new DeliveryError('gone', `${what}: Discord says ${err.message} (${code})`, undefined, { cause: err });
    if (err.status === 429) return new DeliveryError('rate_limited', `${what}: rate limited`, 1000, { cause: err });
    return new DeliveryError('transient', `${what}: Discord answered ${err.status} ${err.message}`, undefined, {
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError('transient', `${what}: ${message}`, undefined, { cause: err });
}

export class DiscordDigestSink implements DigestSink {
  readonly platform = DISCORD_NAME;
  readonly threaded = DISCORD_CAPABILITIES.threads;
  /** user id → DM channel id (stable on Discord, so one lookup per person) */
  readonly #dmChannels = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    /**
     * Shared by every digest request: Discord's global 50/s, with a burst of 5 so a late
     * timer does not cost throughput (5 + 50·t never exceeds a 50-token bucket).
     */
    private readonly pacer = new Pacer(50, 5),
    /** Signs each paper's Save button; without it, digest papers have none */
    private readonly saveKeys?: ButtonKeySource,
  ) {}

  async postParent(target: Target, header: DigestHeader, idempotencyKey: string): Promise<PostedParent> {
    const channelId = await this.channelFor(target);
    const parent = await this.send(channelId, digestHeaderEmbed(header), idempotencyKey, 'digest parent');
    if (target.kind === 'user') return { parentId: parent.id, threadId: channelId };
    const threadId = await this.startThread(channelId, parent.id, threadName(header));
    return { parentId: parent.id, threadId };
  }

  async postPaper(
    _target: Target,
    parent: PostedParent,
    card: PaperCard,
    idempotencyKey: string,
  ): Promise<{ messageId: string }> {
    // The Save button is bound to the thread (or DM) the paper is posted in.
    const components = this.saveKeys ? saveRows([card], parent.threadId, await this.saveKeys.buttonKey()) : [];
    const message = await this.send(parent.threadId, cardEmbed(card), idempotencyKey, 'digest paper', components);
    return { messageId: message.id };
  }

  async postSingle(target: Target, card: PaperCard, idempotencyKey: string): Promise<{ messageId: string }> {
    const channelId = await this.channelFor(target);
    const message = await this.send(channelId, cardEmbed(card), idempotencyKey, 'alert');
    return { messageId: message.id };
  }

  private async channelFor(target: Target): Promise<string> {
    if (target.kind === 'channel') return target.id;
    const known = this.#dmChannels.get(target.id);
    if (known) return known;
    try {
      await this.pacer.take();
      const dm = (await this.client.rest.post(Routes.userChannels(), {
        body: { recipient_id: target.id },
      })) as APIChannel;
      this.#dmChannels.set(target.id, dm.id);
      return dm.id;
    } catch (err) {
      throw toDeliveryError(err, `opening a DM with ${target.id}`);
    }
  }

  private async send(
    channelId: string,
    embed: APIEmbed,
    idempotencyKey: string,
    what: string,
    components: unknown[] = [],
  ): Promise<APIMessage> {
    try {
      await this.pacer.take();
      return (await this.client.rest.post(Routes.channelMessages(channelId), {
        body: {
          embeds: [embed],
          ...(components.length ? { components } : {}),
          allowed_mentions: { parse: [] },
          nonce: nonceFor(idempotencyKey),
          enforce_nonce: true,
        },
      })) as APIMessage;
    } catch (err) {
      throw toDeliveryError(err, `${what} to ${channelId}`);
    }
  }

  private async startThread(channelId: string, messageId: string, name: string): Promise<string> {
    try {
      await this.pacer.take();
      const thread = (await this.client.rest.post(Routes.threads(channelId, messageId), {
        body: { name, auto_archive_duration: 1440 },
      })) as APIChannel;
      return thread.id;
    } catch (err) {
      // The thread exists already (an in-doubt retry after it was made): a thread
      // started on a message has that message's id, so we can carry on in it.
      if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
        this.logger.info('digest thread already existed; resuming it', { channelId, messageId });
        return messageId;
      }
      throw toDeliveryError(err, `starting the digest thread in ${channelId}`);
    }
  }
}
