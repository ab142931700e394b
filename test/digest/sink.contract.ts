import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import type { DigestHeader, DigestSink } from '../../src/digest/sink.js';
import type { PaperCard } from '../../src/reply.js';

/**
 * The contract every DigestSink passes (one suite per interface, CONTRIBUTING.md). A platform
 * adapter runs it against its sink over its loopback fake. `open` gives a fresh sink, a
 * target it may post to, and `visiblePosts()`: how many messages that target really
 * shows (from the fake platform's side), so de-duplication is checked where it counts.
 */
export interface SinkHarness {
  sink: DigestSink;
  target: Target;
  visiblePosts(): Promise<number>;
  close?(): Promise<void>;
}

export const contractHeader: DigestHeader = {
  listDate: '2026-08-21',
  title: 'Daily Papers · Fri 21 Aug 2026 · 17 papers, top 2',
  threadName: 'Daily Papers · Fri 21 Aug 2026 · 17 papers, top 2',
};

export const contractCard = (rank: number): PaperCard => ({
  rank,
  id: `2608.1988${rank}`,
  title: `A <b>paper</b> & @everyone number ${rank}`,
  hfUrl: `https://huggingface.co/papers/2608.1988${rank}`,
  arxivUrl: `https://arxiv.org/abs/2608.1988${rank}`,
  upvotes: 10 * rank,
  authors: 'Ada Lovelace, Alan Turing',
  blurb: 'A blurb.',
  why: 'matched: agents (title)',
});

export function digestSinkContract(name: string, open: () => Promise<SinkHarness>): void {
  describe(`DigestSink contract: ${name}`, () => {
    let h: SinkHarness | undefined;
    afterEach(async () => {
      await h?.close?.();
      h = undefined;
    });

    it('opens a thread and posts papers into it', async () => {
      h = await open();
      const parent = await h.sink.postParent(h.target, contractHeader, 'k:parent');
      expect(parent.parentId).toBeTruthy();
      expect(parent.threadId).toBeTruthy();
      const a = await h.sink.postPaper(h.target, parent, contractCard(1), 'k:p1');
      const b = await h.sink.postPaper(h.target, parent, contractCard(2), 'k:p2');
      expect(a.messageId).toBeTruthy();
      expect(b.messageId).not.toBe(a.messageId);
      expect(await h.visiblePosts()).toBe(3);
    });

    it('an in-doubt post is never shown twice: a repeated key posts nothing, or the sink finds the first post', async () => {
      h = await open();
      const parent = await h.sink.postParent(h.target, contractHeader, 'k:parent');
      const a = await h.sink.postPaper(h.target, parent, contractCard(1), 'k:p1');
      if (h.sink.findPosted) {
        // Platforms without idempotency keys (Slack) look the post up after a takeover.
        expect(await h.sink.findPosted(h.target, undefined, 'k:parent')).toEqual(parent);
        expect(await h.sink.findPosted(h.target, parent, 'k:p1')).toEqual({
          parentId: a.messageId,
          threadId: parent.threadId,
        });
        expect(await h.sink.findPosted(h.target, parent, 'k:p2')).toBeUndefined();
        expect(await h.sink.findPosted(h.target, undefined, 'k:other-list:parent')).toBeUndefined();
      } else {
        expect(await h.sink.postParent(h.target, contractHeader, 'k:parent')).toEqual(parent);
        expect(await h.sink.postPaper(h.target, parent, contractCard(1), 'k:p1')).toEqual(a);
      }
      expect(await h.visiblePosts()).toBe(2);
    });

    it('posts a paper on its own (an alert), outside any thread, and never twice for one key', async () => {
      h = await open();
      const a = await h.sink.postSingle(h.target, contractCard(1), 'alert:k:p1');
      const b = await h.sink.postSingle(h.target, contractCard(2), 'alert:k:p2');
      expect(a.messageId).toBeTruthy();
      expect(b.messageId).not.toBe(a.messageId);
      if (h.sink.findPosted) {
        expect(await h.sink.findPosted(h.target, undefined, 'alert:k:p1')).toEqual({
          parentId: a.messageId,
          threadId: a.messageId,
        });
        expect(await h.sink.findPosted(h.target, undefined, 'alert:k:p3')).toBeUndefined();
      } else {
        expect(await h.sink.postSingle(h.target, contractCard(1), 'alert:k:p1')).toEqual(a);
      }
      expect(await h.visiblePosts()).toBe(2);
    });

    it('different lists open different threads', async () => {
      h = await open();
      const first = await h.sink.postParent(h.target, contractHeader, 'k:2026-08-20:parent');
      const second = await h.sink.postParent(
        h.target,
        { ...contractHeader, listDate: '2026-08-21' },
        'k:2026-08-21:parent',
      );
      expect(second.threadId).not.toBe(first.threadId);
      expect(await h.visiblePosts()).toBe(2);
    });
  });
}
