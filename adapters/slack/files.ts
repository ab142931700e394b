import { webApi } from '@slack/bolt';
import { errorFields, type Logger } from '../../src/logger.js';
import type { Reply, ReplyAttachment } from '../../src/reply.js';

/**
 * A reply's attachment as a Slack file (files.uploadV2: getUploadURLExternal, upload,
 * completeUploadExternal; needs the `files:write` scope). A response_url message cannot
 * carry a file, so the file is shared where the reply is meant to be read: a public
 * reply in the channel the command came from, a private one in the person's DM with
 * Paperboy. If the upload fails, the reply carries the text inline instead and says why.
 */
export interface UploadPlace {
  userId: string;
  channelId: string;
  isDirectMessage: boolean;
}

type Shared = { ok: true; where: 'dm' | 'channel' } | { ok: false; error: string };

const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

const slackError = (err: unknown): string =>
  err instanceof webApi.WebAPIPlatformError ? err.data.error : err instanceof Error ? err.message : String(err);

async function share(client: webApi.WebClient, a: ReplyAttachment, channelId: string): Promise<void> {
  await client.filesUploadV2({
    channel_id: channelId,
    file: Buffer.from(a.text, 'utf8'),
    filename: a.filename,
    title: a.filename,
  });
}

async function shareInDm(client: webApi.WebClient, a: ReplyAttachment, userId: string): Promise<void> {
  const dm = await client.conversations.open({ users: userId });
  if (!dm.channel?.id) throw new Error('conversations.open gave no channel');
  await share(client, a, dm.channel.id);
}

export async function uploadAttachment(
  client: webApi.WebClient,
  logger: Logger,
  a: ReplyAttachment,
  place: UploadPlace,
  visibility: Reply['visibility'],
): Promise<Shared> {
  try {
    if (visibility === 'public' && !place.isDirectMessage) {
      try {
        await share(client, a, place.channelId);
        return { ok: true, where: 'channel' };
      } catch (err) {
        if (!NOT_IN_CHANNEL.has(slackError(err))) throw err;
      }
    }
    await shareInDm(client, a, place.userId);
    return { ok: true, where: 'dm' };
  } catch (err) {
    logger.warn('slack file upload failed', { filename: a.filename, ...errorFields(err) });
    return { ok: false, error: slackError(err) };
  }
}

/** The reply as Slack shows it once the upload went (or did not go) through. */
export function afterUpload(reply: Reply, a: ReplyAttachment, shared: Shared): Reply {
  const { attachment: _sent, ...rest } = reply;
  if (shared.ok) {
    const where = shared.where === 'dm' ? 'in your DM with Paperboy' : 'in this channel';
    return { ...rest, notices: [...(reply.notices ?? []), `📎 ${a.filename} is ${where}.`] };
  }
  const why =
    shared.error === 'missing_scope'
      ? 'the Slack app lacks the files:write scope (reinstall it from slack-manifest.yaml)'
      : `Slack said ${shared.error}`;
  return {
    ...rest,
    code: { text: a.text },
    notices: [...(reply.notices ?? []), `Paperboy could not upload ${a.filename} (${why}), so here it is as text.`],
  };
}
