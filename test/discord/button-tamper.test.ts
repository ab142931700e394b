import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePageId, PagingMemory } from '../../adapters/discord/paging.js';
import { commands } from '../../commands/index.js';
import { secretButtonKey } from '../../src/button-key.js';
import { Secret } from '../../src/config.js';
import { pageCommandText } from '../../src/paging.js';
import {
  buttonClick,
  chatInput,
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  messageObject,
  snowflake,
  userObject,
} from '../fakes/discord/payloads.js';
import type { RecordedRequest } from '../fakes/discord/fake-discord.js';
import { expectValidMessage } from './expect-message.js';
import { callbackOf, settle, startHarness, type Harness } from './harness.js';

/**
 * Issue 13 item 14, through the real discord.js Client on the fake Discord: every
 * button click is answered, and a button can only page the list its own message shows.
 */
const ada = { id: '900000000000000811', username: 'ada' };
const eve = { id: '900000000000000812', username: 'eve' };
const SECRET = new Secret('a-test-secret-that-is-long-enough-0123456789');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deferAfterMs: 2000, buttonKeys: secretButtonKey(SECRET) });
});
afterAll(async () => {
  await h.close();
});

/** Run `/papers <sub>` as `user` and return its Next button id and the message as Discord would show it. */
async function pagedList(user = ada, sub = 'month') {
  const ask = chatInput('papers', sub, [], { user });
  h.fake.interact(ask);
  const cb = await callbackOf(h.fake, ask);
  const row = cb.body.data.components[0];
  const message = messageFor(ask.id, user, cb.body.data);
  return { nextId: row.components[2].custom_id as string, message, interactionId: ask.id };
}

const messageFor = (interactionId: string, user: typeof ada, body: Record<string, unknown>) =>
  messageObject(FAKE_CHANNEL_ID, snowflake(), body, {
    interaction_metadata: {
      id: interactionId,
      type: 2,
      user: userObject(user),
      authorizing_integration_owners: { '0': FAKE_GUILD_ID },
    },
  });

/** Click, and return every call the click produced once it is answered. */
async function click(customId: string, message: Record<string, unknown>, user = ada, componentType = 2) {
  const payload = buttonClick(customId, message, { user });
  payload.data.component_type = componentType;
  h.fake.interact(payload);
  const cb = await callbackOf(h.fake, payload);
  await new Promise((r) => setTimeout(r, 60));
  return { cb, calls: h.fake.callsFor(payload) };
}

/** A polite private refusal: one ephemeral reply, nothing edited, nothing run. */
function expectRefused(r: { cb: RecordedRequest; calls: RecordedRequest[] }, label: string, text: RegExp) {
  expect(r.cb.body.type, label).toBe(4);
  expect(r.cb.body.data.flags, label).toBe(64);
  expectValidMessage(r.cb.body.data);
  expect(JSON.stringify(r.cb.body.data.embeds), label).toMatch(text);
  expect(r.calls, label).toHaveLength(1);
}

const STALE = /doesn't work any more|expired|belong to someone else/;

describe('tampered custom_ids always get an answer', () => {
  it('answers every malformed or foreign id, privately and politely', async () => {
    const { nextId, message } = await pagedList();
    const mac = nextId.split(':')[2]!;
    const ids = [
      '',
      ' ',
      'pg:',
      'pg:label',
      'xx:1',
      'pg:1',
      'pg:2:',
      `pg:2:${mac}:=`,
      `pg:2:${mac}`,
      `pg:1234567:${mac}:=month`,
      `pg:0:${mac}:=month`,
      `pg:-1:${mac}:=month`,
      `pg:02:${mac}:=month`,
      `pg:abc:2:=month`,
      `pg:${ada.id}:2:=month`,
      `pg:not-a-user:2:=month`,
      'pg:2:!!!!!!!!!!!!!!!!:=month',
      `pg:2:${mac}:#does-not-exist`,
      `pg:2:${mac}:?month`,
      `${'x'.repeat(100)}`,
      'pg:2:\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000:=month',
      '🙂:🙂',
    ];
    for (const id of ids) expectRefused(await click(id, message), JSON.stringify(id), STALE);
  });

  it('answers clicks on other kinds of components too', async () => {
    const { nextId, message } = await pagedList();
    expectRefused(await click(nextId, message, ada, 3), 'select menu', STALE);
  });

  it('answers a click on a message that carries no interaction metadata', async () => {
    const { nextId } = await pagedList();
    const bare = messageObject(FAKE_CHANNEL_ID, snowflake(), { content: 'x' });
    expectRefused(await click(nextId, bare), 'no metadata', STALE);
  });
});

