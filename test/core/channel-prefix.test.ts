import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { plainText, type Reply } from '../../src/reply.js';
import { startHarness, type Harness } from '../slack/harness.js';
import { person, sampleBot } from './helpers.js';

// Discord's channel command, `/papers-channel <command> …`, typed where the text grammar
// is spoken (the terminal, Slack): it means `/papers <command> … here` for the commands
// that act on a channel, and says what to type for the others.
const PREFIXES = ['/papers-channel', 'papers-channel', '/PAPERS-CHANNEL', '/papers_channel', '  /papers-channel'];
const CHANNEL_FORMS = [
  'subscribe grokking',
  'subscribe "in-context learning" OR ICL',
  'subscriptions',
  'digest on time=08:30 tz=Europe/Berlin',
  'digest status',
  'digest off',
];
const admin = person({ canManageChannel: true });
// One source for every bot: its days are read and parsed once.
const papers = new SampleSource();
const bot = () => sampleBot({ papers }).bot;
const channel: Target = { platform: 'terminal', workspaceId: 'W1', kind: 'channel', id: 'C1' };
const comparable = (r: Reply) =>
  JSON.stringify({ ...r, lines: r.lines?.map((l) => plainText(l).replace(/\d{2}:\d{2}/g, '')) });

describe('/papers-channel in the text grammar', () => {
  for (const form of CHANNEL_FORMS) {
    it(`"${form}" acts on this channel, exactly as "${form} here"`, async () => {
      const expected = await bot().handle({ caller: admin, text: `${form} here` });
      for (const prefix of PREFIXES) {
        const got = await bot().handle({ caller: admin, text: `${prefix} ${form}` });
        expect(comparable(got), `${prefix} ${form}`).toBe(comparable(expected));
        const doubled = await bot().handle({ caller: admin, text: `${prefix} ${form} here` });
        expect(comparable(doubled), 'with here too').toBe(comparable(expected));
      }
    });
  }

  it('changes the channel, not the person', async () => {
    const { bot, services } = sampleBot();
    await bot.handle({ caller: admin, text: '/papers-channel subscribe grokking' });
    await bot.handle({ caller: admin, text: '/papers-channel digest on' });
    expect((await services.store.subscriptions.list(channel)).map((s) => s.topic)).toEqual(['grokking']);
    expect(await services.store.digests.get(channel)).toBeDefined();
    const me: Target = { platform: 'terminal', workspaceId: 'W1', kind: 'user', id: 'U1' };
    expect(await services.store.subscriptions.list(me)).toEqual([]);
  });

  it('still needs channel rights', async () => {
    const { bot, services } = sampleBot();
    const r = await bot.handle({ caller: person(), text: '/papers-channel digest on' });
    expect(r.error?.code).toBe('forbidden');
    expect(await services.store.digests.get(channel)).toBeUndefined();
  });

  for (const other of [
    'today',
    'yesterday top=3',
    'date 2026-08-20',
    'week',
    'month',
    'search grokking',
    'paper 2608.19880',
    'preview grokking',
  ]) {
    it(`"/papers-channel ${other}" says to type /papers ${other.split(' ')[0]}`, async () => {
      const r = await bot().handle({ caller: admin, text: `/papers-channel ${other}` });
      expect(r.error?.code).toBe('bad_input');
      expect(r.error?.message).toContain(`Type \`/papers ${other.split(' ')[0]}\` instead.`);
      expect(r.error?.message).not.toMatch(/-channel" command/);
    });
  }

  it('bare /papers-channel and /papers-channel help show help', async () => {
    for (const text of ['/papers-channel', '/papers-channel help', '/papers-channel help digest']) {
      const r = await bot().handle({ caller: admin, text });
      expect(r.error, text).toBeUndefined();
    }
  });

  it('a word glued to /papers is not cut apart', async () => {
    const r = await bot().handle({ caller: admin, text: '/papers-channelx today' });
    expect(r.error?.code).toBe('unknown_command');
    expect(r.error?.message).toContain('"/papers-channelx"');
  });
});

describe('/papers-channel on Slack', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const general: Target = { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'channel', id: 'C0GENERAL' };

  it('an admin sets the channel digest; the permission check sees the channel form', async () => {
    h = await startHarness();
    h.fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    h.fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
    await h.slash('papers-channel digest on', { user: 'U0MEMBER' });
    expect(await h.services.store.digests.get(general)).toBeUndefined();
    await h.slash('papers-channel digest on', { user: 'U0ADMIN' });
    expect(await h.services.store.digests.get(general)).toBeDefined();
    expect(h.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0MEMBER', 'U0ADMIN']);
  });
});
