import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { chatInput, FAKE_APP_ID, type SubOption } from '../fakes/discord/payloads.js';
import { FakeHf } from '../papers/fake-hf.js';
import { get, mainStreams, parsePrometheus, sample, total, until, type LogWatcher } from './helpers.js';

/**
 * The operations endpoint of a real Paperboy (the composition root, in this process):
 * the real discord.js Client on the fake Discord, the real HF client on the fake HF.
 * /readyz while Discord is still logging in and after; /metrics after real commands.
 */
const dir = mkdtempSync(join(tmpdir(), 'paperboy-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ada = { id: '900000000000000701', username: 'ada' };

/** Send `/papers <sub>` and resolve with the answer's bodies once it is complete. */
async function ask(discord: FakeDiscord, sub: string, options: SubOption[]): Promise<unknown[]> {
  const payload = chatInput('papers', sub, options, { user: ada });
  discord.interact(payload);
  return until(() => {
    const calls = discord.callsFor(payload);
    const direct = calls.some((c) => c.path.endsWith('/callback') && c.body?.type === 4);
    // Deferred: edited in, or (an error after a public defer) deleted and sent as a follow-up.
    const later = calls.some((c) => c.method === 'PATCH' || (c.method === 'POST' && c.path.startsWith('/webhooks/')));
    return direct || later ? calls.map((c) => c.body) : undefined;
  }, `the answer to /papers ${sub}`);
}

describe('PAPERBOY_HTTP_PORT: /healthz, /readyz and /metrics of a running Paperboy', () => {
  let discord: FakeDiscord;
  let hf: FakeHf;
  let log: LogWatcher;
  let exit: Promise<number>;
  let base: string;
  let releaseGateway: () => void;

  beforeAll(async () => {
    discord = await FakeDiscord.start({ acceptToken: 'ops-token' });
    hf = await new FakeHf().start();
    // Discord stays "logging in" until the test lets GET /gateway/bot through.
    releaseGateway = discord.hold(/^\/gateway\/bot$/);
    const streams = mainStreams();
    log = streams.log;
    exit = main([], streams.io, {
      PAPERBOY_SOURCE: 'hf',
      HF_API_URL: hf.url,
      PAPERBOY_DATA_FILE: join(dir, 'ops.json'),
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: 'ops-token',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      PAPERBOY_HTTP_PORT: '0',
      PAPERBOY_HTTP_HOST: '127.0.0.1',
    });
    base = `http://127.0.0.1:${await log.opsPort()}`;
  });

  afterAll(async () => {
    releaseGateway();
    process.emit('SIGTERM');
    expect(await exit).toBe(0);
    await discord.close();
    await hf.stop();
  });

  it('answers /healthz at once, and /readyz 503 naming Discord while it is still logging in', async () => {
    const health = await get(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'alive' });

    const ready = await get(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const report = JSON.parse(ready.text);
    expect(report.ready).toBe(false);
    expect(report.components.discord.status).toBe('starting');
    expect(report.components.store.status).toBe('up');
    expect(report.components.hugging_face.status).toBe('up');

    const scraped = parsePrometheus((await get(`${base}/metrics`)).text);
    expect(sample(scraped, 'paperboy_ready')).toBe(0);
    expect(sample(scraped, 'paperboy_component_ready', { component: 'discord', status: 'starting' })).toBe(0);
  });

  it('answers /readyz 200 once every shard is connected', async () => {
    releaseGateway();
    const ready = await until(async () => {
      const r = await get(`${base}/readyz`);
      return r.status === 200 ? r : undefined;
    }, '/readyz 200');
    const report = JSON.parse(ready.text);
    expect(report.ready).toBe(true);
    expect(report.components.discord).toMatchObject({
      status: 'up',
      shardCount: 1,
      shards: [{ id: 0, status: 'Ready' }],
    });
  });

  it('counts real commands by name, platform and outcome, with latency, HF requests and cache hits', async () => {
    // The background search warm-up asks HF for four weeks; let it finish so counts are exact.
    await log.waitFor('search index warm');
    const before = parsePrometheus((await get(`${base}/metrics`)).text);
    const weekRequests = sample(before, 'paperboy_hf_requests_total', { endpoint: 'daily_papers', outcome: 'ok' });
    expect(weekRequests).toBe(4);

    const paper: SubOption[] = [{ name: 'id', type: 3, value: '2608.19880' }];
    expect(JSON.stringify(await ask(discord, 'paper', paper))).toContain('EnvHarness');
    // Asked again once the first answer is out: a cache hit, not a second request.
    await ask(discord, 'paper', paper);
    expect(JSON.stringify(await ask(discord, 'date', [{ name: 'date', type: 3, value: '2026-02-30' }]))).toContain(
      'not a date on the calendar',
    );
    await ask(discord, 'help', []);

    const scraped = await until(async () => {
      const s = parsePrometheus((await get(`${base}/metrics`)).text);
      return total(s, 'paperboy_commands_total') === 4 ? s : undefined;
    }, 'four commands counted');
    const commands = (command: string, outcome: string) =>
      sample(scraped, 'paperboy_commands_total', { command, platform: 'discord', outcome });
    expect(commands('paper', 'ok')).toBe(2);
    expect(commands('date', 'bad_input')).toBe(1);
    expect(commands('help', 'ok')).toBe(1);
    expect(sample(scraped, 'paperboy_command_duration_seconds_count', { command: 'paper', platform: 'discord' })).toBe(
      2,
    );
    const slowest = sample(scraped, 'paperboy_command_duration_seconds_sum', { command: 'paper', platform: 'discord' });
    expect(slowest).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(20);
    // Histogram buckets are cumulative and end with +Inf = count.
    expect(
      sample(scraped, 'paperboy_command_duration_seconds_bucket', {
        command: 'paper',
        platform: 'discord',
        le: '+Inf',
      }),
    ).toBe(2);

    expect(sample(scraped, 'paperboy_hf_requests_total', { endpoint: 'paper', outcome: 'ok' })).toBe(1);
    expect(hf.count('/api/papers/2608.19880')).toBe(1);
    expect(sample(scraped, 'paperboy_hf_request_duration_seconds_count', { endpoint: 'paper' })).toBe(1);
    // Four weeks and one paper fetched; the second paper lookup was a hit.
    expect(sample(scraped, 'paperboy_hf_cache_lookups_total', { result: 'miss' })).toBe(5);
    expect(sample(scraped, 'paperboy_hf_cache_lookups_total', { result: 'hit' })).toBe(1);
    // prom-client's process metrics come along.
    expect(sample(scraped, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(sample(scraped, 'paperboy_ready')).toBe(1);
  });

  it('reports a Hugging Face outage in /readyz without failing it, and counts the failed request', async () => {
    hf.queue({ kind: 'status', status: 403 }); // refused at once: no retries to wait through
    expect(JSON.stringify(await ask(discord, 'paper', [{ name: 'id', type: 3, value: '2608.20001' }]))).toMatch(
      /Hugging Face isn't answering/,
    );
    const ready = await until(async () => {
      const r = await get(`${base}/readyz`);
      return JSON.parse(r.text).components.hugging_face.status === 'degraded' ? r : undefined;
    }, 'hugging_face degraded');
    expect(ready.status).toBe(200);
    const hfReport = JSON.parse(ready.text).components.hugging_face;
    expect(hfReport.detail).toMatch(/Hugging Face is not answering.*serving 5 cached entries/);
    expect(hfReport.cached).toBe(5);

    const scraped = parsePrometheus((await get(`${base}/metrics`)).text);
    expect(sample(scraped, 'paperboy_hf_requests_total', { endpoint: 'paper', outcome: 'error' })).toBe(1);
    expect(
      sample(scraped, 'paperboy_commands_total', {
        command: 'paper',
        platform: 'discord',
        outcome: 'upstream_unavailable',
      }),
    ).toBe(1);
    expect(sample(scraped, 'paperboy_component_ready', { component: 'hugging_face', status: 'degraded' })).toBe(1);
  });

  it('refuses anything but GET and HEAD, and names its paths on a 404', async () => {
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const missing = await get(`${base}/admin`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('/healthz, /readyz, /metrics');
  });
});

describe('PAPERBOY_HTTP_PORT at the terminal', () => {
  it('is left alone by --exec and the prompt, so a one-off command never fights a running instance for it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { io, log } = mainStreams();
      let out = '';
      io.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await main(['--exec', 'help'], io, {
        PAPERBOY_SOURCE: 'sample',
        PAPERBOY_DATA_FILE: join(dir, 'exec.json'),
        PAPERBOY_HTTP_PORT: String(port),
      });
      expect(code).toBe(0);
      expect(out).toMatch(/today/);
      expect(log.text).toBe('');
    } finally {
      taken.close();
    }
  });
});
