import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import {
  METRIC_CATALOGUE,
  recordDigestDelivery,
  recordDigestPostFailure,
  timeStoreOperation,
} from '../../src/metrics.js';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.js';
import { createPrometheusMetrics } from '../../src/ops/prometheus.js';
import { CHECK_TIMEOUT_MS, Readiness } from '../../src/ops/readiness.js';
import { gatewayReport, upstreamReport } from '../../src/ops/reports.js';
import { get, parsePrometheus, sample } from './helpers.js';

describe('Readiness', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is ready only when every component is up or degraded', async () => {
    const r = new Readiness();
    expect((await r.report()).ready).toBe(false); // nothing registered yet: not ready
    r.set('store', { status: 'up' });
    r.set('discord', { status: 'starting' });
    expect((await r.report()).ready).toBe(false);
    r.set('discord', () => ({ status: 'up' }));
    r.set('hugging_face', { status: 'degraded', detail: 'not answering' });
    expect(await r.report()).toEqual({
      ready: true,
      components: {
        store: { status: 'up' },
        discord: { status: 'up' },
        hugging_face: { status: 'degraded', detail: 'not answering' },
      },
    });
    r.set('slack', { status: 'down' });
    expect((await r.report()).ready).toBe(false);
  });

  it('counts a check that throws, or hangs past its timeout, as down', async () => {
    vi.useFakeTimers();
    const r = new Readiness();
    r.set('store', () => {
      throw new Error('connection refused');
    });
    r.set('slow', () => new Promise(() => {}));
    const pending = r.report();
    await vi.advanceTimersByTimeAsync(CHECK_TIMEOUT_MS + 1);
    const report = await pending;
    expect(report.ready).toBe(false);
    expect(report.components.store).toEqual({ status: 'down', detail: 'its check failed: connection refused' });
    expect(report.components.slow?.detail).toMatch(/did not answer within 2000 ms/);
  });

  it('says "shutting down" once stopping, whatever the components say', async () => {
    const r = new Readiness();
    r.set('store', { status: 'up' });
    r.stopping();
    const report = await r.report();
    expect(report.ready).toBe(false);
    expect(report.components.paperboy).toEqual({ status: 'down', detail: 'shutting down' });
  });
});

describe('component reports', () => {
  it('a gateway is up with every shard, degraded while some reconnect, down with none', () => {
    const shard = (id: number, status: string) => ({ id, status, pingMs: 40 });
    expect(gatewayReport({ ready: true, shardCount: 2, shards: [shard(0, 'Ready'), shard(1, 'Ready')] }).status).toBe(
      'up',
    );
    const partial = gatewayReport({ ready: false, shardCount: 2, shards: [shard(0, 'Ready'), shard(1, 'Resuming')] });
    expect(partial).toMatchObject({ status: 'degraded', detail: '1 of 2 shards connected; the rest are reconnecting' });
    expect(gatewayReport({ ready: false, shardCount: 1, shards: [shard(0, 'Connecting')] }).status).toBe('down');
    expect(gatewayReport({ ready: false, shardCount: 1, shards: [] }).status).toBe('down');
  });

  it('a Hugging Face outage is degraded, never down, and says what the cache can serve', () => {
    const now = Date.UTC(2026, 7, 21, 12);
    expect(upstreamReport(undefined).status).toBe('up'); // the bundled sample
    expect(upstreamReport({ state: 'ok', cached: 3 })).toMatchObject({ status: 'up', cached: 3 });
    const served = upstreamReport(
      { state: 'unavailable', reason: 'HTTP 503', since: now - 5 * 60_000, cached: 1 },
      now,
    );
    expect(served).toMatchObject({ status: 'degraded', reason: 'HTTP 503', cached: 1 });
    expect(served.detail).toBe('Hugging Face is not answering (for 5 min): serving 1 cached entry, marked stale');
    const empty = upstreamReport({ state: 'unavailable', since: now, cached: 0 }, now);
    expect(empty.status).toBe('degraded');
    expect(empty.detail).toMatch(/nothing cached yet/);
  });
});

