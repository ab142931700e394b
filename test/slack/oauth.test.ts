import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { WORKSPACE_GONE } from '../../src/workspaces.js';
import { finishInstall, install, sendEvent, startInstall } from '../fakes/slack/fake-oauth.js';
import { sendBlockAction } from '../fakes/slack/signed-request.js';
import { buttonsOf, SIGNING_SECRET } from './harness.js';
import { startOAuthHarness, type OAuthHarness } from './oauth-harness.js';

/**
 * OAuth distribution end to end: the real Bolt App and its installer, Paperboy's store,
 * the digest ticker, and the loopback fake playing Slack for two workspaces.
 */
const ALPHA = { id: 'T0ALPHA', name: 'Alpha Lab' };
const BRAVO = { id: 'T0BRAVO', name: 'Bravo Lab' };
const channel = (team: string, id: string): Target => ({ platform: 'slack', workspaceId: team, kind: 'channel', id });
const alphaChannel = channel(ALPHA.id, 'C0ALPHA');
const bravoChannel = channel(BRAVO.id, 'C0BRAVO');

let h: OAuthHarness;
afterEach(async () => {
  await h?.close();
});

/** Until `check` holds (an event's listener runs after Bolt has acked it). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const postsTo = (channelId: string) => h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channelId);

describe('Slack OAuth: install to any workspace', () => {
  it('installs two workspaces; each command and digest uses its own token; uninstalling one stops only its digests', async () => {
    h = await startOAuthHarness();
    h.fake.users.set('U0ALICE', { id: 'U0ALICE', tz: 'Europe/London' });
    for (const team of [ALPHA, BRAVO]) {
      const page = await install(h.baseUrl, h.oauth, team);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Paperboy is installed');
      expect(page.body).toContain(team.name);
    }
    const tokenA = h.oauth.tokenOf(ALPHA.id)!;
    const tokenB = h.oauth.tokenOf(BRAVO.id)!;
    expect(tokenA).not.toBe(tokenB);

    // A command from each workspace: its users.info (the person's time zone) goes with its own token.
    expect(await h.slash(ALPHA.id, 'digest on time=09:00 days=daily here', { channel: 'C0ALPHA' })).toContain('09:00');
    expect(await h.slash(BRAVO.id, 'digest on time=09:00 days=daily here', { channel: 'C0BRAVO' })).toContain('09:00');
    expect(await h.slash(ALPHA.id, 'subscribe diffusion here', { channel: 'C0ALPHA' })).toContain('diffusion');
    expect(h.fake.callsTo('users.info').map((c) => c.token)).toEqual([tokenA, tokenB]);

    // Thursday noon (the digests were turned on after Wednesday's 09:00): both channels get
    // Wednesday's list, each through its own workspace's token.
    h.clock.now = new Date('2026-07-23T12:00:00Z');
    const first = await h.tick();
    expect(first.reports.map((r) => r.outcome).sort()).toEqual(['delivered', 'delivered']);
    expect(postsTo('C0ALPHA').length).toBeGreaterThan(1);
    expect(postsTo('C0BRAVO').length).toBeGreaterThan(1);
    expect(new Set(postsTo('C0ALPHA').map((c) => c.token))).toEqual(new Set([tokenA]));
    expect(new Set(postsTo('C0BRAVO').map((c) => c.token))).toEqual(new Set([tokenB]));

    // Alpha removes the app: Slack revokes its token and says so.
    h.oauth.revoke(ALPHA.id);
    expect((await sendEvent(h.eventsUrl, SIGNING_SECRET, ALPHA.id, { type: 'app_uninstalled' })).status).toBe(200);
    await eventually(async () => !(await h.store.installations.get('slack', ALPHA.id)), 'the installation to go');
    await eventually(async () => !!(await h.store.digests.get(alphaChannel))?.disabled, 'the digest to switch off');
    const alphaPosts = postsTo('C0ALPHA').length;
    const callsBefore = h.fake.calls.length;
    const bravoPosts = postsTo('C0BRAVO').length;

    // Friday noon: Bravo gets Thursday's list; Alpha gets nothing, and nothing is tried with its token.
    h.clock.now = new Date('2026-07-24T12:00:00Z');
    const second = await h.tick();
    expect(second.reports.map((r) => [r.target.workspaceId, r.outcome])).toEqual([[BRAVO.id, 'delivered']]);
    expect(postsTo('C0BRAVO').length).toBeGreaterThan(bravoPosts);
    expect(postsTo('C0ALPHA')).toHaveLength(alphaPosts);
    expect((await h.store.digests.get(alphaChannel))!.disabled!.reason).toContain(WORKSPACE_GONE);
    expect((await h.store.digests.get(bravoChannel))!.disabled).toBeUndefined();
    // Kept for a reinstall.
    expect((await h.store.subscriptions.list(alphaChannel)).map((s) => s.topic)).toEqual(['diffusion']);

    // Alpha installs again: its digest is back on, with the new token.
    expect((await install(h.baseUrl, h.oauth, ALPHA)).status).toBe(200);
    expect((await h.store.digests.get(alphaChannel))!.disabled).toBeUndefined();
    // (The recorded day repeats, and a digest never repeats a paper: served means skipped here.)
    h.clock.now = new Date('2026-07-25T12:00:00Z');
    const third = await h.tick();
    const alphaOutcomes = third.reports.filter((r) => r.target.workspaceId === ALPHA.id).map((r) => r.outcome);
    expect(alphaOutcomes.length).toBeGreaterThan(0);
    expect(alphaOutcomes).not.toContain('gone');
    const newToken = () => h.oauth.tokenOf(ALPHA.id)!;
    expect(newToken()).not.toBe(tokenA);
    // No log line carries a token or the app's secrets.
    const logged = JSON.stringify(h.logger.entries);
    for (const secret of [tokenA, tokenB, newToken(), 'fake-client-secret', 'state-secret-0123'])
      expect(logged).not.toContain(secret);
    // Nothing was ever tried with the revoked token after the uninstall.
    expect(h.fake.calls.slice(callsBefore).filter((c) => c.token === tokenA)).toEqual([]);
  });

  it('tokens_revoked for the bot token does what app_uninstalled does; for user tokens only, nothing', async () => {
    h = await startOAuthHarness();
    await install(h.baseUrl, h.oauth, ALPHA);
    const userOnly = { type: 'tokens_revoked', tokens: { oauth: ['U0ALICE'] } };
    expect((await sendEvent(h.eventsUrl, SIGNING_SECRET, ALPHA.id, userOnly)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(await h.store.installations.get('slack', ALPHA.id)).toBeDefined();
    const bot = { type: 'tokens_revoked', tokens: { bot: [`UBOT${ALPHA.id}`] } };
    expect((await sendEvent(h.eventsUrl, SIGNING_SECRET, ALPHA.id, bot)).status).toBe(200);
    await eventually(async () => !(await h.store.installations.get('slack', ALPHA.id)), 'the installation to go');
  });

  it('a digest whose workspace token Slack refuses is switched off with a log line, not retried', async () => {
    h = await startOAuthHarness();
    await install(h.baseUrl, h.oauth, BRAVO);
    await h.slash(BRAVO.id, 'digest on time=09:00 tz=UTC here', { channel: 'C0BRAVO' });
    h.oauth.revoke(BRAVO.id, 'account_inactive');
    h.clock.now = new Date('2026-07-23T12:00:00Z');
    const report = await h.tick();
    expect(report.reports.map((r) => r.outcome)).toEqual(['gone']);
    expect((await h.store.digests.get(bravoChannel))!.disabled!.reason).toContain('account_inactive');
    expect(h.logger.entries.some((e) => e.msg === 'digest: target is gone, digest disabled')).toBe(true);
    const tried = h.fake.callsTo('chat.postMessage').length;
    h.clock.now = new Date('2026-07-24T12:00:00Z');
    expect((await h.tick()).reports).toEqual([]);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(tried);
  });

  it('a paging button works in its own workspace, and not from one where Paperboy is not installed', async () => {
    h = await startOAuthHarness();
    await install(h.baseUrl, h.oauth, BRAVO);
    const first = JSON.parse(await h.slash(BRAVO.id, 'today')) as Parameters<typeof buttonsOf>[0];
    const next = buttonsOf(first).find((b) => b.action_id === 'paperboy_page_next')!;
    const click = (team: string, id: string) =>
      sendBlockAction(h.eventsUrl, SIGNING_SECRET, {
        team_id: team,
        user_id: 'U0ALICE',
        channel_id: 'C0GENERAL',
        response_url: h.fake.responseUrl(id),
        action_id: next.action_id,
        value: next.value,
      });
    expect((await click(BRAVO.id, 'bravo-click')).status).toBe(200);
    const [page2] = await h.fake.responsesTo('bravo-click');
    expect(page2!.body.replace_original).toBe(true);
    await click('T0STRANGER', 'stranger-click');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.responses.filter((r) => r.id === 'stranger-click')).toEqual([]);
  });

  it('a command from a workspace that never installed Paperboy gets no answer and touches no token', async () => {
    h = await startOAuthHarness();
    await install(h.baseUrl, h.oauth, ALPHA);
    const id = 'stranger';
    const { sendSlashCommand } = await import('../fakes/slack/signed-request.js');
    await sendSlashCommand(h.eventsUrl, SIGNING_SECRET, {
      team_id: 'T0STRANGER',
      text: 'today',
      user_id: 'U0EVE',
      channel_id: 'C0X',
      response_url: h.fake.responseUrl(id),
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.responses.filter((r) => r.id === id)).toEqual([]);
  });
});

describe('Slack OAuth: what is refused', () => {
  it('a forged state is refused with a clear page, and nothing is exchanged or stored', async () => {
    h = await startOAuthHarness();
    const started = await startInstall(h.baseUrl);
    expect(started.status).toBe(302);
    expect(started.location).toContain('client_id=1111111111.2222222222');
    expect(started.location).toContain('scope=commands');
    const [body] = started.state.split('.');
    const forged = `${body}.${'A'.repeat(43)}`;
    // The attacker controls the cookie too: our own check of the state still refuses it.
    const page = await finishInstall(
      h.baseUrl,
      { code: h.oauth.grant(ALPHA), state: forged },
      `slack-app-oauth-state=${forged}`,
    );
    expect(page.status).toBe(400);
    expect(page.body).toContain('Paperboy was not installed');
    expect(page.body).toContain('/slack/install');
    // A state from another browser (no cookie) is refused too.
    const noCookie = await finishInstall(h.baseUrl, { code: h.oauth.grant(ALPHA), state: started.state }, '');
    expect(noCookie.status).toBe(400);
    expect(h.oauth.exchanges).toEqual([]);
    expect(await h.store.installations.list('slack')).toEqual([]);
  });

  it('a replayed redirect, or a code used twice, is refused and the installation is unchanged', async () => {
    h = await startOAuthHarness();
    const started = await startInstall(h.baseUrl);
    const code = h.oauth.grant(ALPHA);
    expect((await finishInstall(h.baseUrl, { code, state: started.state }, started.cookie)).status).toBe(200);
    const stored = await h.store.installations.get('slack', ALPHA.id);

    const replay = await finishInstall(h.baseUrl, { code, state: started.state }, started.cookie);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain('already used');

    // The same code with a fresh, valid state: Slack refuses it (codes are single-use).
    const again = await startInstall(h.baseUrl);
    const reused = await finishInstall(h.baseUrl, { code, state: again.state }, again.cookie);
    expect(reused.status).toBe(400);
    expect(reused.body).toContain('Paperboy was not installed');
    expect(h.oauth.exchanges.map((e) => e.error)).toEqual([undefined, 'invalid_code']);
    expect(await h.store.installations.get('slack', ALPHA.id)).toEqual(stored);
  });
});
