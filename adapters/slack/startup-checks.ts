import { webApi } from '@slack/bolt';
import { ConfigError } from '../../src/config.js';
import { StartupError } from '../../src/errors.js';
import { networkProblem } from '../../src/net-errors.js';

/**
 * What single-workspace mode checks before Bolt starts: that SLACK_BOT_TOKEN (and, in
 * Socket Mode, SLACK_APP_TOKEN) is accepted, telling a refused token from a Slack that
 * cannot be reached. OAuth mode has no token of its own to check.
 */
export const APP_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000 };
export const REJECTED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/** Slack could not be reached (or answered with an error of its own): the token is not to blame. */
export function unreachable(err: unknown, apiUrl: string | undefined, consequence: string): StartupError {
  const base = apiUrl ?? 'https://slack.com/api';
  const host = new URL(base).host;
  let why: string;
  if (err instanceof webApi.WebAPIPlatformError) why = `${host} answered ${err.data.error}`;
  else if (err instanceof Error && 'statusCode' in err && typeof err.statusCode === 'number')
    why = `${host} answered HTTP ${err.statusCode}`;
  else why = networkProblem((err as { original?: unknown }).original ?? err, host).text;
  return new StartupError(
    `Paperboy could not reach Slack at ${base} (${why}), so ${consequence}. Check the network connection${apiUrl ? ' and SLACK_API_URL' : ''}, then start Paperboy again.`,
    { cause: err },
  );
}

export async function verifyAppToken(client: webApi.WebClient, apiUrl: string | undefined): Promise<void> {
  try {
    await client.apps.connections.open();
  } catch (err) {
    if (err instanceof webApi.WebAPIPlatformError && REJECTED_TOKEN.has(err.data.error)) {
      throw new ConfigError([
        `Slack rejected SLACK_APP_TOKEN (${err.data.error}): generate an app-level token with connections:write under Basic Information → App-Level Tokens`,
      ]);
    }
    throw unreachable(err, apiUrl, 'Socket Mode could not connect');
  }
}

export async function verifyToken(
  client: webApi.WebClient,
  apiUrl: string | undefined,
): Promise<{ botId: string; botUserId: string }> {
  let res: webApi.AuthTestResponse;
  try {
    res = await client.auth.test();
  } catch (err) {
    if (err instanceof webApi.WebAPIPlatformError && REJECTED_TOKEN.has(err.data.error)) {
      throw new ConfigError([
        `Slack rejected SLACK_BOT_TOKEN (${err.data.error}): copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page`,
      ]);
    }
    throw unreachable(err, apiUrl, 'SLACK_BOT_TOKEN was not checked');
  }
  if (!res.bot_id || !res.user_id) {
    throw new ConfigError([
      'SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-…), not a user or app-level token',
    ]);
  }
  return { botId: res.bot_id, botUserId: res.user_id };
}
