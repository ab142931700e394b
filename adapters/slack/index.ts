import type { Server } from 'node:http';
import { App, type RespondFn, webApi } from '@slack/bolt';
import type { Bot } from '../../src/bot.js';
import type { Caller } from '../../src/caller.js';
import type { Command, Services } from '../../src/command.js';
import { ConfigError, type Config } from '../../src/config.js';
import type { DigestSink } from '../../src/digest/sink.js';
import { errorFields, type Logger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { boltLogger } from './bolt-logger.js';
import { afterUpload, uploadAttachment } from './files.js';
import { safeText } from './escape.js';
import { decodePageState, PAGE_ACTION_PREFIX, pageCommandText } from './paging.js';
import { CHANNEL_RIGHTS_NOTE, createChannelPermissions } from './permissions.js';
import { renderReply, type SlackMessage, withoutImages } from './render.js';
import { createSlackSink } from './sink.js';

export { renderReply, renderDigestPaper, renderDigestParent, SLACK_LIMITS } from './render.js';
export { createSlackSink } from './sink.js';
export { escapeSlack, safeData, safeText } from './escape.js';

type SlackConfig = NonNullable<Config['slack']>;

export interface SlackDeps {
  bot: Bot;
  /** The command list (defaults to bot.commands); read for each command's scope */
  commands?: readonly Command[];
  services?: Services;
  config: SlackConfig;
  logger: Logger;
  /** Where the HTTP receiver listens; default all interfaces (tests pass 127.0.0.1) */
  host?: string;
  /** WebClient retry policy for the App's own calls; tests pass `{ retries: 0 }` */
  retryConfig?: webApi.RetryOptions;
  /** Longest Retry-After the digest sink waits out itself (default 30 s) */
  maxRateLimitWaitMs?: number;
}

export interface SlackAdapter {
  sink: DigestSink;
  stop(): Promise<void>;
  app: App;
  /** The HTTP server in HTTP mode (undefined in Socket Mode) */
  server?: Server;
}

/**
 * Slack through Bolt: HTTP receiver (SLACK_SIGNING_SECRET, PORT), or Socket Mode when
 * SLACK_APP_TOKEN is set so a team without a public URL can run it. Translates only:
 * `/papers <text>` → bot.handle → Block Kit via respond(); paging buttons re-run the
 * command with `page=k`; digests go through the returned sink.
 */
export async function startSlack(deps: SlackDeps): Promise<SlackAdapter> {
  const { bot, config, logger } = deps;
  const commands = deps.commands ?? bot.commands;
  const socketMode = config.appToken !== undefined;
  const slackApiUrl = config.apiUrl ? `${config.apiUrl}/` : undefined;
  const clientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    // A few quick retries: the App's client answers people (users.info) and must not
    // sit in the WebClient's default half-hour retry schedule.
    retryConfig: deps.retryConfig ?? APP_RETRY,
  };

  // Check the token ourselves, before Bolt: Bolt runs auth.test in its constructor as a
  // floating promise, so a bad token would surface as an unhandled rejection. Handing it
  // the bot ids makes Bolt skip that call.
  const identity = await verifyToken(
    new webApi.WebClient(config.botToken.reveal(), { ...clientOptions, logger: boltLogger(logger) }),
    config.apiUrl,
  );

  // Secrets are revealed only in this function, where they are handed to Bolt's clients.
  const app = new App({
    token: config.botToken.reveal(),
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger: boltLogger(logger),
    clientOptions,
    ...(socketMode
      ? {
          socketMode: true,
          appToken: config.appToken!.reveal(),
          // Socket Mode opens its websocket via apps.connections.open on this client.
          installerOptions: { clientOptions: { ...clientOptions } },
        }
      : { signingSecret: config.signingSecret?.reveal() ?? '' }),
  });

  // The sink has its own client: no blind retries (a lost answer retried could post
  // twice), and 429s surface so the sink can wait Retry-After and post exactly once.
  const sinkClient = new webApi.WebClient(config.botToken.reveal(), {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
  const sink = createSlackSink({
    client: sinkClient,
    logger,
    ...(deps.maxRateLimitWaitMs !== undefined ? { maxInlineWaitMs: deps.maxRateLimitWaitMs } : {}),
  });
  const permissions = createChannelPermissions({ client: app.client, commands, config, logger });

  async function callerFor(
    p: { teamId: string; userId: string; channelId: string; channelName?: string },
    text: string,
  ): Promise<Caller> {
    // DMs with the app show up as channel_name "directmessage" and D… channel ids.
    const isDirectMessage = p.channelName === 'directmessage' || p.channelId.startsWith('D');
    const needs = permissions.needsChannelRights(text, isDirectMessage);
    const canManageChannel = needs ? await permissions.canManageChannel(p.teamId, p.userId) : false;
    return {
      platform: 'slack',
      userId: p.userId,
      workspaceId: p.teamId,
      channelId: p.channelId,
      isDirectMessage,
      canManageChannel,
    };
  }

  /**
   * The commands decide what needs rights (`digest status here` does not, `digest on
   * here` does); a refusal gets a Slack-specific line on who does have the rights.
   */
  async function handle(caller: Caller, text: string): Promise<Reply> {
    const reply = await bot.handle({ caller, text });
    if (reply.attachment) {
      const shared = await uploadAttachment(app.client, logger, reply.attachment, caller, reply.visibility);
      return afterUpload(reply, reply.attachment, shared);
    }
    if (reply.error?.code !== 'forbidden' || caller.canManageChannel) return reply;
    return { ...reply, notices: [...(reply.notices ?? []), CHANNEL_RIGHTS_NOTE] };
  }

  /** Send a rendered reply; a message Slack rejects (an unfetchable thumbnail) is retried without images, then as text. */
  async function send(respond: RespondFn, reply: Reply, userId: string, replaceOriginal: boolean): Promise<void> {
    const responseType = reply.visibility === 'public' ? 'in_channel' : 'ephemeral';
    const messages = renderReply(reply, { userId });
    for (const [i, message] of messages.entries()) {
      const attempts: SlackMessage[] = [message, withoutImages(message), { text: message.text, blocks: [] }];
      for (const [n, attempt] of attempts.entries()) {
        try {
          await respond({
            response_type: responseType,
            replace_original: replaceOriginal && i === 0,
            text: attempt.text,
            ...(attempt.blocks.length ? { blocks: attempt.blocks } : {}),
          });
          break;
        } catch (err) {
          if (n === attempts.length - 1) throw err;
          logger.warn('slack respond failed; retrying with a simpler message', { attempt: n + 1, ...errorFields(err) });
        }
      }
    }
  }

  app.command('/papers', async ({ command, ack, respond }) => {
    // Ack first and empty: Slack gives us 3 s, and the answer goes through response_url.
    await ack();
    try {
      const caller = await callerFor(
        {
          teamId: command.team_id,
          userId: command.user_id,
          channelId: command.channel_id,
          channelName: command.channel_name,
        },
        command.text,
      );
      await send(respond, await handle(caller, command.text), command.user_id, false);
    } catch (err) {
      logger.error('slack /papers failed', errorFields(err));
    }
  });

  app.action(
    { type: 'block_actions', action_id: new RegExp(`^${PAGE_ACTION_PREFIX}`) },
    async ({ ack, body, action, respond }) => {
      await ack();
      try {
        const state = decodePageState(action.type === 'button' ? action.value : undefined);
        const userId = body.user.id;
        if (!state) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: 'This button is from an older message. Run the command again to get fresh pages.',
          });
          return;
        }
        if (state.userId !== userId) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: `Only the person who asked can turn these pages. Type \`/papers ${safeText(state.command.replace(/`/g, ''))}\` to get your own copy.`,
          });
          return;
        }
        const text = pageCommandText(state);
        const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
        const caller = await callerFor(
          { teamId: body.team?.id ?? body.user.team_id ?? '', userId, channelId, channelName: body.channel?.name },
          text,
        );
        const reply = await handle(caller, text);
        // A page that fails (say the list changed) must not wipe the list the person has.
        await send(respond, reply, userId, !reply.error);
      } catch (err) {
        logger.error('slack paging failed', errorFields(err));
      }
    },
  );

  app.error(async (err) => {
    logger.error('slack app error', errorFields(err));
  });

  let started: unknown;
  try {
    started = socketMode
      ? await app.start()
      : await app.start({ port: config.port, ...(deps.host ? { host: deps.host } : {}) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError([
        `PORT ${config.port} is already in use; set PORT to a free port for Slack's HTTP receiver`,
      ]);
    }
    throw err;
  }
  const server = socketMode ? undefined : (started as Server);
  logger.info('slack adapter started', {
    mode: socketMode ? 'socket' : 'http',
    ...(server ? { port: portOf(server) } : {}),
  });

  return {
    sink,
    app,
    ...(server ? { server } : {}),
    async stop() {
      await app.stop();
    },
  };
}

const APP_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000 };
const REJECTED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

async function verifyToken(
  client: webApi.WebClient,
  apiUrl: string | undefined,
): Promise<{ botId: string; botUserId: string }> {
  let res: webApi.AuthTestResponse;
  try {
    res = await client.auth.test();
  } catch (err) {
    if (err instanceof webApi.WebAPIPlatformError && REJECTED_TOKEN.has(err.data.error)) {
      throw new ConfigError([
        `Slack rejected SLACK_BOT_TOKEN (${err.data.error}): copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page`,
      ]);
    }
    throw new Error(
      `Could not reach the Slack Web API at ${apiUrl ?? 'https://slack.com/api'} to check SLACK_BOT_TOKEN: ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (!res.bot_id || !res.user_id) {
    throw new ConfigError([
      'SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-…), not a user or app-level token',
    ]);
  }
  return { botId: res.bot_id, botUserId: res.user_id };
}

function portOf(server: Server): number | undefined {
  const address = server.address();
  return address && typeof address === 'object' ? address.port : undefined;
}
