import type { Server } from 'node:http';
import { App, HTTPReceiver, type RespondFn, webApi } from '@slack/bolt';
import type { Bot } from '../../src/bot.js';
import { processButtonKey, type ButtonKeySource } from '../../src/button-key.js';
import type { Caller } from '../../src/caller.js';
import type { Command, Services } from '../../src/command.js';
import { ConfigError, type Config } from '../../src/config.js';
import type { DigestSink } from '../../src/digest/sink.js';
import { StartupError } from '../../src/errors.js';
import { errorFields, silentLogger, type Logger } from '../../src/logger.js';
import { networkProblem } from '../../src/net-errors.js';
import { pageCommandText } from '../../src/paging.js';
import { MemoryReplayGuard, type ReplayGuard } from '../../src/replay-guard.js';
import type { Reply } from '../../src/reply.js';
import { boltLogger } from './bolt-logger.js';
import { afterUpload, uploadAttachment } from './files.js';
import { safeText } from './escape.js';
import { decodePageState, PAGE_ACTION_PREFIX, sealPageState, verifyPageState, type PageBinding } from './paging.js';
import { CHANNEL_RIGHTS_NOTE, createChannelPermissions } from './permissions.js';
import { guardSlackRequests, SLACK_REQUEST_LIMITS } from './request-guard.js';
import { renderReply, type SlackMessage, withoutImages } from './render.js';
import { registerSaveAction, saveSealFor } from './save-button.js';
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
  /** Signs paging buttons (default: a key for this process only) */
  buttonKeys?: ButtonKeySource;
  /** Remembers request signatures to drop replays (default: this process's memory) */
  replays?: ReplayGuard;
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
  // Its retries log nothing: the outcome is reported once, plainly, by verifyToken.
  const identity = await verifyToken(
    new webApi.WebClient(config.botToken.reveal(), { ...clientOptions, logger: boltLogger(silentLogger) }),
    config.apiUrl,
  );

  // Bolt's Socket Mode client retries a refused app-level token for ever: check it once first.
  if (socketMode) {
    await verifyAppToken(
      new webApi.WebClient(config.appToken!.reveal(), { ...clientOptions, logger: boltLogger(silentLogger) }),
      config.apiUrl,
    );
  }

  // Secrets are revealed only in this function, where they are handed to Bolt's clients.
  const receiver = socketMode ? undefined : httpReceiver(config, deps, logger);
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
      : { receiver: receiver! }),
  });

  // The sink has its own client: no blind retries (a lost answer retried could post
  // twice), and 429s surface so the sink can wait Retry-After and post exactly once.
  const sinkClient = new webApi.WebClient(config.botToken.reveal(), {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
  const buttonKeys = deps.buttonKeys ?? processButtonKey();
  const sink = createSlackSink({
    client: sinkClient,
    logger,
    saveKey: () => buttonKeys.buttonKey(),
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
    const [canManageChannel, timezone] = await Promise.all([
      needs ? permissions.canManageChannel(p.teamId, p.userId) : false,
      permissions.timezoneFor(text, p.teamId, p.userId),
    ]);
    return {
      platform: 'slack',
      userId: p.userId,
      workspaceId: p.teamId,
      channelId: p.channelId,
      isDirectMessage,
      canManageChannel,
      ...(timezone ? { timezone } : {}),
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
  async function send(respond: RespondFn, reply: Reply, caller: Caller, replaceOriginal: boolean): Promise<void> {
    const responseType = reply.visibility === 'public' ? 'in_channel' : 'ephemeral';
    const key = await buttonKeys.buttonKey();
    const binding: PageBinding = { teamId: caller.workspaceId, channelId: caller.channelId };
    const messages = renderReply(reply, {
      userId: caller.userId,
      seal: (state) => sealPageState(key, binding, state),
      saveSeal: saveSealFor(key, binding),
    });
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
      await send(respond, await handle(caller, command.text), caller, false);
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
        const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
        const teamId = body.team?.id ?? body.user.team_id ?? '';
        const key = await buttonKeys.buttonKey();
        // Only a value we sealed for this channel, naming a list command and a page in range.
        const text =
          state && verifyPageState(key, { teamId, channelId }, state)
            ? pageCommandText(commands, state.command, state.page)
            : undefined;
        if (!state || !text) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: 'This button is from an older message (or it was changed). Run the command again to get fresh pages.',
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
        const caller = await callerFor({ teamId, userId, channelId, channelName: body.channel?.name }, text);
        const reply = await handle(caller, text);
        // A page that fails (say the list changed) must not wipe the list the person has.
        await send(respond, reply, caller, !reply.error);
      } catch (err) {
        logger.error('slack paging failed', errorFields(err));
      }
    },
  );

  registerSaveAction(app, {
    buttonKeys,
    logger,
    async save(click, paperId, respond) {
      const caller = await callerFor(click, `save ${paperId}`);
      await send(respond, await handle(caller, `save ${paperId}`), caller, false);
    },
  });

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
    if (socketMode) throw unreachable(err, config.apiUrl, "Socket Mode's connection could not open");
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

/**
 * Bolt's HTTP receiver behind our request checks (future timestamps, replays, body
 * size), with Bolt's own body limit lowered to the same cap as a second line.
 */
function httpReceiver(config: SlackConfig, deps: SlackDeps, logger: Logger): HTTPReceiver {
  const signingSecret = config.signingSecret?.reveal() ?? '';
  const receiver = new HTTPReceiver({
    signingSecret,
    port: config.port,
    logger: boltLogger(logger),
    bodyLimit: SLACK_REQUEST_LIMITS.maxBodyBytes,
  });
  receiver.requestListener = guardSlackRequests(receiver.requestListener, {
    signingSecret,
    replays: deps.replays ?? new MemoryReplayGuard(),
    logger,
  });
  return receiver;
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

/** Slack could not be reached (or answered with an error of its own): the token is not to blame. */
function unreachable(err: unknown, apiUrl: string | undefined, consequence: string): StartupError {
  const base = apiUrl ?? 'https://slack.com/api';
  const host = new URL(base).host;
  let why: string;
  if (err instanceof webApi.WebAPIPlatformError) why = `${host} answered ${err.data.error}`;
  else if (err instanceof Error && 'statusCode' in err && typeof err.statusCode === 'number')
    why = `${host} answered HTTP ${err.statusCode}`;
  else why = networkProblem((err as { original?: unknown }).original ?? err, host).text;
  return new StartupError(
    `Paperboy could not reach Slack at ${base} (${why}), so ${consequence}. Check the network connection${apiUrl ? ' and SLACK_API_URL' : ''}, then start Paperboy again.`,
    { cause: err },
  );
}

async function verifyAppToken(client: webApi.WebClient, apiUrl: string | undefined): Promise<void> {
  try {
    await client.apps.connections.open();
  } catch (err) {
    if (err instanceof webApi.WebAPIPlatformError && REJECTED_TOKEN.has(err.data.error)) {
      throw new ConfigError([
        `Slack rejected SLACK_APP_TOKEN (${err.data.error}): generate an app-level token with connections:write under Basic Information → App-Level Tokens`,
      ]);
    }
    throw unreachable(err, apiUrl, 'Socket Mode could not connect');
  }
}

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
    throw unreachable(err, apiUrl, 'SLACK_BOT_TOKEN was not checked');
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
