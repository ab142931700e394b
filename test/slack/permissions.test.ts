import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_RIGHTS_MESSAGE } from '../../adapters/slack/permissions.js';
import type { Caller } from '../../src/caller.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Channel-level commands (`… here`) need a workspace admin or owner (users.info), or a
 * user in SLACK_ADMIN_USER_IDS; SLACK_CHANNEL_CONFIG=anyone lifts the rule.
 */
let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

const sectionsText = (body: { blocks?: unknown[] }) => JSON.stringify(body.blocks);
const callerFrom = (body: { blocks?: unknown[] }): Caller => {
  const section = (body.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'section')!;
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
  it('denies a member `subscribe x here`, privately, with what would work', async () => {
    const h = await withUsers();
    const [answer] = await h.slash('subscribe grokking here', { user: 'U0MEMBER' });
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(sectionsText(answer!.body)).toContain(CHANNEL_RIGHTS_MESSAGE.slice(0, 60));
    expect(h.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0MEMBER']);
    // Nothing was stored for the channel.
    expect(await h.services.store.subscriptions.list()).toEqual([]);
  });

  it('lets the same member subscribe personally, without asking Slack', async () => {
    const h = await withUsers();
    const [answer] = await h.slash('subscribe grokking', { user: 'U0MEMBER' });
    expect(sectionsText(answer!.body)).not.toContain(CHANNEL_RIGHTS_MESSAGE.slice(0, 60));
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('allows admins and owners, and tells the command so (canManageChannel)', async () => {
    const h = await withUsers();
    for (const user of ['U0ADMIN', 'U0OWNER']) {
      const [answer] = await h.slash('whoami here', { user });
      expect(callerFrom(answer!.body)).toMatchObject({ userId: user, canManageChannel: true, isDirectMessage: false });
      const [sub] = await h.slash('subscribe grokking here', { user });
      expect(sectionsText(sub!.body)).not.toContain(CHANNEL_RIGHTS_MESSAGE.slice(0, 60));
    }
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
    expect(sectionsText(denied!.body)).toContain(CHANNEL_RIGHTS_MESSAGE.slice(0, 60));
    const [allowed] = await h.slash('whoami here', { user: 'U0ADMIN' });
    expect(callerFrom(allowed!.body).canManageChannel).toBe(true);
  });

  it('allows users listed in SLACK_ADMIN_USER_IDS without asking Slack', async () => {
    const h = await withUsers({ SLACK_ADMIN_USER_IDS: 'U0OTHER, U0MEMBER' });
    const [answer] = await h.slash('whoami here', { user: 'U0MEMBER' });
    expect(callerFrom(answer!.body).canManageChannel).toBe(true);
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('allows everyone with SLACK_CHANNEL_CONFIG=anyone', async () => {
    const h = await withUsers({ SLACK_CHANNEL_CONFIG: 'anyone' });
    const [answer] = await h.slash('subscribe grokking here', { user: 'U0MEMBER' });
    expect(sectionsText(answer!.body)).not.toContain(CHANNEL_RIGHTS_MESSAGE.slice(0, 60));
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('needs no rights for `here` in a DM (it means the DM itself)', async () => {
    const h = await withUsers();
    const [answer] = await h.slash('whoami here', { user: 'U0MEMBER', channel: 'D0MEMBER' });
    expect(callerFrom(answer!.body)).toMatchObject({ isDirectMessage: true, canManageChannel: false });
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });
});
