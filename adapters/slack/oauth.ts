import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { HTTPReceiverOptions, InstallURLOptions, StateStore } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { OnceStore } from '../../src/store/store.js';
import type { SlackInstallations } from './installations.js';

type OAuthConfig = NonNullable<NonNullable<Config['slack']>['oauth']>;

/**
 * The bot scopes Paperboy asks a workspace for when it installs (the same list as
 * slack-manifest.yaml; test/slack/manifest.test.ts keeps the two equal).
 */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
  'files:write',
] as const;

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
/** How long an install link (its state) lives: long enough to read Slack's consent page. */
const STATE_TTL_MS = 10 * 60_000;

/**
 * Bolt's built-in installer on the HTTP receiver: `/slack/install` sends the person to
 * Slack's consent page, `/slack/oauth_redirect` exchanges the code (oauth.v2.access) and
 * stores the installation through `installations`. CSRF: Bolt checks that the state
 * came back to the browser it was given to (a cookie); our state store also checks it was
 * made by us (HMAC with SLACK_STATE_SECRET), is fresh, and is used once, across every
 * instance (the store's once-keys), so a replayed redirect is refused even with its cookie.
 */
export function installerOptions(deps: {
  oauth: OAuthConfig;
  installations: SlackInstallations;
  once: OnceStore;
  apiUrl: string | undefined;
  logger: Logger;
}): Partial<HTTPReceiverOptions> {
  const { oauth, logger } = deps;
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret.reveal(),
    scopes: [...SLACK_BOT_SCOPES],
    installationStore: deps.installations,
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
    installerOptions: {
      directInstall: true,
      installPath: INSTALL_PATH,
      redirectUriPath: oauth.redirectUri ? new URL(oauth.redirectUri).pathname : REDIRECT_PATH,
      stateStore: signedOnceStateStore(oauth.stateSecret.reveal(), deps.once),
      // oauth.v2.access and the auth.test after it go where the rest of the Web API goes
      // (their clients log through the receiver's logger, ours).
      ...(deps.apiUrl ? { clientOptions: { slackApiUrl: `${deps.apiUrl}/` } } : {}),
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          const team = installation.team?.name ?? installation.enterprise?.name ?? 'your workspace';
          page(res, 200, 'Paperboy is installed', [
            `Paperboy is now in ${team}.`,
            'Type /papers help in any channel to start; invite @Paperboy to a channel for its digests.',
          ]);
        },
        failure: (error, _options, _req, res) => {
          logger.warn('slack: an installation was refused', { code: error.code, reason: error.message });
          page(res, 400, 'Paperboy was not installed', [failureText(error), `Start again from ${INSTALL_PATH}.`]);
        },
      },
    },
  };
}

/** What went wrong, for the person who clicked "Allow": never a stack trace. */
function failureText(error: { code?: string; message: string }): string {
  switch (error.code) {
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_state':
      return 'This install link was not started in this browser, has expired, or was already used, so nothing was installed.';
    case 'slack_oauth_installer_authorization_error':
      return 'The installation was cancelled in Slack, so nothing was installed.';
    case 'slack_oauth_missing_code':
      return 'Slack did not send an authorisation code, so nothing was installed.';
    default:
      return 'Slack did not accept the authorisation code (it may have been used already, or expired), so nothing was installed.';
  }
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: ServerResponse, status: number, title: string, lines: string[]): void {
  const body = lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>`,
  );
}

class StateError extends Error {
  readonly code = 'slack_oauth_invalid_state';
}

/** State = base64url(JSON {installOptions, issued ms, nonce}) "." HMAC; valid once, for STATE_TTL_MS. */
export function signedOnceStateStore(secret: string, once: OnceStore, ttlMs = STATE_TTL_MS): StateStore {
  const mac = (body: string) =>
    createHmac('sha256', secret).update(`paperboy oauth state v1:${body}`).digest('base64url');
  return {
    async generateStateParam(installOptions: InstallURLOptions, now: Date) {
      const body = Buffer.from(
        JSON.stringify({ o: installOptions, t: now.getTime(), n: randomBytes(12).toString('base64url') }),
      ).toString('base64url');
      return `${body}.${mac(body)}`;
    },
    async verifyStateParam(now: Date, state: string) {
      const [body, given] = state.split('.');
      const expected = body ? Buffer.from(mac(body)) : Buffer.alloc(0);
      if (
        !body ||
        !given ||
        Buffer.from(given).length !== expected.length ||
        !timingSafeEqual(Buffer.from(given), expected)
      )
        throw new StateError('The state parameter was not made by this Paperboy.');
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { o: InstallURLOptions; t: number };
      if (!(now.getTime() - parsed.t <= ttlMs)) throw new StateError('The state parameter has expired.');
      const key = `slack-oauth-state:${createHash('sha256').update(state).digest('base64url')}`;
      if (!(await once.claim(key, now, ttlMs))) throw new StateError('The state parameter was already used.');
      return parsed.o;
    },
  };
}
