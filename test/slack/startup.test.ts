import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSlack } from '../../adapters/slack/index.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { BOT_TOKEN, buildBot, SIGNING_SECRET, startHarness, type Harness } from './harness.js';

/** Start-up failures say what to fix; secrets never reach the log; a rejected answer is simplified and re-sent. */
let api: FakeSlackApi | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await api?.close();
  h = undefined;
  api = undefined;
});

const configFor = (apiUrl: string, port = '0') =>
  loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl, PORT: port })
    .slack!;

describe('starting the Slack adapter', () => {
  it('refuses a token Slack rejects with a message that says which token and where to get it', async () => {
    api = await startFakeSlackApi();
    api.failNext('auth.test', { error: 'invalid_auth' });
    const { bot, logger } = buildBot();
    const err = await startSlack({
      bot,
      config: configFor(api.apiUrl),
      logger,
      host: '127.0.0.1',
      retryConfig: { retries: 0 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/SLACK_BOT_TOKEN \(invalid_auth\).*OAuth & Permissions/);
    expect((err as Error).message).not.toContain(BOT_TOKEN);
    // Bolt was given the bot ids, so it makes no auth.test of its own that could reject later.
    expect(api.callsTo('auth.test')).toHaveLength(1);
  });

  it('checks the token once and hands Bolt the bot ids', async () => {
    h = await startHarness();
    await h.slash('help');
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('says which PORT is taken instead of crashing', async () => {
    api = await startFakeSlackApi();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { bot, logger } = buildBot();
      const err = await startSlack({
        bot,
        config: configFor(api.apiUrl, String(port)),
        logger,
        host: '127.0.0.1',
        retryConfig: { retries: 0 },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(`PORT ${port} is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('answers and logs', () => {
  it('re-sends a reply Slack refuses without images, so the person still gets it', async () => {
    h = await startHarness();
    h.fake.failResponses(1);
    const [answer] = await h.slash('today top=3');
    expect(JSON.stringify(answer!.body.blocks)).not.toContain('"accessory"');
    expect((answer!.body.blocks as { type: string }[]).filter((b) => b.type === 'section')).toHaveLength(3);
  });

  it('falls back to plain text when blocks keep being refused', async () => {
    h = await startHarness();
    h.fake.failResponses(2);
    const [answer] = await h.slash('today top=3');
    expect(answer!.body.blocks).toBeUndefined();
    expect(answer!.body.text).toMatch(/3 papers/);
  });

  it('never writes the bot token or signing secret to the log, even on failures', async () => {
    h = await startHarness({ deps: { maxRateLimitWaitMs: 0 } });
    h.fake.failNext('users.info', { error: 'internal_error' });
    await h.slash('whoami here', { user: 'U0NOBODY' });
    await h.send('today', { id: 'forged' }, { signature: 'v0=00' });
    h.fake.failResponses(3);
    await h.send('today', { id: 'refused' });
    h.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 5 });
    await h.slack.sink
      .postParent(
        { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'channel', id: 'C1' },
        { listDate: '2026-07-22', title: 't', threadName: 't' },
        'k',
      )
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    // The token really was used, so its absence from the log means something.
    expect(h.fake.calls.some((c) => c.token === BOT_TOKEN)).toBe(true);
    expect(h.logger.entries.some((e) => e.level === 'warn' || e.level === 'error')).toBe(true);
    const logged = JSON.stringify(h.logger.entries);
    expect(logged).not.toContain(BOT_TOKEN);
    expect(logged).not.toContain(SIGNING_SECRET);
  });
});
