import { createHmac } from 'node:crypto';
import type { FakeSlackApi } from './fake-slack-api.js';

/**
 * Slack's side of OAuth v2 on the loopback fake: the consent page is played by `grant`
 * (what Slack does when a person clicks Allow: a fresh code for their workspace), and
 * `oauth.v2.access` exchanges a code once for that workspace's own bot token. Codes are
 * single-use, as Slack's are; each workspace gets a token of its own, which auth.test then
 * answers for. `revoke` makes Slack refuse a workspace's token from then on.
 */
export interface FakeWorkspace {
  id: string;
  name: string;
}

export interface FakeOAuth {
  clientId: string;
  clientSecret: string;
  grant(team: FakeWorkspace, userId?: string): string;
  /** The bot token the workspace was last given (undefined before it installed) */
  tokenOf(teamId: string): string | undefined;
  revoke(teamId: string, error?: string): void;
  /** Every exchange Slack was asked for, and how it ended */
  readonly exchanges: { code: string; error?: string }[];
}

export function addOAuth(
  fake: FakeSlackApi,
  credentials = { clientId: '1111111111.2222222222', clientSecret: 'fake-client-secret-0123456789' },
): FakeOAuth {
  const codes = new Map<string, { team: FakeWorkspace; userId: string }>();
  const tokens = new Map<string, string>();
  const exchanges: FakeOAuth['exchanges'] = [];
  let n = 0;

  fake.handlers.set('oauth.v2.access', (args) => {
    const code = String(args.code ?? '');
    const refuse = (error: string) => {
      exchanges.push({ code, error });
      return { ok: false, error };
    };
    if (args.client_id !== credentials.clientId) return refuse('invalid_client_id');
    if (args.client_secret !== credentials.clientSecret) return refuse('bad_client_secret');
    const granted = codes.get(code);
    if (!granted) return refuse('invalid_code');
    codes.delete(code); // a code is good for one exchange
    exchanges.push({ code });
    const { team, userId } = granted;
    const token = `xoxb-${team.id}-${++n}-${'s3cr3t'.repeat(4)}`;
    tokens.set(team.id, token);
    fake.identities.set(token, {
      team_id: team.id,
      team: team.name,
      user_id: `UBOT${team.id}`,
      bot_id: `BBOT${team.id}`,
    });
    return {
      ok: true,
      access_token: token,
      token_type: 'bot',
      scope:
        'commands,chat:write,im:write,users:read,channels:history,groups:history,im:history,mpim:history,files:write',
      bot_user_id: `UBOT${team.id}`,
      app_id: 'A0PAPERBOY',
      team: { id: team.id, name: team.name },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: userId },
    };
  });

  return {
    ...credentials,
    exchanges,
    grant(team, userId = 'U0INSTALLER') {
      const code = `code-${team.id}-${++n}`;
      codes.set(code, { team, userId });
      return code;
    },
    tokenOf: (teamId) => tokens.get(teamId),
    revoke(teamId, error = 'token_revoked') {
      const token = tokens.get(teamId);
      if (token) fake.refusedTokens.set(token, error);
    },
  };
}

/** A browser walking through /slack/install: the state Paperboy made, and the cookie that pins it to this browser. */
export async function startInstall(
  baseUrl: string,
): Promise<{ status: number; state: string; cookie: string; location: string }> {
  const res = await fetch(`${baseUrl}/slack/install`, { redirect: 'manual' });
  const location = res.headers.get('location') ?? '';
  const state = new URL(location, baseUrl).searchParams.get('state') ?? '';
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  await res.text();
  return { status: res.status, state, cookie, location };
}

/** Slack sending the browser back with a code (and the state it was given). */
export async function finishInstall(
  baseUrl: string,
  query: { code: string; state: string },
  cookie: string,
): Promise<{ status: number; body: string }> {
  const url = `${baseUrl}/slack/oauth_redirect?${new URLSearchParams(query).toString()}`;
  const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

/** The whole install of one workspace: /slack/install, Allow, the redirect back. */
export async function install(baseUrl: string, oauth: FakeOAuth, team: FakeWorkspace) {
  const started = await startInstall(baseUrl);
  return finishInstall(baseUrl, { code: oauth.grant(team), state: started.state }, started.cookie);
}

/** An Events API delivery (event_callback), JSON and signed as Slack signs it. */
export async function sendEvent(
  eventsUrl: string,
  signingSecret: string,
  teamId: string,
  event: Record<string, unknown>,
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0PAPERBOY',
    event: { event_ts: '1790000000.000100', ...event },
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12)}`,
    event_time: Math.floor(Date.now() / 1000),
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const res = await fetch(eventsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}
