import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, startHarness, type Harness } from './harness.js';

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
    const next = buttonsOf(first!.body)[0]!;
    const [note] = await h.click(next.value, { user: 'U0MALLORY' });
    expect(note!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(note!.body.text).toMatch(/Only the person who asked can turn these pages/);
    expect(note!.body.text).toContain('/papers today top=15');
    expect(note!.body.blocks).toBeUndefined();
  });

  it('keeps the list when a page fails, answering with a private note instead', async () => {
    const value = JSON.stringify({ c: 'today min_upvotes=abc', p: 2, u: 'U0ALICE' });
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
