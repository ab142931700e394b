import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePageId, encodePageId, PagingMemory } from '../../adapters/discord/paging.js';
import {
  buttonClick,
  chatInput,
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  messageObject,
  snowflake,
  userObject,
} from '../fakes/discord/payloads.js';
import { expectValidMessage } from './expect-message.js';
import { callbackOf, settle, startHarness, type Harness } from './harness.js';

const ada = { id: '900000000000000711', username: 'ada' };
const bob = { id: '900000000000000712', username: 'bob' };

describe('paging custom_id', () => {
  it('carries user, page and command inline when it fits in 100 characters', () => {
    const memory = new PagingMemory();
    const id = encodePageId(ada.id, 2, 'today top=25 sort=new', memory);
    expect(id).toBe(`pg:${ada.id}:2:=today top=25 sort=new`);
    expect(decodePageId(id, memory)).toEqual({ userId: ada.id, page: 2, command: 'today top=25 sort=new' });
    expect(memory.size).toBe(0);
  });

  it('falls back to a short key into a bounded map for long commands', () => {
    const memory = new PagingMemory(2);
    const long = `search ${'very long words '.repeat(10)}`;
    const id = encodePageId(ada.id, 3, long, memory);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodePageId(id, memory)).toEqual({ userId: ada.id, page: 3, command: long });
    // The map is bounded: the oldest entries are forgotten, and then the state is "expired".
    encodePageId(ada.id, 1, `${long} a`, memory);
    encodePageId(ada.id, 1, `${long} b`, memory);
    expect(memory.size).toBe(2);
    expect(decodePageId(id, memory)?.command).toBeUndefined();
  });

  it('ignores ids that are not ours', () => {
    expect(decodePageId('something-else', new PagingMemory())).toBeUndefined();
    expect(decodePageId('pg:label', new PagingMemory())).toBeUndefined();
  });
});

describe('Prev/Next buttons through the real Client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deferAfterMs: 2000 });
  });
  afterAll(async () => {
    await h.close();
  });

  /** Ask for a paged list and return the message it produced, as Discord would show it. */
  async function pagedList(user = ada) {
    const ask = chatInput('papers', 'month', [], { user });
    h.fake.interact(ask);
    const cb = await callbackOf(h.fake, ask);
    const row = cb.body.data.components[0];
    const message = messageObject(FAKE_CHANNEL_ID, snowflake(), cb.body.data, {
      interaction_metadata: {
        id: ask.id,
        type: 2,
        user: userObject(user),
        authorizing_integration_owners: { '0': FAKE_GUILD_ID },
      },
    });
    return { cb, row, message };
  }

  it('shows Prev (disabled) · 1 / n · Next with the query state in each custom_id', async () => {
    const { cb, row } = await pagedList();
    expect(row.type).toBe(1);
    const [prev, label, next] = row.components;
    expect(prev).toMatchObject({ type: 2, label: '◀ Prev', disabled: true });
    expect(label.label).toMatch(/^1 \/ \d+$/);
    expect(label.disabled).toBe(true);
    expect(next).toMatchObject({ type: 2, label: 'Next ▶', disabled: false, custom_id: `pg:${ada.id}:2:=month` });
    for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(100);
    expect(cb.body.data.content).toContain('Page 1 of');
  });

  it('turns the page in place for the person who asked (deferUpdate, then edit)', async () => {
    const { row, message } = await pagedList();
    const click = buttonClick(row.components[2].custom_id, message, { user: ada });
    h.fake.interact(click);
    const [ack, edit] = await settle(h.fake, click, 2);
    expect(ack!.body).toEqual({ type: 6 });
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toBe(`/webhooks/${click.application_id}/${click.token}/messages/@original`);
    expectValidMessage(edit!.body);
    expect(edit!.body.content).toContain('Page 2 of');
    expect(edit!.body.embeds[0].title).toMatch(/^11\. /);
    const [prev, , next] = edit!.body.components[0].components;
    expect(prev).toMatchObject({ disabled: false, custom_id: `pg:${ada.id}:1:=month` });
    expect(next.custom_id).toBe(`pg:${ada.id}:3:=month`);
  });

  it('tells anyone else, privately and politely, that the pages are not theirs', async () => {
    const { row, message } = await pagedList();
    const click = buttonClick(row.components[2].custom_id, message, { user: bob });
    h.fake.interact(click);
    const cb = await callbackOf(h.fake, click);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].description).toContain('Only the person who asked');
    expectValidMessage(cb.body.data);
    // Nothing was edited.
    await new Promise((r) => setTimeout(r, 50));
    expect(h.fake.callsFor(click)).toHaveLength(1);
  });

  it('answers an expired state (unknown key after a restart) politely', async () => {
    const { message } = await pagedList();
    const click = buttonClick(`pg:${ada.id}:2:#AAAAAAAAAAAAAAAA`, message, { user: ada });
    h.fake.interact(click);
    const cb = await callbackOf(h.fake, click);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].description).toContain('expired');
  });
});
