import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { TerminalDigestSink } from '../../adapters/terminal/digest-sink.js';
import { execOnce, TerminalScreen } from '../../adapters/terminal/index.js';
import { createAlertPoller } from '../../src/alerts/poller.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Services } from '../../src/command.js';
import { MemoryLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { person } from '../core/helpers.js';
import { LIVE_NOW, liveSource } from '../papers/live-source.js';

/** alert, alerts and unalert as the terminal prints them, over the real client and cache on the fake Hugging Face. */
describe('alerts on the terminal', () => {
  let live: Awaited<ReturnType<typeof liveSource>>;
  let bot: Bot;
  let services: Services;
  beforeAll(async () => {
    live = await liveSource();
    services = createServices({
      papers: live.source,
      search: live.search,
      store: new MemoryStore(),
      logger: new MemoryLogger(),
      now: () => LIVE_NOW,
    });
    bot = createBot(services, commands);
  });
  afterAll(() => live.stop());

  const run = async (text: string, exit = 0): Promise<string> => {
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    expect(await execOnce(bot, text, new TerminalScreen(output))).toBe(exit);
    return out.replace(/\s+/g, ' ');
  };

  it('sets an alert with its options, says what today brings, lists it numbered, and refuses it twice', async () => {
    const set = await run('/papers alert EnvHarness min_upvotes=50 quiet=22:00-08:00 tz=EDT');
    expect(set).toContain('Alert set');
    expect(set).toContain('once it has 50 upvotes · quiet 22:00–08:00 America/New_York');
    expect(set).toContain("On today's list, 1 paper matches; they arrive within 5 minutes.");
    expect(set).toContain('every 5 minutes');
    await run('/papers alert "speculative decoding"');
    const list = await run('/papers alerts');
    expect(list).toContain('#1 EnvHarness — once it has 50 upvotes · quiet 22:00–08:00 America/New_York');
    expect(list).toContain('#2 "speculative decoding" — as soon as it is listed');
    expect(list).toContain('2 of at most 10');
    expect(list).toContain('at most 2 requests, far inside its limit of 500 per 5 minutes');
    const again = await run('/papers alert envharness', 1);
    expect(again).toContain('You already have an alert for `EnvHarness` (#1: once it has 50 upvotes');
    expect(again).toContain('/papers unalert #1');
  });

  it('says what would work: a broken topic points at the character, a bad range and zone say what works', async () => {
    expect(await run('/papers alert "in-context learning', 1)).toContain('▸');
    const quiet = await run('/papers alert grokking quiet=22-8', 1);
    expect(quiet).toContain('quiet=22-8 is not a range of hours. Use quiet=HH:MM-HH:MM in 24-hour time');
    expect(await run('/papers alert grokking quiet=08:00-08:00', 1)).toContain('starts and ends at the same time');
    expect(await run('/papers alert grokking quiet=22:00-08:00 tz=Mars/Olympus', 1)).toContain('is not a time zone');
    expect(await run('/papers alert grokking min_upvotes=-1', 1)).toContain('min_upvotes=');
    expect(await run('/papers alert off #1', 1)).toContain('To stop an alert, use `/papers unalert #1`');
  });

  it('unalert removes by number or topic, and says what exists when neither fits', async () => {
    expect(await run('/papers unalert #7', 1)).toContain('There is no alert #7: you have 2 (#1–#2)');
    expect(await run('/papers unalert grokking', 1)).toContain('You have no alert for `grokking`');
    expect(await run('/papers unalert "Speculative  Decoding"')).toContain('Alert removed');
    expect(await run('/papers unalert #1')).toContain('No alerts left.');
    expect(await run('/papers alerts')).toContain('You have no alerts yet');
  });

  it('keeps at most 10 per place', async () => {
    for (let i = 0; i < 10; i++) await run(`/papers alert topic${i}`);
    const refused = await run('/papers alert one-too-many', 1);
    expect(refused).toContain('You have 10 alerts, the most Paperboy keeps for one place');
    for (let i = 0; i < 10; i++) await run('/papers unalert #1');
  });

  it('a channel alert needs the channel rule subscriptions use', async () => {
    const member = person({ canManageChannel: false });
    const denied = await bot.handle({ caller: member, text: 'alert grokking here' });
    expect(denied.error?.code).toBe('forbidden');
    expect(denied.error?.message).toContain('Only people who can manage this channel can change what it receives');
    const manager = await bot.handle({ caller: person({ canManageChannel: true }), text: 'alert grokking here' });
    expect(manager.title).toBe('Alert set');
    expect(manager.visibility).toBe('public');
    expect(
      await services.store.alerts.list({ platform: 'terminal', workspaceId: 'W1', kind: 'channel', id: 'C1' }),
    ).toHaveLength(1);
  });

  it('an alert arrives as one printed paper with its "matched: …" line', async () => {
    const terminal = person({ platform: 'terminal', userId: 'me', isDirectMessage: true });
    await bot.handle({ caller: terminal, text: 'alert EnvRigger' });
    const writes: string[] = [];
    const poller = createAlertPoller({
      ...services,
      sinks: [new TerminalDigestSink((s) => writes.push(s))],
    });
    const report = await poller.poll();
    const printed = writes.join('');
    expect(report.posted.map((p) => p.paperId)).toContain('2608.19880');
    expect(printed).toContain('━━ Paper alert · direct message to me');
    expect(printed).toContain('EnvHarness: Awakening Static Worlds for Agent Learning');
    expect(printed).toContain('matched: EnvRigger (abstract, keywords)');
    expect((await poller.poll()).posted.filter((p) => p.target.id === 'me')).toEqual([]);
  });
});

describe('help for alerts', () => {
  it('says how often Paperboy looks and what it costs Hugging Face, in the list and per command', async () => {
    const services = createServices({
      papers: new SampleSource(),
      store: new MemoryStore(),
      logger: new MemoryLogger(),
      now: () => LIVE_NOW,
    });
    const bot = createBot(services, commands);
    const all = await bot.handle({ caller: person(), text: 'help' });
    expect(all.lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/papers alert <topic> [min_upvotes=N]'),
        expect.stringContaining('/papers unalert <topic or #n> [here]'),
        expect.stringContaining('every 5 minutes — one look for every alert, at most 2 requests'),
      ]),
    );
    const one = await bot.handle({ caller: person(), text: 'help alert' });
    expect(one.lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('quiet= — Hours to hold alerts back'),
        expect.stringContaining('far inside its limit of 500 per 5 minutes'),
      ]),
    );
  });
});
