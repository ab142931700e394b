import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSlack, type SlackAdapter } from '../../adapters/slack/index.js';
import { loadConfig } from '../../src/config.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slack/fake-socket-mode.js';
import { sealPageState } from '../../adapters/slack/paging.js';
import { BOT_TOKEN, BUTTON_KEYS, buildBot } from './harness.js';

/**
 * Socket Mode: with SLACK_APP_TOKEN set the real Bolt App opens a websocket via
 * apps.connections.open (with the app token) instead of listening for HTTP, and the same
 * handlers answer envelopes pushed over it.
 */
const APP_TOKEN = 'xapp-1-test-app-token';
let api: FakeSlackApi;
let socket: FakeSocketMode;
let slack: SlackAdapter;

beforeAll(async () => {
  api = await startFakeSlackApi();
  socket = await startFakeSocketMode(api);
  const { bot, services, logger, commands } = buildBot();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: api.apiUrl,
  }).slack!;
  slack = await startSlack({
    bot,
    commands,
    services,
    config,
    logger,
    retryConfig: { retries: 0 },
    buttonKeys: BUTTON_KEYS,
  });
  await socket.connected();
});
afterAll(async () => {
  await slack?.stop();
  await socket?.close();
  await api?.close();
});

it('connects with the app token and runs no HTTP server', () => {
  expect(slack.server).toBeUndefined();
  const opens = api.callsTo('apps.connections.open');
  // Paperboy's own check of the app-level token at start (Bolt would retry a refused one
  // for ever), then Bolt's connection.
  expect(opens).toHaveLength(2);
  expect(opens.map((o) => o.token)).toEqual([APP_TOKEN, APP_TOKEN]);
});

it('acks a slash command envelope and answers on its response_url', async () => {
  const ack = await socket.push('slash_commands', {
    token: 'x',
    team_id: 'T0PAPERBOY',
    team_domain: 'paperboy-test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/papers',
    text: 'today top=3',
    api_app_id: 'A0PAPERBOY',
    response_url: api.responseUrl('socket-1'),
    trigger_id: '1.2.3',
    is_enterprise_install: 'false',
  });
  expect(ack.envelope_id).toBeTruthy();
  const [answer] = await api.responsesTo('socket-1');
  expect(answer!.body.response_type).toBe('in_channel');
  expect((answer!.body.blocks as { type: string }[]).filter((b) => b.type === 'section')).toHaveLength(3);
});

it('pages through an interactive envelope, for the asker only', async () => {
  const state = { command: 'today', page: 2, userId: 'U0ALICE' };
  const mac = sealPageState(await BUTTON_KEYS.buttonKey(), { teamId: 'T0PAPERBOY', channelId: 'C0GENERAL' }, state);
  const value = JSON.stringify({ c: 'today', p: 2, u: 'U0ALICE', m: mac });
  const click = (user: string, id: string) =>
    socket.push('interactive', {
      type: 'block_actions',
      user: { id: user, team_id: 'T0PAPERBOY' },
      team: { id: 'T0PAPERBOY', domain: 'paperboy-test' },
      api_app_id: 'A0PAPERBOY',
      channel: { id: 'C0GENERAL', name: 'general' },
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0GENERAL', is_ephemeral: false },
      response_url: api.responseUrl(id),
      trigger_id: '1.2.3',
      actions: [
        { type: 'button', action_id: 'paperboy_page_next', block_id: 'paperboy_paging', value, action_ts: '1.2' },
      ],
    });
  await click('U0ALICE', 'socket-page');
  const [page] = await api.responsesTo('socket-page');
  expect(page!.body.replace_original).toBe(true);
  expect(JSON.stringify(page!.body.blocks)).toContain('Page 2 of');
  await click('U0MALLORY', 'socket-denied');
  const [denied] = await api.responsesTo('socket-denied');
  expect(denied!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
});
