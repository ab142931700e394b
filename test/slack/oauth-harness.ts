import { startSlack, type SlackAdapter } from '../../adapters/slack/index.js';
import { commands } from '../../commands/index.js';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createTicker } from '../../src/digest/tick.js';
import { MemoryLogger } from '../../src/logger.js';
import type { PaperSource } from '../../src/papers/source.js';
import { createServices } from '../../src/services.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { addOAuth, type FakeOAuth } from '../fakes/slack/fake-oauth.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { sendSlashCommand } from '../fakes/slack/signed-request.js';
import { fixedSource, fixturePapers, SIGNING_SECRET } from './harness.js';

/**
 * The real Bolt App in OAuth mode on 127.0.0.1:0, with the real bot, store, digest
 * ticker and the loopback fake playing Slack (Web API, consent page, oauth.v2.access).
 * The clock is the harness's to move; the papers are the recorded day, for every day.
 */
export const OAUTH_ENV = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: 'fake-client-secret-0123456789',
  SLACK_STATE_SECRET: 'state-secret-0123456789abcdef',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  PAPERBOY_SECRET_KEY: 'oauth-test-secret-key-0123456789abcdef',
  SLACK_CHANNEL_CONFIG: 'anyone',
  PORT: '0',
};

export interface OAuthHarness {
  fake: FakeSlackApi;
  oauth: FakeOAuth;
  slack: SlackAdapter;
  store: Store;
  logger: MemoryLogger;
  clock: { now: Date };
  baseUrl: string;
  eventsUrl: string;
  tick(): ReturnType<ReturnType<typeof createTicker>['tick']>;
  /** `/papers <text>` from a workspace; resolves with the first answer on its response_url */
  slash(teamId: string, text: string, opts?: { user?: string; channel?: string }): Promise<string>;
  close(): Promise<void>;
}

let seq = 0;

export async function startOAuthHarness(options: { store?: Store; env?: Record<string, string> } = {}) {
  const fake = await startFakeSlackApi();
  const oauth = addOAuth(fake);
  const store = options.store ?? new MemoryStore();
  const logger = new MemoryLogger();
  const clock = { now: new Date('2026-07-22T12:00:00Z') };
  // Every day is the recorded day, and "today" follows the harness clock.
  const papers: PaperSource = { ...fixedSource(fixturePapers()), today: (now) => now.toISOString().slice(0, 10) };
  const services = createServices({ papers, store, logger, now: () => clock.now });
  const bot = createBot(services, commands);
  const config = loadConfig({ ...OAUTH_ENV, SLACK_API_URL: fake.apiUrl, ...options.env }).slack!;
  const slack = await startSlack({
    bot,
    commands,
    services,
    config,
    logger,
    host: '127.0.0.1',
    retryConfig: { retries: 0 },
  });
  services.sinks.push(slack.sink);
  const ticker = createTicker({ store, papers, logger, now: () => clock.now, sinks: services.sinks });
  const address = slack.server!.address();
  if (!address || typeof address !== 'object') throw new Error('the Bolt receiver is not listening');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  const harness: OAuthHarness = {
    fake,
    oauth,
    slack,
    store,
    logger,
    clock,
    baseUrl,
    eventsUrl,
    tick: () => ticker.tick(),
    async slash(teamId, text, opts = {}) {
      const id = `oauth-cmd-${++seq}`;
      const res = await sendSlashCommand(eventsUrl, SIGNING_SECRET, {
        team_id: teamId,
        text,
        user_id: opts.user ?? 'U0ALICE',
        channel_id: opts.channel ?? 'C0GENERAL',
        response_url: fake.responseUrl(id),
      });
      if (res.status !== 200) throw new Error(`Bolt answered ${res.status}: ${res.body}`);
      const [post] = await fake.responsesTo(id);
      return JSON.stringify(post!.body);
    },
    async close() {
      await slack.stop();
      await fake.close();
      await store.close();
    },
  };
  return harness;
}