describe('the Prometheus metrics', () => {
  it('declares every series with a valid name, counters ending in _total and histograms in _seconds', () => {
    for (const def of Object.values(METRIC_CATALOGUE)) {
      expect(def.name).toMatch(/^paperboy_[a-z_]+$/);
      expect(def.name).toMatch(def.kind === 'counter' ? /_total$/ : /_seconds$/);
      for (const label of def.labels) expect(label).toMatch(/^[a-z_]+$/);
    }
  });

  it('renders what the integrator hooks record: deliveries, failures and 429s, store latency', async () => {
    const m = createPrometheusMetrics({ processMetrics: false });
    recordDigestDelivery(m, { platform: 'discord', outcome: 'delivered' });
    recordDigestDelivery(m, { platform: 'discord', outcome: 'delivered' });
    recordDigestPostFailure(m, { platform: 'slack', kind: 'rate_limited' });
    recordDigestPostFailure(m, { platform: 'slack', kind: 'gone' });
    expect(await timeStoreOperation(m, 'deliveries.claim', async () => 42)).toBe(42);
    await expect(
      timeStoreOperation(m, 'deliveries.claim', async () => {
        throw new Error('deadlock');
      }),
    ).rejects.toThrow('deadlock');

    const s = parsePrometheus(await m.render());
    expect(sample(s, 'paperboy_digest_deliveries_total', { platform: 'discord', outcome: 'delivered' })).toBe(2);
    expect(sample(s, 'paperboy_digest_post_failures_total', { platform: 'slack', kind: 'rate_limited' })).toBe(1);
    expect(sample(s, 'paperboy_digest_post_failures_total', { platform: 'slack', kind: 'gone' })).toBe(1);
    expect(sample(s, 'paperboy_digest_rate_limited_total', { platform: 'slack' })).toBe(1);
    for (const outcome of ['ok', 'error']) {
      expect(
        sample(s, 'paperboy_store_operation_duration_seconds_count', { operation: 'deliveries.claim', outcome }),
      ).toBe(1);
    }
    expect(sample(s, 'process_resident_memory_bytes')).toBeUndefined(); // processMetrics: false
  });

  it('keeps two instances apart (each has its own registry)', async () => {
    const a = createPrometheusMetrics({ processMetrics: false });
    const b = createPrometheusMetrics({ processMetrics: false });
    recordDigestDelivery(a, { platform: 'discord', outcome: 'gone' });
    expect(
      sample(parsePrometheus(await b.render()), 'paperboy_digest_deliveries_total', {
        platform: 'discord',
        outcome: 'gone',
      }),
    ).toBeUndefined();
  });
});

describe('startOpsServer', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers /metrics with 404 when metrics are off, and the other two as usual', async () => {
    const readiness = new Readiness();
    readiness.set('store', { status: 'up' });
    server = await startOpsServer({ port: 0, host: '127.0.0.1', readiness, logger: new MemoryLogger() });
    const base = `http://127.0.0.1:${server.port}`;
    expect((await get(`${base}/healthz`)).status).toBe(200);
    expect((await get(`${base}/readyz`)).status).toBe(200);
    expect((await get(`${base}/readyz?verbose=1`)).status).toBe(200); // a query string changes nothing
    const metrics = await get(`${base}/metrics`);
    expect(metrics.status).toBe(404);
    expect(metrics.text).toContain('metrics are off');
  });

  it('a port in use stops Paperboy with a message naming PAPERBOY_HTTP_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const error = await startOpsServer({
        port,
        host: '127.0.0.1',
        readiness: new Readiness(),
        logger: new MemoryLogger(),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(
        new RegExp(`PAPERBOY_HTTP_PORT ${port} cannot be used \\(already in use`),
      );
    } finally {
      taken.close();
    }
  });
});
