import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { SAVED_PER_PLACE, snapshotOf } from '../../src/saved.js';
import type { ResponseUrlPost } from '../fakes/slack/fake-slack-api.js';
import { buttonsOf, fixturePapers, startHarness, type Harness } from './harness.js';

/**
 * The reading list through the real Bolt App on the fake Slack: save by command and by
 * the signed Save buttons, the list and its pages, unsave #n, the export as a file
 * upload, the channel list's rights, and sort=foryou with its "like:" lines.
 */
const TEAM = 'T0PAPERBOY';
const personal = (id: string): Target => ({ platform: 'slack', workspaceId: TEAM, kind: 'user', id });
const general: Target = { platform: 'slack', workspaceId: TEAM, kind: 'channel', id: 'C0GENERAL' };
const FOUR = ['2607.16617', '2607.18703', '2607.19139', '2607.18367'];
const shown = (post: ResponseUrlPost | undefined) => JSON.stringify(post!.body.blocks ?? []) + (post!.body.text ?? '');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  h.fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
});
afterAll(() => h.close());
beforeEach(async () => {
  for (const t of [personal('U0ALICE'), personal('U0BOB'), personal('U0MEMBER'), general])
    for (const s of await h.services.store.saved.list(t)) await h.services.store.saved.remove(t, s.id);
});

async function saveDirectly(target: Target, ids: string[]) {
  const byId = new Map(fixturePapers().map((p) => [p.id, p]));
  for (const [i, id] of ids.entries()) {
    await h.services.store.saved.add(
      {
        id: `e${i}-${id}`,
        target,
        paper: snapshotOf(byId.get(id)!),
        savedBy: 'U0ALICE',
        savedAt: '2026-07-22T10:00:00Z',
      },
      SAVED_PER_PLACE,
    );
  }
}

