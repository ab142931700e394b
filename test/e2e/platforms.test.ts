import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { callbackOf } from '../discord/harness.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { chatInput, FAKE_APP_ID } from '../fakes/discord/payloads.js';
import { startFakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { sendSlashCommand } from '../fakes/slack/signed-request.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-platforms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function streams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  stdout.resume();
  return { io: { stdin: new PassThrough(), stdout, stderr }, stderr: () => err };
}

describe('the composition root with platform tokens', () => {
  it('runs Discord and Slack in one process, answering each, until SIGTERM', async () => {
    const discord = await FakeDiscord.start({ acceptToken: 'discord-token-e2e' });
    const slack = await startFakeSlackApi();
    const port = await freePort();
    const { io, stderr } = streams();
    const env = {
      PAPERBOY_SOURCE: 'sample',
      PAPERBOY_DATA_FILE: join(dir, 'both.json'),
      LOG_LEVEL: 'warn',
      DISCORD_TOKEN: 'discord-token-e2e',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_SIGNING_SECRET: 'e2e-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
    };
    const exit = main([], io, env);
    try {
      for (let i = 0; i < 100 && discord.identifies.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(discord.identifies).toHaveLength(1);
      // READY follows IDENTIFY on the same socket, so the interaction below arrives after it.
      const interaction = chatInput('papers', 'today', [{ name: 'top', type: 4, value: 2 }], {
        user: { id: '900000000000000777', username: 'ada' },
      });
      discord.interact(interaction);
      // Answered directly, or deferred then edited (a loaded machine can miss the 10 ms window).
      await callbackOf(discord, interaction);
      for (
        let i = 0;
        i < 100 && !JSON.stringify(discord.callsFor(interaction).map((c) => c.body)).includes('EnvHarness');
        i++
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(JSON.stringify(discord.callsFor(interaction).map((c) => c.body))).toContain('EnvHarness');

      // Bolt listens once Discord is ready too (both start before the signal wait).
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = await sendSlashCommand(`http://127.0.0.1:${port}/slack/events`, 'e2e-signing-secret', {
          text: 'today top=2',
          user_id: 'U0ADA',
          channel_id: 'C0GENERAL',
          response_url: slack.responseUrl('e2e'),
        }).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      const [reply] = await slack.responsesTo('e2e', 1);
      expect(JSON.stringify(reply!.body)).toContain('EnvHarness');
    } finally {
      process.emit('SIGTERM');
      expect(await exit).toBe(0);
      await discord.close();
      await slack.close();
    }
    expect(stderr()).not.toMatch(/discord-token-e2e|xoxb-e2e-token|e2e-signing-secret/);
  });

  it('a token Discord refuses stops Paperboy with exit 2 and a message naming DISCORD_TOKEN', async () => {
    const discord = await FakeDiscord.start({ acceptToken: 'the-right-one' });
    const { io, stderr } = streams();
    const code = await main([], io, {
      PAPERBOY_SOURCE: 'sample',
      PAPERBOY_DATA_FILE: join(dir, 'bad.json'),
      DISCORD_TOKEN: 'a-wrong-token',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_API_URL: discord.apiUrl,
    });
    await discord.close();
    expect(code).toBe(2);
    expect(stderr()).toMatch(/Discord refused DISCORD_TOKEN \(401 Unauthorized\)/);
    expect(stderr()).not.toContain('a-wrong-token');
  });

  it('when Slack cannot start after Discord did, Discord is logged out again and Paperboy exits 2', async () => {
    const discord = await FakeDiscord.start({ acceptToken: 'discord-token-e2e' });
    const slack = await startFakeSlackApi();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const { io, stderr } = streams();
    const code = await main([], io, {
      PAPERBOY_SOURCE: 'sample',
      PAPERBOY_DATA_FILE: join(dir, 'taken.json'),
      DISCORD_TOKEN: 'discord-token-e2e',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_SIGNING_SECRET: 'e2e-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
    });
    taken.close();
    expect(code).toBe(2);
    expect(stderr()).toMatch(/PORT/);
    expect(discord.identifies).toHaveLength(1);
    for (let i = 0; i < 40 && discord['sockets'].size > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(discord['sockets'].size).toBe(0); // the gateway connection was closed
    await discord.close();
    await slack.close();
  });
});
