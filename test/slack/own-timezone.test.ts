import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Issue 13 item 4 on Slack: a digest turned on without tz= follows the person's own
 * time zone from users.info (the call the admin check already makes), and falls back to
 * Europe/Berlin when Slack does not say.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const personal = (id: string): Target => ({ platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'user', id });
const general: Target = { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'channel', id: 'C0GENERAL' };

async function withPeople() {
  h = await startHarness();
  h.fake.users.set('U0TOKYO', { id: 'U0TOKYO', tz: 'Asia/Tokyo' });
  h.fake.users.set('U0NYC', { id: 'U0NYC', tz: 'America/New_York', is_admin: true });
  h.fake.users.set('U0NOTZ', { id: 'U0NOTZ' });
  h.fake.users.set('U0MARS', { id: 'U0MARS', tz: 'Mars/Olympus_Mons' });
  return h;
}

describe("a Slack digest's default zone is the person's own", () => {
  it('`digest on` without tz= uses the zone Slack reports for the person', async () => {
    const h = await withPeople();
    const [answer] = await h.slash('digest on', { user: 'U0TOKYO' });
    expect(answer!.body.text).toContain('Asia/Tokyo');
    expect(await h.services.store.digests.get(personal('U0TOKYO'))).toMatchObject({ timezone: 'Asia/Tokyo' });
  });

  it("a channel digest set up by an admin starts in the admin's zone, with one users.info call for both", async () => {
    const h = await withPeople();
    await h.slash('digest on here', { user: 'U0NYC' });
    expect(await h.services.store.digests.get(general)).toMatchObject({ timezone: 'America/New_York' });
    expect(h.fake.callsTo('users.info')).toHaveLength(1);
  });

  it('an explicit tz= wins and costs no users.info call', async () => {
    const h = await withPeople();
    await h.slash('digest on tz=Europe/Paris', { user: 'U0TOKYO' });
    expect(await h.services.store.digests.get(personal('U0TOKYO'))).toMatchObject({ timezone: 'Europe/Paris' });
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });

  it('falls back to Europe/Berlin when Slack has no zone, an unknown one, or does not answer', async () => {
    const h = await withPeople();
    h.fake.failNext('users.info', { error: 'internal_error' });
    for (const user of ['U0NOTZ', 'U0MARS', 'U0GHOST', 'U0FAILS']) {
      const [answer] = await h.slash('digest on', { user });
      expect(answer!.body.text, user).not.toMatch(/went wrong/);
      expect(await h.services.store.digests.get(personal(user)), user).toMatchObject({ timezone: 'Europe/Berlin' });
    }
  });

  it('personal commands without a tz= option still cost no users.info call', async () => {
    const h = await withPeople();
    await h.slash('today', { user: 'U0TOKYO' });
    await h.slash('subscribe grokking', { user: 'U0TOKYO' });
    expect(h.fake.callsTo('users.info')).toEqual([]);
  });
});
