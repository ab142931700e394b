import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealPageState, type PageState } from '../../adapters/slack/paging.js';
import { BUTTON_KEYS, buttonsOf, startHarness, type Harness } from './harness.js';

/** Paging through real block_actions payloads, signed like Slack signs them. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const cardTitles = (body: { blocks?: unknown[] }) =>
  (body.blocks as { type: string; text?: { text: string } }[])
    .filter((b) => b.type === 'section' && /^\*\d+\. /.test(b.text?.text ?? ''))
    .map((b) => b.text!.text.split('\n')[0]!);

describe('paging buttons', () => {
  it('turns to the next page for the person who asked, replacing the message', async () => {
    const [first] = await h.slash('today', { user: 'U0ALICE' });
    const next = buttonsOf(first!.body).find((b) => b.action_id === 'paperboy_page_next')!;
    const [page2] = await h.click(next.value, { user: 'U0ALICE' });
    expect(page2!.body.replace_original).toBe(true);
    expect(page2!.body.response_type).toBe('in_channel');
    const firstRanks = cardTitles(first!.body).map((t) => Number(/^\*(\d+)\./.exec(t)![1]));
    const secondRanks = cardTitles(page2!.body).map((t) => Number(/^\*(\d+)\./.exec(t)![1]));
    expect(firstRanks[0]).toBe(1);
    expect(secondRanks[0]).toBe(firstRanks.length + 1);
    expect(JSON.stringify(page2!.body.blocks)).toContain('Page 2 of');
    // Page 2 has a way back, and the buttons still name the asker.
    const prev = buttonsOf(page2!.body).find((b) => b.action_id === 'paperboy_page_prev')!;
    expect(JSON.parse(prev.value)).toMatchObject({ c: 'today', p: 1, u: 'U0ALICE' });
    const [back] = await h.click(prev.value, { user: 'U0ALICE', actionId: 'paperboy_page_prev' });
    expect(cardTitles(back!.body)).toEqual(cardTitles(first!.body));
  });

  it('tells anyone else politely, privately, and leaves the message alone', async () => {
    const [first] = await h.slash('today top=15', { user: 'U0ALICE' });
    const next = buttonsOf(first!.body).find((b) => b.action_id === 'paperboy_page_next')!;
    const [note] = await h.click(next.value, { user: 'U0MALLORY' });
    expect(note!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(note!.body.text).toMatch(/Only the person who asked can turn these pages/);
    expect(note!.body.text).toContain('/papers today top=15');
    expect(note!.body.blocks).toBeUndefined();
  });

  it('keeps the list when a page fails, answering with a private note instead', async () => {
    const value = await sealed({ command: 'today min_upvotes=abc', page: 2, userId: 'U0ALICE' });
    const [answer] = await h.click(value, { user: 'U0ALICE' });
    expect(answer!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answer!.body.blocks)).toContain(':warning:');
  });

  it('answers a button value it did not write with a polite note', async () => {
    const [note] = await h.click('{"forged":true}', { user: 'U0ALICE' });
    expect(note!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(note!.body.text).toMatch(/Run the command again/);
  });
});

/** A value sealed with the harness's key for a channel, as Paperboy would write it. */
async function sealed(state: PageState, channelId = 'C0GENERAL'): Promise<string> {
  const mac = sealPageState(await BUTTON_KEYS.buttonKey(), { teamId: 'T0PAPERBOY', channelId }, state);
  return JSON.stringify({ c: state.command, p: state.page, u: state.userId, m: mac });
}

const OLDER = /older message \(or it was changed\)\. Run the command again/;

describe('issue 13 item 14: a Slack button pages only the list it belongs to', () => {
  const aliceTopics = { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'user', id: 'U0ALICE' } as const;

  it('refuses values that are not sealed, malformed, or too big, and runs nothing', async () => {
    const values = [
      '',
      'null',
      '[]',
      '"today"',
      JSON.stringify({ c: 'subscribe forged-by-button', p: 1, u: 'U0ALICE' }),
      JSON.stringify({ c: 'today', p: 2, u: 'U0ALICE', m: 'short' }),
      JSON.stringify({ c: 'today', p: 2, u: 'U0ALICE', m: 'A'.repeat(16) }),
      JSON.stringify({ c: 'today', p: 1e9, u: 'U0ALICE', m: 'A'.repeat(16) }),
      JSON.stringify({ c: 'x'.repeat(1990), p: 2, u: 'U0ALICE', m: 'A'.repeat(16) }),
      '{"c":"today","p":2,"u":"U0ALICE","m":"\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}',
    ];
    for (const value of values) {
      const [note] = await h.click(value, { user: 'U0ALICE' });
      expect(note!.body, value.slice(0, 40)).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(note!.body.text, value.slice(0, 40)).toMatch(OLDER);
    }
    expect(await h.services.store.subscriptions.list(aliceTopics)).toEqual([]);
  });

  it('refuses a real value with its command or page changed, or clicked in another channel', async () => {
    const [first] = await h.slash('today', { user: 'U0ALICE' });
    const next = buttonsOf(first!.body).find((b) => b.action_id === 'paperboy_page_next')!;
    const state = JSON.parse(next.value) as { c: string; p: number; u: string; m: string };
    for (const changed of [
      { ...state, c: 'subscribe forged-by-button' },
      { ...state, c: 'today top=1' },
      { ...state, p: state.p + 1 },
    ]) {
      const [note] = await h.click(JSON.stringify(changed), { user: 'U0ALICE' });
      expect(note!.body.text, JSON.stringify(changed)).toMatch(OLDER);
    }
    const [elsewhere] = await h.click(next.value, { user: 'U0ALICE', channel: 'C0OTHER' });
    expect(elsewhere!.body.text).toMatch(OLDER);
    expect(await h.services.store.subscriptions.list(aliceTopics)).toEqual([]);
  });

  it('refuses a correctly sealed value for a command that is not a list, or a page out of range', async () => {
    for (const state of [
      { command: 'subscribe forged-by-button', page: 2, userId: 'U0ALICE' },
      { command: 'digest on', page: 2, userId: 'U0ALICE' },
      { command: 'help', page: 2, userId: 'U0ALICE' },
      { command: 'today page=3', page: 2, userId: 'U0ALICE' },
      { command: 'today', page: 1001, userId: 'U0ALICE' },
    ]) {
      const [note] = await h.click(await sealed(state), { user: 'U0ALICE' });
      expect(note!.body.text, state.command).toMatch(OLDER);
    }
    expect(await h.services.store.subscriptions.list(aliceTopics)).toEqual([]);
    expect(await h.services.store.digests.get(aliceTopics)).toBeUndefined();
  });

  it('without the key (another process, no PAPERBOY_SECRET_KEY) an old button gets the polite note', async () => {
    const [first] = await h.slash('today', { user: 'U0ALICE' });
    const next = buttonsOf(first!.body).find((b) => b.action_id === 'paperboy_page_next')!;
    const other = await startHarness({ deps: {} });
    try {
      // The default key source of a fresh adapter is its own random key.
      const fresh = await startHarness({ deps: { buttonKeys: undefined } });
      try {
        const [note] = await fresh.click(next.value, { user: 'U0ALICE' });
        expect(note!.body.text).toMatch(OLDER);
      } finally {
        await fresh.close();
      }
      // With the same secret, it keeps working.
      const [page2] = await other.click(next.value, { user: 'U0ALICE' });
      expect(JSON.stringify(page2!.body.blocks)).toContain('Page 2 of');
    } finally {
      await other.close();
    }
  });
});
