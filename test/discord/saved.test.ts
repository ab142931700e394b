import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretButtonKey } from '../../src/button-key.js';
import type { Target } from '../../src/caller.js';
import { Secret } from '../../src/config.js';
import { SAVED_PER_PLACE, snapshotOf } from '../../src/saved.js';
import {
  buttonClick,
  chatInput,
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  messageObject,
  PERMS,
  snowflake,
  type SubOption,
} from '../fakes/discord/payloads.js';
import { expectValidMessage } from './expect-message.js';
import { callbackOf, settle, startHarness, type Harness } from './harness.js';

/**
 * The reading list through the real discord.js Client on the fake Discord: save by
 * command and by the signed Save buttons, the list and its pages, unsave #n, the export
 * as an attachment, the channel list's rights, and sort=foryou with its "like:" lines.
 */
const ada = { id: '900000000000000911', username: 'ada' };
const eve = { id: '900000000000000912', username: 'eve' };
const personal = (id: string): Target => ({ platform: 'discord', workspaceId: '', kind: 'user', id });
const channelList: Target = { platform: 'discord', workspaceId: FAKE_GUILD_ID, kind: 'channel', id: FAKE_CHANNEL_ID };
const FOUR = ['2608.19880', '2608.18580', '2608.20335', '2608.19799'];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    deferAfterMs: 2000,
    buttonKeys: secretButtonKey(new Secret('a-test-secret-that-is-long-enough-0123456789')),
  });
});
afterAll(() => h.close());
beforeEach(async () => {
  for (const t of [personal(ada.id), personal(eve.id), channelList])
    for (const s of await h.store.saved.list(t)) await h.store.saved.remove(t, s.id);
});

/** `/papers <sub>` (or `/papers-channel <sub>`) and its first answer. */
async function ask(sub: string, options: SubOption[] = [], user = ada, command = 'papers', permissions?: string) {
  const payload = chatInput(command, sub, options, { user, ...(permissions ? { permissions } : {}) });
  h.fake.interact(payload);
  const cb = await callbackOf(h.fake, payload);
  expectValidMessage(cb.body.data);
  return { cb, data: cb.body.data, payload };
}
const text = (data: { content?: string; embeds?: { title?: string; description?: string }[] }) =>
  (data.content ?? '') + JSON.stringify(data.embeds ?? []);
const opt = (name: string, value: string | number): SubOption => ({
  name,
  type: typeof value === 'number' ? 4 : 3,
  value,
});
type Button = { custom_id: string; label: string };
const buttonsOf = (data: { components?: { components: Button[] }[] }) =>
  (data.components ?? []).flatMap((r) => r.components);

async function saveDirectly(target: Target, ids: string[]) {
  for (const [i, id] of ids.entries()) {
    const paper = (await h.services.papers.paper(id)).value!;
    await h.store.saved.add(
      { id: `e${i}-${id}`, target, paper: snapshotOf(paper), savedBy: ada.id, savedAt: '2026-08-22T10:00:00Z' },
      SAVED_PER_PLACE,
    );
  }
}

