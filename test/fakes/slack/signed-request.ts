import { createHmac } from 'node:crypto';

/**
 * Sends requests to a Bolt receiver the way Slack does: a form-encoded body signed with
 * `v0=` + HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`), the timestamp in
 * X-Slack-Request-Timestamp. Options forge, drop or age the signature for the 401 tests.
 */
export function slackSignature(signingSecret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignOptions {
  /** Unix seconds; default now */
  timestamp?: number;
  /** Replace the computed signature (forgery); null sends no signature header at all */
  signature?: string | null;
}

export interface SlackHttpResult {
  status: number;
  body: string;
}

export async function sendSigned(
  url: string,
  signingSecret: string,
  rawBody: string,
  options: SignOptions = {},
): Promise<SlackHttpResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
  };
  const signature =
    options.signature === undefined ? slackSignature(signingSecret, timestamp, rawBody) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: rawBody });
  return { status: res.status, body: await res.text() };
}

export interface SlashCommandFields {
  text: string;
  user_id: string;
  channel_id: string;
  response_url: string;
  team_id?: string;
  channel_name?: string;
  user_name?: string;
  command?: string;
  trigger_id?: string;
}

/** The body Slack sends for a slash command (field order as in Slack's docs example). */
export function slashCommandBody(f: SlashCommandFields): string {
  const channelName = f.channel_name ?? (f.channel_id.startsWith('D') ? 'directmessage' : 'general');
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: f.team_id ?? 'T0PAPERBOY',
    team_domain: 'paperboy-test',
    channel_id: f.channel_id,
    channel_name: channelName,
    user_id: f.user_id,
    user_name: f.user_name ?? f.user_id.toLowerCase(),
    command: f.command ?? '/papers',
    text: f.text,
    api_app_id: 'A0PAPERBOY',
    is_enterprise_install: 'false',
    response_url: f.response_url,
    trigger_id: f.trigger_id ?? '1234567890.1234567890.abcdef',
  }).toString();
}

export function sendSlashCommand(
  eventsUrl: string,
  signingSecret: string,
  fields: SlashCommandFields,
  options?: SignOptions,
) {
  return sendSigned(eventsUrl, signingSecret, slashCommandBody(fields), options);
}

export interface BlockActionFields {
  user_id: string;
  channel_id: string;
  response_url: string;
  action_id: string;
  value: string;
  team_id?: string;
  /** Whether the clicked message was ephemeral (container.is_ephemeral) */
  ephemeral?: boolean;
}

/** A block_actions payload for a button click, form-encoded as `payload=<json>` like Slack sends it. */
export function blockActionsBody(f: BlockActionFields): string {
  const team = f.team_id ?? 'T0PAPERBOY';
  const payload = {
    type: 'block_actions',
    user: { id: f.user_id, username: f.user_id.toLowerCase(), name: f.user_id.toLowerCase(), team_id: team },
    api_app_id: 'A0PAPERBOY',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: '1790000000.000001',
      channel_id: f.channel_id,
      is_ephemeral: !!f.ephemeral,
    },
    trigger_id: '1234567890.1234567890.abcdef',
    team: { id: team, domain: 'paperboy-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: f.channel_id, name: f.channel_id.startsWith('D') ? 'directmessage' : 'general' },
    response_url: f.response_url,
    actions: [
      {
        action_id: f.action_id,
        block_id: 'paperboy_paging',
        text: { type: 'plain_text', text: 'Next', emoji: true },
        value: f.value,
        type: 'button',
        action_ts: '1790000000.123456',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function sendBlockAction(
  eventsUrl: string,
  signingSecret: string,
  fields: BlockActionFields,
  options?: SignOptions,
) {
  return sendSigned(eventsUrl, signingSecret, blockActionsBody(fields), options);
}
