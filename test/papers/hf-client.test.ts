import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config.js';
import { PaperboyError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/logger.js';
import { HfClient, parseRetryAfter, type HfClientOptions } from '../../src/papers/hf-client.js';
import { FakeHf, FIXTURE_DIR, SAMPLE_DIR } from './fake-hf.js';

let hf: FakeHf;
let logger: MemoryLogger;
let sleeps: number[];

beforeEach(async () => {
  hf = await new FakeHf([SAMPLE_DIR, FIXTURE_DIR]).start();
  logger = new MemoryLogger();
  sleeps = [];
});
afterEach(async () => {
  await hf.stop();
});

/** A client whose backoff is recorded, not waited for. */
const client = (over: Partial<HfClientOptions> = {}) =>
  new HfClient({
    baseUrl: hf.url,
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...over,
  });

const rejection = async (p: Promise<unknown>): Promise<PaperboyError> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PaperboyError);
    return err as PaperboyError;
  }
  throw new Error('expected a rejection');
};

describe('HfClient against a loopback Hugging Face', () => {
  it('fetches a day with the list date, limit and page', async () => {
    const papers = await client().daily({ date: '2026-08-21' });
    expect(papers).toHaveLength(17);
    expect(papers[0]).toMatchObject({ id: '2608.19880', upvotes: 163, githubStars: 8, day: '2026-08-21' });
    const [req] = hf.requests;
    expect(req!.path).toBe('/api/daily_papers');
    expect(Object.fromEntries(req!.query)).toEqual({ date: '2026-08-21', limit: '100', p: '0' });
  });

  it('pages while pages come back full', async () => {
    const papers = await client({ pageSize: 10 }).daily({ date: '2026-08-18' });
    expect(papers).toHaveLength(29);
    expect(new Set(papers.map((p) => p.id)).size).toBe(29);
    expect(hf.requests.map((r) => r.query.get('p'))).toEqual(['0', '1', '2']);
    expect(hf.requests.every((r) => r.query.get('limit') === '10')).toBe(true);
  });

  it('asks for one more page when the last one was exactly full', async () => {
    const papers = await client({ pageSize: 5 }).daily({ date: '2026-07-23' });
    expect(papers).toHaveLength(15);
    expect(hf.requests).toHaveLength(4);
  });

  it('stops at the page limit and says so in the log', async () => {
    const papers = await client({ pageSize: 5, maxPages: 2 }).daily({ date: '2026-07-23' });
    expect(papers).toHaveLength(10);
    expect(logger.entries.some((e) => e.level === 'warn' && /page limit/.test(e.msg))).toBe(true);
  });

  it('caps limit at 100', async () => {
    await client({ pageSize: 500 }).daily({ date: '2026-08-21' });
    expect(hf.requests[0]!.query.get('limit')).toBe('100');
  });

  it('sends week and month as HF expects and takes each day from the items', async () => {
    const week = await client().daily({ week: '2026-W34' });
    expect(hf.requests[0]!.query.get('week')).toBe('2026-W34');
    expect(week).toHaveLength(23 + 29 + 26 + 15 + 17); // 110: two pages
    expect(hf.count('/api/daily_papers', ['week', '2026-W34'])).toBe(2);
    expect(new Set(week.map((p) => p.day))).toEqual(
      new Set(['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21']),
    );
    const month = await client().daily({ month: '2026-07' });
    expect(month.length).toBeGreaterThan(100); // needs two pages of 100
    expect(hf.count('/api/daily_papers', ['month', '2026-07'])).toBe(2);
  });

  it('retries a 500 and then succeeds', async () => {
    hf.queue({ kind: 'status', status: 500 });
    const papers = await client().daily({ date: '2026-08-21' });
    expect(papers).toHaveLength(17);
    expect(hf.requests).toHaveLength(2);
    expect(sleeps).toEqual([250]); // full jitter: random 0.5 × 500 ms ceiling
  });

  it('backs off exponentially and gives up with a clear upstream error', async () => {
    hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 503 })));
    const err = await rejection(client().daily({ date: '2026-08-21' }));
    expect(err.code).toBe('upstream_unavailable');
    expect(err.message).toMatch(/Hugging Face isn't answering right now \(HTTP 503; 4 tries in [\d.]+ s\)\. Try again/);
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(hf.requests).toHaveLength(4);
  });

  it('honours 429 Retry-After in seconds', async () => {
    hf.queue({ kind: '429', retryAfter: '7' });
    await client().daily({ date: '2026-08-21' });
    expect(sleeps).toEqual([7000]);
  });

  it('honours 429 Retry-After as an HTTP date', async () => {
    const now = Date.parse('2026-08-21T12:00:00Z');
    hf.queue({ kind: '429', retryAfter: new Date(now + 3000).toUTCString() });
    await client({ now: () => now }).daily({ date: '2026-08-21' });
    expect(sleeps).toEqual([3000]);
  });

  it('fails at once when Retry-After is beyond the total deadline', async () => {
    hf.queue({ kind: '429', retryAfter: '600' });
    const err = await rejection(client().daily({ date: '2026-08-21' }));
    expect(err.message).toMatch(/rate limited/);
    expect(sleeps).toEqual([]);
    expect(hf.requests).toHaveLength(1);
  });

  it('times out a hung request and retries', async () => {
    hf.queue({ kind: 'hang' });
    const papers = await client({ timeoutMs: 150 }).daily({ date: '2026-08-21' });
    expect(papers).toHaveLength(17);
    expect(hf.requests).toHaveLength(2);
    expect(
      logger.entries.some((e) => e.level === 'warn' && /no answer within 0\.2 s/.test(String(e.fields?.error))),
    ).toBe(true);
  });

  it('bounds the total time even when every try hangs', async () => {
    hf.queue({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const err = await rejection(client({ timeoutMs: 100, totalTimeoutMs: 250 }).daily({ date: '2026-08-21' }));
    expect(err.code).toBe('upstream_unavailable');
    expect(err.message).toMatch(/no answer in \d+(\.\d)? s, [1-3] tr(y|ies)\)/);
    expect(hf.requests.length).toBeLessThan(4);
  });

  it('treats truncated JSON like a 5xx: retried, then reported', async () => {
    hf.queue({ kind: 'truncate' });
    expect(await client().daily({ date: '2026-08-21' })).toHaveLength(17);
    hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'truncate' as const })));
    const err = await rejection(client().daily({ date: '2026-08-21' }));
    expect(err.message).toMatch(/cut off or not JSON/);
  });

  it('reports a body that is not a list as an upstream error', async () => {
    hf.queue({ kind: 'body', body: '{"error":"Invalid date"}' });
    const err = await rejection(client().daily({ date: '2026-08-21' }));
    expect(err.code).toBe('upstream_unavailable');
    expect(err.message).toMatch(/not a list of papers/);
  });

  it('does not retry a 400', async () => {
    hf.queue({ kind: 'status', status: 400, body: '{"error":"bad"}' });
    const err = await rejection(client().daily({ date: '2026-08-21' }));
    expect(err.message).toMatch(/HTTP 400/);
    expect(hf.requests).toHaveLength(1);
  });

  it('keeps good items when one is bad', async () => {
    const items = hf.day('2026-08-21');
    const broken = { ...items[1]!, paper: { ...items[1]!.paper, upvotes: 'many' } };
    hf.setDay('2026-08-21', [items[0], broken, ...items.slice(2)]);
    const papers = await client().daily({ date: '2026-08-21' });
    expect(papers).toHaveLength(16);
    const warn = logger.entries.find((e) => e.level === 'warn');
    expect(warn?.fields).toMatchObject({ index: 1, id: items[1]!.paper.id });
  });

  it('returns a paper by id, without its version', async () => {
    const paper = await client().paper('2608.19880v2');
    expect(hf.requests[0]!.path).toBe('/api/papers/2608.19880');
    expect(paper).toMatchObject({
      id: '2608.19880',
      title: 'EnvHarness: Awakening Static Worlds for Agent Learning',
      upvotes: 163,
    });
  });

  it("answers undefined for HF's 404 body", async () => {
    expect(await client().paper('2699.99999')).toBeUndefined();
    expect(hf.requests).toHaveLength(1);
  });

  it('searches and accepts the wrapped shape', async () => {
    const hits = await client().search('EnvHarness');
    expect(hits.map((p) => p.id)).toContain('2608.19880');
    expect(hf.requests[0]!.query.get('q')).toBe('EnvHarness');
  });

  it('accepts flat search results', async () => {
    const flat = hf
      .day('2026-08-21')
      .slice(0, 2)
      .map((i) => i.paper);
    hf.queue({ kind: 'body', body: JSON.stringify(flat) });
    const hits = await client().search('anything');
    expect(hits.map((p) => p.id)).toEqual(flat.map((p) => p.id));
  });

  it('sends Authorization only when a token is set, and never logs it', async () => {
    await client().daily({ date: '2026-08-21' });
    expect(hf.requests[0]!.headers.authorization).toBeUndefined();
    hf.queue({ kind: 'status', status: 500 });
    await client({ token: new Secret('hf_secret_value') }).daily({ date: '2026-08-21' });
    expect(hf.requests[1]!.headers.authorization).toBe('Bearer hf_secret_value');
    expect(hf.requests[2]!.headers.authorization).toBe('Bearer hf_secret_value');
    expect(JSON.stringify(logger.entries)).not.toContain('hf_secret_value');
  });

  it('explains a rejected token', async () => {
    hf.queue({ kind: 'status', status: 401, body: '{"error":"Invalid credentials"}' });
    const err = await rejection(client({ token: new Secret('hf_bad') }).daily({ date: '2026-08-21' }));
    expect(err.message).toMatch(/rejected HF_TOKEN.*unset HF_TOKEN/);
  });

  it('reports a refused connection after retrying', async () => {
    const url = hf.url;
    await hf.stop();
    const err = await rejection(
      new HfClient({ baseUrl: url, logger, sleep: async () => {} }).daily({ date: '2026-08-21' }),
    );
    expect(err.message).toMatch(
      /^Hugging Face can't be reached \(127\.0\.0\.1:\d+ refused the connection; 4 tries in /,
    );
    hf = await new FakeHf().start(); // for afterEach
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('2026-08-21T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 21 Aug 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 21 Aug 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
