import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { terminalCaller } from '../../adapters/terminal/index.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../adapters/webhook/index.js';
import type { Target } from '../../src/caller.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import { assemble, startPlatforms, type Running } from '../../src/main.js';
import { configuredPlatforms, PLATFORMS } from '../../src/platforms.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeReceiver, type ReceivedPost } from './receiver.js';

/**
 * The fourth platform, built only through the seam: configured by environment variables
 * (declared by adapters/webhook, parsed by src/config.ts), found in the one list
 * (src/platforms.ts), started by the composition root, serving the terminal's places.
 */
const SECRET = 'whsec-test-0123456789abcdef-never-logged';

let receiver: FakeReceiver | undefined;
let running: Running | undefined;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await running?.stop();
  await receiver?.close();
  running = undefined;
  receiver = undefined;
});

const me: Target = { platform: 'terminal', workspaceId: 'local', kind: 'user', id: 'local' };

async function start(env: Record<string, string> = {}) {
  receiver = await FakeReceiver.start();
  const config = loadConfig(
    { PAPERBOY_SOURCE: 'sample', PAPERBOY_WEBHOOK_URL: receiver.url, PAPERBOY_WEBHOOK_SECRET: SECRET, ...env },
    {},
    PLATFORMS,
  );
  const logger = new MemoryLogger();
  const store = new MemoryStore();
  running = await assemble(config, logger, { store, fanout: { sleep: async () => {} } });
  // As the terminal does: the platforms that take no commands run beside it.
  await startPlatforms(config, running, logger, stops, undefined, (p) => !p.capabilities.commands);
  const ask = (text: string) => running!.bot.handle({ caller: terminalCaller(), text });
  return { receiver, logger, store, ask };
}

/** What a receiver does: recompute the HMAC over timestamp and raw body, compare in constant time. */
function verified(post: ReceivedPost, secret = SECRET): boolean {
  const timestamp = String(post.headers[TIMESTAMP_HEADER]);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${post.body}`).digest('hex')}`;
  const given = String(post.headers[SIGNATURE_HEADER]);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe('webhook digests', () => {
  it('is configured from the environment and listed without any src/ edit of its own', () => {
    const config = loadConfig(
      { PAPERBOY_WEBHOOK_URL: 'https://hooks.example/x', PAPERBOY_WEBHOOK_SECRET: SECRET },
      {},
      PLATFORMS,
    );
    const platforms = configuredPlatforms(config);
    expect(platforms.map((p) => p.name)).toEqual(['webhook']);
    expect(platforms[0]!.capabilities).toMatchObject({ commands: false, threads: false });
    expect(JSON.stringify(config.sections)).not.toContain(SECRET);
    expect(() =>
      loadConfig({ PAPERBOY_WEBHOOK_URL: 'https://hooks.example/x', PAPERBOY_WEBHOOK_SECRET: 'short' }, {}, PLATFORMS),
    ).toThrow(/PAPERBOY_WEBHOOK_SECRET is required with PAPERBOY_WEBHOOK_URL, at least 16 characters/);
    expect(() => loadConfig({ PAPERBOY_WEBHOOK_URL: 'ftp://x' }, {}, PLATFORMS)).toThrow(ConfigError);
  });

  it('delivers a digest end to end exactly once, every POST signed', async () => {
    const { receiver, ask, logger } = await start();
    expect((await ask('digest on top=3')).error).toBeUndefined();
    const now = await ask('digest now');
    expect(now.error).toBeUndefined();
    // No thread on a webhook, so the reply does not promise one.
    expect(now.lines).toEqual(['3 papers.']);
    const types = receiver.accepted().map((p) => p.json.type);
    expect(types).toEqual(['digest.started', 'digest.paper', 'digest.paper', 'digest.paper', 'digest.finished']);
    const posts = receiver.accepted();
    expect(posts.every((p) => verified(p))).toBe(true);
    expect(posts.some((p) => verified(p, 'another-secret-0123456789'))).toBe(false);
    // Every event names its digest; the papers come in rank order, and finished counts them.
    expect(new Set(posts.map((p) => p.json.digest)).size).toBe(1);
    expect(posts.slice(1, 4).map((p) => (p.json.paper as { rank: number }).rank)).toEqual([1, 2, 3]);
    expect(posts[4]!.json).toMatchObject({ posted: 3, total: 3, place: { kind: 'user', id: 'local' } });
    // Each post has its own stable idempotency key.
    expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(5);
    // Asked again: the ledger knows the list was delivered; nothing more is POSTed.
    const again = await ask('digest now');
    expect(again.title).toMatch(/already posted/);
    expect(receiver.posts).toHaveLength(5);
    // The secret, and the token in the URL's path, are never logged.
    const logged = JSON.stringify(logger.entries);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('t0k3n-in-the-path');
  });

  it('waits out a 429 for as long as Retry-After says, then posts once', async () => {
    const { receiver, ask } = await start();
    await ask('digest on top=1');
    receiver.answer({ status: 429, headers: { 'retry-after': '1' } });
    const reply = await ask('digest now');
    expect(reply.error).toBeUndefined();
    const [throttled, retried] = receiver.posts;
    expect(throttled!.status).toBe(429);
    expect(retried!.json.type).toBe('digest.started');
    expect(retried!.headers['idempotency-key']).toBe(throttled!.headers['idempotency-key']);
    expect(retried!.atMs - throttled!.atMs).toBeGreaterThanOrEqual(900);
    expect(receiver.accepted().map((p) => p.json.type)).toEqual(['digest.started', 'digest.paper', 'digest.finished']);
  });

  it('retries a 5xx with backoff and still posts each event once', async () => {
    const { receiver, ask } = await start();
    await ask('digest on top=2');
    receiver.answer({ status: 503 }, { status: 502 });
    expect((await ask('digest now')).error).toBeUndefined();
    expect(receiver.posts.map((p) => p.status)).toEqual([503, 502, 204, 204, 204, 204]);
    expect(receiver.accepted()).toHaveLength(4);
  });

  it('turns the digest off when the receiver answers 410 Gone, and says so', async () => {
    const { receiver, ask, store } = await start();
    await ask('digest on');
    receiver.always({ status: 410 });
    const reply = await ask('digest now');
    expect(reply.error?.code).toBe('forbidden');
    expect(reply.error?.message).toContain('410 Gone');
    expect(receiver.posts).toHaveLength(1);
    expect((await store.digests.get(me))?.disabled?.reason).toContain('410');
    const status = await ask('digest status');
    expect(JSON.stringify(status)).toContain('Stopped on');
  });
});