describe('Save buttons on Slack', () => {
  it('puts one actions block of Save #n buttons under a list, within the block limit', async () => {
    const [answer] = await h.slash('today', { user: 'U0ALICE' });
    const saves = buttonsOf(answer!.body).filter((b) => b.action_id.startsWith('paperboy_save_'));
    expect(saves.map((b) => b.text.text)).toEqual(Array.from({ length: 10 }, (_, i) => `☆ Save #${i + 1}`));
    expect((answer!.body.blocks ?? []).length).toBeLessThanOrEqual(50);
  });

  it('saves to the clicker’s own list, ephemerally, whoever asked for the list', async () => {
    const [answer] = await h.slash('today', { user: 'U0ALICE' });
    const first = buttonsOf(answer!.body).find((b) => b.action_id === 'paperboy_save_1')!;
    const [note] = await h.click(first.value, { user: 'U0BOB', actionId: first.action_id });
    expect(note!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(shown(note)).toMatch(/#1 on your reading list \(only you see it\)/);
    expect((await h.services.store.saved.list(personal('U0BOB'))).map((s) => s.paper.id)).toEqual([
      first.value.split(':')[0],
    ]);
    expect(await h.services.store.saved.list(personal('U0ALICE'))).toEqual([]);
    expect(await h.services.store.saved.list(general)).toEqual([]);
  });

  it('answers a forged or foreign Save value politely and saves nothing', async () => {
    const [answer] = await h.slash('today', { user: 'U0ALICE' });
    const good = buttonsOf(answer!.body).find((b) => b.action_id === 'paperboy_save_1')!.value;
    const [id, mac] = good.split(':');
    const other = FOUR.find((x) => x !== id)!;
    for (const value of [`${other}:${mac}`, `${id}:${'A'.repeat(16)}`, id!, '{"p":1}', '']) {
      const [note] = await h.click(value, { user: 'U0BOB', actionId: 'paperboy_save_1' });
      expect(note!.body.response_type, value).toBe('ephemeral');
      expect(note!.body.text, value).toMatch(/nothing was saved/);
    }
    // A genuine value clicked in another channel does not verify there.
    const [elsewhere] = await h.click(good, { user: 'U0BOB', channel: 'C0OTHER', actionId: 'paperboy_save_1' });
    expect(elsewhere!.body.text).toMatch(/nothing was saved/);
    expect(await h.services.store.saved.list(personal('U0BOB'))).toEqual([]);
  });

  it('gives digest paper messages a Save button bound to their channel', async () => {
    const card = { id: '2607.16617', title: 'A paper', hfUrl: 'https://huggingface.co/papers/2607.16617' };
    await h.slack.sink.postPaper(
      general,
      { parentId: '1700000000.000100', threadId: '1700000000.000100' },
      { ...card, arxivUrl: 'https://arxiv.org/abs/2607.16617', upvotes: 1, authors: 'A', blurb: 'B', rank: 1 },
      'saved-digest-test',
    );
    const post = h.fake.callsTo('chat.postMessage').at(-1)!;
    const raw = post.args.blocks;
    const blocks = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
      type: string;
      elements?: { value: string }[];
    }[];
    const actions = blocks.find((b) => b.type === 'actions')!;
    const [note] = await h.click(actions.elements![0]!.value, { user: 'U0BOB', actionId: 'paperboy_save_1' });
    expect(shown(note)).toContain('on your reading list');
    expect((await h.services.store.saved.list(personal('U0BOB'))).map((s) => s.paper.id)).toEqual(['2607.16617']);
  });
});

describe('save, saved, unsave on Slack', () => {
  it('saves by command, pages the list and removes #n', async () => {
    const [saved] = await h.slash('save https://huggingface.co/papers/2607.16617', { user: 'U0ALICE' });
    expect(saved!.body.response_type).toBe('ephemeral');
    expect(shown(saved)).toContain('#1 on your reading list');
    const ids = fixturePapers()
      .map((p) => p.id)
      .filter((x) => x !== '2607.16617');
    await saveDirectly(personal('U0ALICE'), ids.slice(0, 11));
    const [page1] = await h.slash('saved', { user: 'U0ALICE' });
    expect(buttonsOf(page1!.body).map((b) => b.action_id)).toContain('paperboy_page_next');
    const [page2] = await h.slash('saved page=2', { user: 'U0ALICE' });
    expect(shown(page2)).toMatch(/#11 .*#12 /);
    const [removed] = await h.slash('unsave #1', { user: 'U0ALICE' });
    expect(shown(removed)).toContain('2607.16617');
    expect(shown(removed)).toContain('11 papers left');
    expect(await h.services.store.saved.list(personal('U0ALICE'))).toHaveLength(11);
  });

  it('uploads the export as a .bib file an independent parser reads', async () => {
    await saveDirectly(personal('U0ALICE'), FOUR);
    const before = h.fake.files.length;
    const [answer] = await h.slash('saved export=bibtex', { user: 'U0ALICE' });
    expect(shown(answer)).toContain('paperboy-reading-list.bib');
    const file = h.fake.files[before]!;
    expect(file.filename).toBe('paperboy-reading-list.bib');
    const lib = parse(file.text!, { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(FOUR);
  });

  it("refuses a member changing the channel's list; an admin may; anyone may read it", async () => {
    const [refused] = await h.slash('save 2607.16617 here', { user: 'U0MEMBER' });
    expect(refused!.body.response_type).toBe('ephemeral');
    expect(shown(refused)).toMatch(/Only people who can manage this channel can change what it receives/);
    expect(await h.services.store.saved.list(general)).toEqual([]);
    const [allowed] = await h.slash('save 2607.16617 here', { user: 'U0ADMIN' });
    expect(allowed!.body.response_type).toBe('in_channel');
    expect((await h.services.store.saved.list(general)).map((s) => s.paper.id)).toEqual(['2607.16617']);
    const [read] = await h.slash('saved here', { user: 'U0MEMBER' });
    expect(shown(read)).toContain('2607.16617');
    const [unsave] = await h.slash('unsave #1 here', { user: 'U0MEMBER' });
    expect(shown(unsave)).toMatch(/Only people who can manage this channel/);
    expect(await h.services.store.saved.list(general)).toHaveLength(1);
  });

  it('orders today by what was saved, each with a "like:" line; under 3 saved it says so', async () => {
    await saveDirectly(personal('U0ALICE'), FOUR.slice(0, 1));
    const [few] = await h.slash('today sort=foryou', { user: 'U0ALICE' });
    expect(shown(few)).toMatch(/needs at least 3 saved papers to go on \(there is 1\)/);
    expect(shown(few)).not.toContain('like: ');
    await saveDirectly(personal('U0ALICE'), FOUR.slice(1));
    const [answer] = await h.slash('today sort=foryou', { user: 'U0ALICE' });
    expect(shown(answer)).toContain('for you');
    expect(shown(answer).match(/_like: /g)!.length).toBeGreaterThan(5);
  });
});