describe('a button pages only the list it belongs to', () => {
  it('refuses a forged command, even one wearing a real mac, and runs nothing', async () => {
    const { nextId, message } = await pagedList();
    const [, page, mac] = nextId.split(':');
    for (const command of ['subscribe forged-by-button', 'digest on', 'unsubscribe #1', 'month 2026-07', 'today']) {
      expectRefused(await click(`pg:${page}:${mac}:=${command}`, message), command, STALE);
      expectRefused(await click(`pg:1:AAAAAAAAAAAAAAAA:=${command}`, message), command, STALE);
    }
    expect(
      await h.store.subscriptions.list({ platform: 'discord', workspaceId: '', kind: 'user', id: ada.id }),
    ).toEqual([]);
  });

  it('refuses a real button with its page changed, or copied onto another message', async () => {
    const first = await pagedList();
    const [, , mac] = first.nextId.split(':');
    expectRefused(await click(`pg:3:${mac}:=month`, first.message), 'page changed', STALE);
    const second = await pagedList();
    expectRefused(await click(first.nextId, second.message), 'copied', STALE);
  });

  it("tells another person the pages are not theirs, and does not touch the asker's list", async () => {
    const { nextId, message } = await pagedList(ada);
    expectRefused(await click(nextId, message, eve), 'eve', /belong to someone else/);
  });

  it('a correctly signed button for a command that is not a list is still refused', async () => {
    const { interactionId, message } = await pagedList();
    const key = await secretButtonKey(SECRET).buttonKey();
    const binding = { interactionId, userId: ada.id };
    for (const command of ['subscribe forged-by-button', 'digest on here', 'help', 'today page=3', 'nonsense']) {
      const id = encodePageId(binding, 2, command, key, new PagingMemory());
      expectRefused(await click(id, message), command, STALE);
    }
    expect(
      await h.store.subscriptions.list({ platform: 'discord', workspaceId: '', kind: 'user', id: ada.id }),
    ).toEqual([]);
  });

  it('still turns the page for the asker with a genuine button', async () => {
    const { nextId, message } = await pagedList();
    const payload = buttonClick(nextId, message, { user: ada });
    h.fake.interact(payload);
    const [ack, edit] = await settle(h.fake, payload, 2);
    expect(ack!.body).toEqual({ type: 6 });
    expect(edit!.body.content).toContain('Page 2 of');
  });

  it('keeps working across a restart with PAPERBOY_SECRET_KEY, and politely not without it', async () => {
    const { nextId, message } = await pagedList();
    const again = await startHarness({ deferAfterMs: 2000, buttonKeys: secretButtonKey(SECRET) });
    const other = await startHarness({ deferAfterMs: 2000 });
    try {
      for (const [stack, works] of [
        [again, true],
        [other, false],
      ] as const) {
        const payload = buttonClick(nextId, message, { user: ada });
        stack.fake.interact(payload);
        const cb = await callbackOf(stack.fake, payload);
        if (works) expect(cb.body).toEqual({ type: 6 });
        else expect(JSON.stringify(cb.body.data.embeds)).toMatch(STALE);
      }
    } finally {
      await again.close();
      await other.close();
    }
  });
});

describe('pageCommandText', () => {
  it('allows only list commands, as they parse, with no page of their own and a page in range', () => {
    expect(pageCommandText(commands, 'today top=5', 2)).toBe('today top=5 page=2');
    expect(pageCommandText(commands, 'search "in-context learning" sort=new', 3)).toBe(
      'search "in-context learning" sort=new page=3',
    );
    expect(pageCommandText(commands, 'preview grokking', 2)).toBe('preview grokking page=2');
    for (const [text, page] of [
      ['subscribe x', 2],
      ['digest on', 2],
      ['help', 2],
      ['paper 2608.19880', 2],
      ['today page=3', 2],
      ['today top=5 top=6', 2],
      ['nonsense', 2],
      ['today', 0],
      ['today', 1001],
      ['today', 1.5],
    ] as const) {
      expect(pageCommandText(commands, text, page), `${text} @${page}`).toBeUndefined();
    }
  });
});
