import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { PostedParent } from '../../src/digest/sink.js';

/**
 * Slack's chat.postMessage takes no idempotency key, so Paperboy tags each digest post
 * with message metadata carrying a hash of its key, and after a takeover (a post may have
 * happened just before the crash) looks for that tag before posting again: in the thread
 * for a paper, in the channel's recent history for a parent. Reading needs the
 * *:history scopes (slack-manifest.yaml says why).
 */
export const METADATA_EVENT = 'paperboy_digest_post';
/** How far back a parent is looked for: a takeover happens minutes after the crash. */
const HISTORY_PAGES = 2;
const PAGE = 100;

export const tagOf = (idempotencyKey: string): string =>
  createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 22);

export const metadataFor = (idempotencyKey: string) => ({
  event_type: METADATA_EVENT,
  event_payload: { key: tagOf(idempotencyKey) },
});

interface TaggedMessage {
  ts?: string;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

const hasTag = (m: TaggedMessage, tag: string): boolean =>
  m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.key === tag;

/** The message a post with `idempotencyKey` made, if there is one. */
export async function findTagged(
  client: webApi.WebClient,
  channel: string,
  within: PostedParent | undefined,
  idempotencyKey: string,
): Promise<PostedParent | undefined> {
  const tag = tagOf(idempotencyKey);
  let cursor: string | undefined;
  for (let page = 0; page < (within ? 50 : HISTORY_PAGES); page++) {
    const res = within
      ? await client.conversations.replies({
          channel,
          ts: within.threadId,
          include_all_metadata: true,
          limit: PAGE,
          ...(cursor ? { cursor } : {}),
        })
      : await client.conversations.history({
          channel,
          include_all_metadata: true,
          limit: PAGE,
          ...(cursor ? { cursor } : {}),
        });
    const hit = (res.messages as TaggedMessage[] | undefined)?.find((m) => hasTag(m, tag));
    if (hit?.ts) return { parentId: hit.ts, threadId: within ? within.threadId : hit.ts };
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
