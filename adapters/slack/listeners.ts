import type { App, RespondFn, webApi } from '@slack/bolt';
import type { Bot } from '../../src/bot.js';
import type { ButtonKeySource } from '../../src/button-key.js';
import type { IncomingCaller } from '../../src/caller.js';
import type { Command } from '../../src/command.js';
import { errorFields, type Logger } from '../../src/logger.js';
import { pageCommandText } from '../../src/paging.js';
import type { Reply } from '../../src/reply.js';
import { safeText } from './escape.js';
import { afterUpload, uploadAttachment } from './files.js';
import { decodePageState, PAGE_ACTION_PREFIX, sealPageState, verifyPageState, type PageBinding } from './paging.js';
import { callerFacts } from '../../src/platform.js';
import { SLACK_CAPABILITIES, SLACK_NAME } from './capabilities.js';
import type { ChannelPermissions } from './permissions.js';
import { renderReply, type SlackMessage, withoutImages } from './render.js';
import { registerSaveAction, saveSealFor } from './save-button.js';

/**
 * The two ways a person reaches Paperboy on Slack: `/papers <text>` and a paging button.
 * Both translate only (Slack payload → Caller + text → bot.handle → Block Kit through
 * respond). Every Web API call here goes through the `client` Bolt hands the listener,
 * which carries the token of the workspace the request came from.
 */
export interface ListenerDeps {
  bot: Bot;
  commands: readonly Command[];
  permissions: ChannelPermissions;
  buttonKeys: ButtonKeySource;
  logger: Logger;
}

interface Place {
  teamId: string;
  userId: string;
  channelId: string;
  channelName?: string | undefined;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerSlashCommand(app, deps);
  registerPaging(app, deps);
  registerSaveAction(app, {
    buttonKeys: deps.buttonKeys,
    logger: deps.logger,
    async save(click, paperId, respond, client) {
      const caller = callerFor(deps, client, click);
      await send(deps, respond, await handle(deps, client, caller, `save ${paperId}`), caller, false);
    },
  });
}

function registerSlashCommand(app: App, deps: ListenerDeps): void {
  app.command('/papers', async ({ command, ack, respond, client }) => {
    // Ack first and empty: Slack gives us 3 s, and the answer goes through response_url.
    await ack();
    try {
      const place = {
        teamId: command.team_id,
        userId: command.user_id,
        channelId: command.channel_id,
        channelName: command.channel_name,
      };
      const caller = callerFor(deps, client, place);
      await send(deps, respond, await handle(deps, client, caller, command.text), caller, false);
    } catch (err) {
      deps.logger.error('slack /papers failed', errorFields(err));
    }
  });
}

function registerPaging(app: App, deps: ListenerDeps): void {
  app.action(
    { type: 'block_actions', action_id: new RegExp(`^${PAGE_ACTION_PREFIX}`) },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      try {
        const place = {
          teamId: body.team?.id ?? body.user.team_id ?? '',
          userId: body.user.id,
          channelId: body.channel?.id ?? body.container?.channel_id ?? '',
          channelName: body.channel?.name,
        };
        await turnPage(deps, client, respond, place, action.type === 'button' ? action.value : undefined);
      } catch (err) {
        deps.logger.error('slack paging failed', errorFields(err));
      }
    },
  );
}

/** Only a value we sealed for this channel, naming a list command and a page in range, turns a page. */
async function turnPage(
  deps: ListenerDeps,
  client: webApi.WebClient,
  respond: RespondFn,
  place: Place,
  value: string | undefined,
): Promise<void> {
  const state = decodePageState(value);
  const key = await deps.buttonKeys.buttonKey();
  const text =
    state && verifyPageState(key, { teamId: place.teamId, channelId: place.channelId }, state)
      ? pageCommandText(deps.commands, state.command, state.page)
      : undefined;
  const refusal = !state || !text ? STALE_BUTTON : state.userId !== place.userId ? notYours(state.command) : undefined;
  if (refusal || !text) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: refusal ?? STALE_BUTTON });
    return;
  }
  const caller = callerFor(deps, client, place);
  const reply = await handle(deps, client, caller, text);
  // A page that fails (say the list changed) must not wipe the list the person has.
  await send(deps, respond, reply, caller, !reply.error);
}

const STALE_BUTTON =
  'This button is from an older message (or it was changed). Run the command again to get fresh pages.';
const notYours = (command: string): string =>
  `Only the person who asked can turn these pages. Type \`/papers ${safeText(command.replace(/`/g, ''))}\` to get your own copy.`;

/**
 * Rights and the person's own zone are questions (users.info with this workspace's
 * client), asked by the core only when the command needs them (src/bot.ts).
 */
function callerFor(deps: ListenerDeps, client: webApi.WebClient, p: Place): IncomingCaller {
  // DMs with the app show up as channel_name "directmessage" and D… channel ids.
  const isDirectMessage = p.channelName === 'directmessage' || p.channelId.startsWith('D');
  return {
    platform: SLACK_NAME,
    userId: p.userId,
    workspaceId: p.teamId,
    channelId: p.channelId,
    isDirectMessage,
    canManageChannel: () => deps.permissions.canManageChannel(client, p.teamId, p.userId),
    timezone: () => deps.permissions.timezoneOf(client, p.teamId, p.userId),
    ...callerFacts(SLACK_CAPABILITIES),
  };
}

async function handle(
  deps: ListenerDeps,
  client: webApi.WebClient,
  caller: IncomingCaller,
  text: string,
): Promise<Reply> {
  const reply = await deps.bot.handle({ caller, text });
  if (!reply.attachment) return reply;
  const shared = await uploadAttachment(client, deps.logger, reply.attachment, caller, reply.visibility);
  return afterUpload(reply, reply.attachment, shared);
}

/** Send a rendered reply, message by message. */
async function send(
  deps: ListenerDeps,
  respond: RespondFn,
  reply: Reply,
  caller: IncomingCaller,
  replaceOriginal: boolean,
): Promise<void> {
  const responseType = reply.visibility === 'public' ? 'in_channel' : 'ephemeral';
  const key = await deps.buttonKeys.buttonKey();
  const binding: PageBinding = { teamId: caller.workspaceId, channelId: caller.channelId };
  const messages = renderReply(reply, {
    userId: caller.userId,
    seal: (state) => sealPageState(key, binding, state),
    saveSeal: saveSealFor(key, binding),
  });
  for (const [i, message] of messages.entries()) {
    await respondWithFallbacks(deps.logger, respond, message, {
      response_type: responseType,
      replace_original: replaceOriginal && i === 0,
    });
  }
}

/** A message Slack rejects (an unfetchable thumbnail) is sent again without images, then as text. */
async function respondWithFallbacks(
  logger: Logger,
  respond: RespondFn,
  message: SlackMessage,
  how: { response_type: 'in_channel' | 'ephemeral'; replace_original: boolean },
): Promise<void> {
  const attempts: SlackMessage[] = [message, withoutImages(message), { text: message.text, blocks: [] }];
  for (const [n, attempt] of attempts.entries()) {
    try {
      await respond({ ...how, text: attempt.text, ...(attempt.blocks.length ? { blocks: attempt.blocks } : {}) });
      return;
    } catch (err) {
      if (n === attempts.length - 1) throw err;
      logger.warn('slack respond failed; retrying with a simpler message', { attempt: n + 1, ...errorFields(err) });
    }
  }
}
