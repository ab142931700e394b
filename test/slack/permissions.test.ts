import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_RIGHTS_NOTE } from '../../adapters/slack/permissions.js';
import type { Caller, Target } from '../../src/caller.js';
import type { ResponseUrlPost } from '../fakes/slack/fake-slack-api.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Channel-level commands (`… here`) need a workspace admin or owner (users.info), or a
 * user in SLACK_ADMIN_USER_IDS; SLACK_CHANNEL_CONFIG=anyone lifts the rule. The adapter
 * computes Caller.canManageChannel; the commands decide what needs it.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const general: Target = { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'channel', id: 'C0GENERAL' };
const shown = (post: ResponseUrlPost | undefined) => JSON.stringify(post!.body.blocks);
const isRefusal = (post: ResponseUrlPost | undefined) =>
  post!.body.response_type === 'ephemeral' &&
  shown(post).includes(':warning:') &&
  shown(post).includes(CHANNEL_RIGHTS_NOTE.slice(0, 50));
const callerFrom = (post: ResponseUrlPost | undefined): Caller => {
  const section = (post!.body.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'section')!;
  return JSON.parse(section.text!.text) as Caller;
};

async function withUsers(env: Record<string, string> = {}) {
  h = await startHarness({ env });
  h.fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  h.fake.users.set('U0OWNER', { id: 'U0OWNER', is_owner: true });
  h.fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  return h;
}

describe('channel-level commands on Slack', () => {
  it('refuses a member `subscribe x here`, privately, saying who may', async () => {
    const h = await withUsers();
    const [answer] = await h.slash('subscribe grokking here', { user: 'U0MEMBER' });
    expect(isRefusal(answer)).toBe(true);
    expect(h.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0MEMBER']);
    expect(await h.services.store.subscriptions.list(general)).toEqual([]);
  });

  it('refuses a member `digest on here` and stores nothing for the channel', async () => {
    const h = await withUsers();
    const [answer] = await h.slash('digest on here', { user: 'U0MEMBER' });
    expect(isRefusal(answer)).toBe(true);
    expect(await h.services.store.digests.get(general)).toBeUndefined();
  });

  it("lets a member read the channel's digest status (the command needs no rights for that)", async () => {
    const h = await withUsers();
    const [answer] = await h.slash('digest status here', { user: 'U0MEMBER' });
    expect(isRefusal(answer)).toBe(false);
    expect(answer!.body.text).not.toMatch(/went wrong/);
  });

  it('lets the same member subscribe personally, without asking Slack', async () => {
    const h = await withUsers();
    const [answer] = await h.slash('subscribe grokking', { user: 'U0MEMBER' });
    expect(isRefusal(answer)).toBe(false);
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('lets admins and owners change the channel, and tells commands so (canManageChannel)', async () => {
    const h = await withUsers();
    for (const user of ['U0ADMIN', 'U0OWNER']) {
      const [who] = await h.slash('whoami here', { user });
      expect(callerFrom(who)).toMatchObject({ userId: user, canManageChannel: true, isDirectMessage: false });
      const [sub] = await h.slash('subscribe grokking here', { user });
      expect(isRefusal(sub)).toBe(false);
    }
    const [on] = await h.slash('digest on time=08:30 tz=America/New_York here', { user: 'U0ADMIN' });
    expect(isRefusal(on)).toBe(false);
    expect(await h.services.store.digests.get(general)).toMatchObject({
      time: '08:30',
      timezone: 'America/New_York',
      enabled: true,
      createdBy: 'U0ADMIN',
    });
  });

  it('caches the users.info answer briefly: a burst of commands costs one call', async () => {
    const h = await withUsers();
    await Promise.all([1, 2, 3].map(() => h.slash('whoami here', { user: 'U0ADMIN' })));
    await h.slash('whoami here', { user: 'U0ADMIN' });
    expect(h.fake.callsTo('users.info')).toHaveLength(1);
  });

  it('fails closed when users.info fails, and asks again next time', async () => {
    const h = await withUsers();
    h.fake.failNext('users.info', { error: 'internal_error' });
    const [denied] = await h.slash('whoami here', { user: 'U0ADMIN' });
    expect(callerFrom(denied).canManageChannel).toBe(false);
    const [allowed] = await h.slash('whoami here', { user: 'U0ADMIN' });
    expect(callerFrom(allowed).canManageChannel).toBe(true);
    expect(h.fake.callsTo('users.info')).toHaveLength(2);
  });

  it('allows users listed in SLACK_ADMIN_USER_IDS without asking Slack', async () => {
    const h = await withUsers({ SLACK_ADMIN_USER_IDS: 'U0OTHER, U0MEMBER' });
    const [answer] = await h.slash('whoami here', { user: 'U0MEMBER' });
    expect(callerFrom(answer).canManageChannel).toBe(true);
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('allows everyone with SLACK_CHANNEL_CONFIG=anyone', async () => {
    const h = await withUsers({ SLACK_CHANNEL_CONFIG: 'anyone' });
    // With tz= given, nothing else needs users.info (it also tells the person's own zone).
    const [answer] = await h.slash('digest on tz=UTC here', { user: 'U0MEMBER' });
    expect(isRefusal(answer)).toBe(false);
    expect(await h.services.store.digests.get(general)).toMatchObject({ enabled: true });
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('needs no rights for `here` in a DM (it means the DM itself)', async () => {
    const h = await withUsers();
    const [answer] = await h.slash('whoami here', { user: 'U0MEMBER', channel: 'D0MEMBER' });
    expect(callerFrom(answer)).toMatchObject({ isDirectMessage: true, canManageChannel: false });
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });
});

describe('/papers digest now through Slack', () => {
  it('posts the channel digest as a parent with threaded replies, via the adapter sink', async () => {
    const h = await withUsers();
    await h.slash('digest on top=3 here', { user: 'U0ADMIN' });
    const [answer] = await h.slash('digest now here', { user: 'U0ADMIN' });
    expect(isRefusal(answer)).toBe(false);
    const [parent, ...replies] = h.fake.messages.filter((m) => m.channel === 'C0GENERAL');
    expect(parent!.thread_ts).toBeUndefined();
    expect(replies).toHaveLength(3);
    expect(replies.every((r) => r.thread_ts === parent!.ts)).toBe(true);
    // Asked twice, it posts nothing more: the ledger knows the list was delivered.
    await h.slash('digest now here', { user: 'U0ADMIN' });
    expect(h.fake.messages.filter((m) => m.channel === 'C0GENERAL')).toHaveLength(4);
  });

  it("posts a person's digest in their DM, opened with conversations.open", async () => {
    const h = await withUsers();
    await h.slash('digest on top=2', { user: 'U0MEMBER' });
    await h.slash('digest now', { user: 'U0MEMBER' });
    expect(h.fake.callsTo('conversations.open').map((c) => c.args.users)).toContain('U0MEMBER');
    const dm = h.fake.messages.filter((m) => m.channel === 'D0MEMBER');
    expect(dm).toHaveLength(3);
    expect(dm.slice(1).every((m) => m.thread_ts === dm[0]!.ts)).toBe(true);
  });
});
