import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseUrlPost } from '../fakes/slack/fake-slack-api.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Whatever people type after /papers, Slack gets a clear answer that pings nobody and
 * forges no link; and many commands at once each get their own answer.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const inputs = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '@everyone',
  '@here today',
  '<@U123>',
  '<#C123|general>',
  '<!subteam^S123>',
  'search <https://evil.example|click me>',
  'search *bold* _it_ ~s~ `code` ```block```',
  'search > quoted',
  'date 2026-02-30',
  'date <!channel>',
  'today top=<!here>',
  'today top=-1',
  'today top=1e9',
  'search "unbalanced',
  'subscribe ((((((a',
  'paper <@U123>',
  `search ${'x'.repeat(10_000)}`,
  'search \u202Eevil\u202C',
  'to\u200Bday',
  'search مرحبا بالعالم',
  'search 🚀🚀🚀',
  '&amp; &lt; &gt;',
  'help <!channel>',
];

const ping = /<[!@#]|<https?:\/\//;

function expectInert(post: ResponseUrlPost) {
  const texts: string[] = [post.body.text ?? ''];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') texts.push(x);
        else walk(x);
      }
    }
  };
  walk(post.body.blocks);
  for (const t of texts) {
    // Our own links are fine: paper titles to huggingface.co, and the labelled meta links
    // (arXiv, GitHub, Project page) to URLs Hugging Face gave us. Nothing else may be markup.
    const stripped = t
      .replace(/<https:\/\/huggingface\.co\/papers\/[^|>\s]*\|[^>]*>/g, '')
      .replace(/<https?:\/\/[^|>\s]+\|(arXiv|GitHub[^>]*|Project page)>/g, '');
    expect(stripped).not.toMatch(ping);
    expect(t).not.toMatch(/(^|[^\u2060])@(everyone|here|channel)\b/);
  }
  expect((post.body.blocks ?? []).length).toBeLessThanOrEqual(50);
}

describe('hostile input through the real Bolt stack', () => {
  for (const text of inputs) {
    it(`answers ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)} clearly and inertly`, async () => {
      const [answer] = await h.slash(text);
      expectInert(answer!);
      expect(answer!.body.text).not.toMatch(/at .*\.ts:\d+|Error:/); // no stack traces
    });
  }

  it('answers 100 commands sent at once, each on its own response_url', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `burst-${i}`);
    const statuses = await Promise.all(ids.map((id, i) => h.send(i % 2 ? 'today' : 'help', { id, user: `U0B${i}` })));
    expect(statuses.every((s) => s.status === 200)).toBe(true);
    const answers = await Promise.all(ids.map((id) => h.fake.responsesTo(id)));
    expect(answers.map((a) => a.length)).toEqual(ids.map(() => 1));
    expect(h.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