describe('Save buttons on Discord', () => {
  it('puts one Save per card under a list, in rows of five, after the paging row', async () => {
    const { data } = await ask('today');
    const rows = data.components as { components: Button[] }[];
    expect(rows[0]!.components[0]!.custom_id).toMatch(/^pg:/);
    const saves = rows.slice(1).map((r) => r.components.map((b) => b.label));
    expect(saves).toEqual([
      ['☆ Save #1', '☆ Save #2', '☆ Save #3', '☆ Save #4', '☆ Save #5'],
      ['☆ Save #6', '☆ Save #7', '☆ Save #8', '☆ Save #9', '☆ Save #10'],
    ]);
    for (const b of buttonsOf(data)) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('saves to the clicker’s own list, privately, whoever asked for the list', async () => {
    const { data } = await ask('today');
    const first = buttonsOf(data).find((b) => b.label === '☆ Save #1')!;
    const message = messageObject(FAKE_CHANNEL_ID, snowflake(), data);
    const click = buttonClick(first.custom_id, message, { user: eve });
    h.fake.interact(click);
    const [deferred, edit] = await settle(h.fake, click, 2);
    expect(deferred!.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(edit!.body.allowed_mentions).toEqual({ parse: [] });
    expect(text(edit!.body)).toMatch(/#1 on your reading list .{0,3}\(only you see it/);
    const paperId = first.custom_id.split(':')[1];
    expect((await h.store.saved.list(personal(eve.id))).map((s) => s.paper.id)).toEqual([paperId]);
    expect(await h.store.saved.list(personal(ada.id))).toEqual([]);
    expect(await h.store.saved.list(channelList)).toEqual([]);
  });

  it('answers a forged or foreign Save id politely and saves nothing', async () => {
    const { data } = await ask('today');
    const good = buttonsOf(data).find((b) => b.label === '☆ Save #1')!.custom_id;
    const [, id, mac] = good.split(':');
    const otherPaper = FOUR.find((x) => x !== id)!;
    const message = messageObject(FAKE_CHANNEL_ID, snowflake(), data);
    const forged = [
      `sv:${otherPaper}:${mac}`, // another paper under the same mac
      `sv:${id}:${'A'.repeat(16)}`, // a made-up mac
      `sv:${id}`, // no mac
      'sv:../../etc:xxxxxxxxxxxxxxxx',
    ];
    for (const customId of forged) {
      const click = buttonClick(customId, message, { user: eve });
      h.fake.interact(click);
      const cb = await callbackOf(h.fake, click);
      expect(cb.body.type, customId).toBe(4);
      expect(cb.body.data.flags, customId).toBe(64);
      expectValidMessage(cb.body.data);
      expect(text(cb.body.data), customId).toMatch(/doesn't work any more.*nothing was saved/);
    }
    // A genuine id carried into another channel does not verify there either.
    const elsewhere = buttonClick(good, message, { user: eve, channelId: '900000000000000299' });
    h.fake.interact(elsewhere);
    expect(text((await callbackOf(h.fake, elsewhere)).body.data)).toMatch(/nothing was saved/);
    expect(await h.store.saved.list(personal(eve.id))).toEqual([]);
  });

  it('gives digest paper messages a Save button bound to their thread', async () => {
    const card = { id: '2608.19880', title: 'EnvHarness', hfUrl: 'https://huggingface.co/papers/2608.19880' };
    const posted = await h.discord.sink.postPaper(
      channelList,
      { parentId: '900000000000000300', threadId: '900000000000000301' },
      { ...card, arxivUrl: 'https://arxiv.org/abs/2608.19880', upvotes: 1, authors: 'A', blurb: 'B', rank: 1 },
      'save-digest-test',
    );
    const sent = h.fake.channels.get('900000000000000301')!.find((m) => m.id === posted.messageId)!;
    expect(sent.body.components[0].components[0]).toMatchObject({ label: '☆ Save #1' });
    expect(sent.body.components[0].components[0].custom_id).toMatch(/^sv:2608\.19880:/);
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('save, saved, unsave on Discord', () => {
  it('saves by command, privately, and says a second save changes nothing', async () => {
    const { data } = await ask('save', [opt('id', 'https://arxiv.org/abs/2608.19880v2')]);
    expect(data.flags).toBe(64);
    expect(text(data)).toContain('#1 on your reading list');
    const again = await ask('save', [opt('id', '2608.19880')]);
    expect(again.data.embeds[0].title).toBe('Already saved');
    expect(text(again.data)).toContain('nothing changed');
    expect(await h.store.saved.list(personal(ada.id))).toHaveLength(1);
  });

  it('pages the saved list and removes #n', async () => {
    const ids = (await h.services.papers.day(h.services.papers.today(new Date()))).value.map((p) => p.id);
    await saveDirectly(personal(ada.id), ids.slice(0, 12));
    const page1 = await ask('saved');
    expect(text(page1.data)).toContain(`#1 `);
    expect(buttonsOf(page1.data).map((b) => b.label)).toContain('Next ▶');
    const page2 = await ask('saved', [opt('page', 2)]);
    expect(text(page2.data)).toMatch(/#11 .*#12 /);
    expect(text(page2.data)).not.toContain('#10 ');
    const removed = await ask('unsave', [opt('ref', '#1')]);
    expect(text(removed.data)).toContain(ids[0]);
    expect(text(removed.data)).toMatch(/11 papers left/);
    expect((await h.store.saved.list(personal(ada.id))).map((s) => s.paper.id)).toEqual(ids.slice(1, 12));
  });

  it('exports the list as a .bib attachment an independent parser reads', async () => {
    await saveDirectly(personal(ada.id), FOUR);
    const { cb } = await ask('saved', [opt('export', 'bibtex')]);
    expect(cb.files).toHaveLength(1);
    expect(cb.files![0]!.filename).toBe('paperboy-reading-list.bib');
    const lib = parse(cb.files![0]!.text, { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(FOUR);
  });

  it("refuses a member changing the channel's list, and lets a channel manager", async () => {
    const refused = await ask('save', [opt('id', '2608.19880')], ada, 'papers-channel', PERMS.member);
    expect(refused.data.flags).toBe(64);
    expect(text(refused.data)).toMatch(/Manage Channels/);
    expect(await h.store.saved.list(channelList)).toEqual([]);
    const allowed = await ask('save', [opt('id', '2608.19880')], ada, 'papers-channel', PERMS.channelManager);
    expect(text(allowed.data)).toContain("this channel's reading list");
    expect((await h.store.saved.list(channelList)).map((s) => s.paper.id)).toEqual(['2608.19880']);
    const read = await ask('saved', [], ada, 'papers-channel', PERMS.channelManager);
    expect(text(read.data)).toContain('2608.19880');
  });

  it('orders today by what was saved, each with a "like:" line; under 3 saved it says so', async () => {
    await saveDirectly(personal(ada.id), FOUR.slice(0, 2));
    const few = await ask('today', [opt('sort', 'foryou')]);
    expect(text(few.data)).toMatch(/needs at least 3 saved papers.*most upvoted first/);
    expect(text(few.data)).not.toContain('like: ');
    await saveDirectly(personal(ada.id), FOUR.slice(2));
    const { data } = await ask('today', [opt('sort', 'foryou')]);
    expect(data.content).toContain('for you');
    const descriptions = (data.embeds as { description: string }[]).map((e) => e.description);
    expect(descriptions.filter((d) => d.includes('like: ')).length).toBeGreaterThan(5);
  });
});
