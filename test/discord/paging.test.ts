import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePageId, encodePageId, PagingMemory, verifyPageRequest } from '../../adapters/discord/paging.js';
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
  const key = new Uint8Array(32).fill(7);
  const binding = { interactionId: '900000000000009001', userId: ada.id };

  it('carries page, mac and command inline when it fits in 100 characters', () => {
    const memory = new PagingMemory();
    const id = encodePageId(binding, 2, 'today top=25 sort=new', key, memory);
    expect(id).toMatch(/^pg:2:[A-Za-z0-9_-]{16}:=today top=25 sort=new$/);
    const request = decodePageId(id, memory)!;
    expect(request).toMatchObject({ page: 2, command: 'today top=25 sort=new' });
    expect(verifyPageRequest({ ...request, command: request.command! }, binding, key)).toBe(true);
    expect(memory.size).toBe(0);
  });

  it('falls back to a short key into a bounded map for long commands', () => {
    const memory = new PagingMemory(2);
    const long = `search ${'very long words '.repeat(10)}`;
    const id = encodePageId(binding, 3, long, key, memory);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodePageId(id, memory)).toMatchObject({ page: 3, command: long });
    // The map is bounded: the oldest entries are forgotten, and then the state is "expired".
    encodePageId(binding, 1, `${long} a`, key, memory);
    encodePageId(binding, 1, `${long} b`, key, memory);
    expect(memory.size).toBe(2);
    expect(decodePageId(id, memory)?.command).toBeUndefined();
  });

  it('does not verify for another message, person, page, command or key', () => {
    const memory = new PagingMemory();
    const request = decodePageId(encodePageId(binding, 2, 'today', key, memory), memory)!;
    const state = { ...request, command: 'today' };
    expect(verifyPageRequest(state, binding, key)).toBe(true);
    expect(verifyPageRequest(state, { ...binding, interactionId: '900000000000009002' }, key)).toBe(false);
    expect(verifyPageRequest(state, { ...binding, userId: bob.id }, key)).toBe(false);
    expect(verifyPageRequest({ ...state, page: 3 }, binding, key)).toBe(false);
    expect(verifyPageRequest({ ...state, command: 'subscribe x' }, binding, key)).toBe(false);
    expect(verifyPageRequest(state, binding, new Uint8Array(32).fill(8))).toBe(false);
  });

  it('ignores ids that are not ours', () => {
    for (const id of ['something-else', 'pg:label', '', 'pg:0:AAAAAAAAAAAAAAAA:=today', `pg:${ada.id}:2:=today`]) {
      expect(decodePageId(id, new PagingMemory()), id).toBeUndefined();
    }
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
    expect(next).toMatchObject({ type: 2, label: 'Next ▶', disabled: false });
    expect(next.custom_id).toMatch(/^pg:2:[A-Za-z0-9_-]{16}:=month$/);
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
    expect(prev).toMatchObject({ disabled: false });
    expect(prev.custom_id).toMatch(/^pg:1:[A-Za-z0-9_-]{16}:=month$/);
    expect(next.custom_id).toMatch(/^pg:3:[A-Za-z0-9_-]{16}:=month$/);
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
    const click = buttonClick('pg:2:AAAAAAAAAAAAAAAA:#AAAAAAAAAAAAAAAA', message, { user: ada });
    h.fake.interact(click);
    const cb = await callbackOf(h.fake, click);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].description).toContain('expired');
  });
});
