import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { MemoryLogger } from '../../src/logger.js';
import { assemble, type Running } from '../../src/main.js';
import { SAMPLE_START_TIME, sampleClock } from '../../src/papers/sample-source.js';
import { person } from './helpers.js';

// Sample mode runs on one clock, inside the sample: its newest day (Fri 21 Aug 2026) is
// "today" and still filling, the day before is the latest closed list, and digest times
// are on that same clock. Outside the sample, replies say what the sample covers.
const dir = mkdtempSync(join(tmpdir(), 'paperboy-sample-mode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const COVERS = 'The offline sample covers 2026-07-23 … 2026-08-21';

let running: Running | undefined;
let files = 0;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Paperboy assembled as `npm start -- --source sample` does, optionally on a clock driven by the test. */
async function sampleMode(realNow?: () => number) {
  const config = loadConfig({ PAPERBOY_SOURCE: 'sample', PAPERBOY_DATA_FILE: join(dir, `store-${files++}.json`) });
  const logger = new MemoryLogger();
  running = realNow
    ? await assemble(config, logger, { now: sampleClock('2026-08-21', realNow) })
    : await assemble(config, logger);
  const sink = new MemoryDigestSink('terminal');
  running.sinks.push(sink);
  const ask = (text: string) => running!.bot.handle({ caller: person({ canManageChannel: true }), text });
  return { running, sink, ask };
}

describe('sample mode: one clock inside the sample', () => {
  it(`starts at ${SAMPLE_START_TIME} UTC on Fri 21 Aug 2026 and runs on in real time`, async () => {
    const before = Date.now();
    const { running } = await sampleMode();
    const now = running.services.now().getTime();
    const start = Date.parse(`2026-08-21T${SAMPLE_START_TIME}:00Z`);
    expect(now).toBeGreaterThanOrEqual(start);
    expect(now - start).toBeLessThanOrEqual(Date.now() - before + 5);
    let real = 1_000;
    const clock = sampleClock('2026-08-21', () => real);
    expect(clock().toISOString()).toBe('2026-08-21T12:00:00.000Z');
    real += 90_000;
    expect(clock().toISOString()).toBe('2026-08-21T12:01:30.000Z');
  });

  it('today is the still-filling 21 Aug; yesterday the closed 20 Aug', async () => {
    const { ask } = await sampleMode();
    expect((await ask('today')).title).toBe('Daily Papers · Fri 21 Aug 2026 · still filling');
    expect((await ask('yesterday')).title).toBe('Daily Papers · Thu 20 Aug 2026');
    expect((await ask('date 2026-08-21')).title).toBe('Daily Papers · Fri 21 Aug 2026 · still filling');
    expect((await ask('week')).title).toMatch(/^Weekly Papers · 2026-W34 .* · so far$/);
    expect((await ask('month')).title).toBe('Monthly Papers · August 2026 · so far');
    expect((await ask('date 2026-08-24')).error?.code).toBe('future_date');
  });

  it('digest now posts the closed 20 Aug list, not the filling 21 Aug one', async () => {
    const { ask, sink } = await sampleMode();
    const r = await ask('digest now top=3');
    expect(r.title).toBe('Posted the Thu 20 Aug 2026 digest to your direct messages');
    expect(sink.threads.map((t) => t.header.listDate)).toEqual(['2026-08-20']);
    expect((await ask('digest now top=3')).title).toMatch(/Thu 20 Aug 2026 digest was already posted/);
  });

  it('digest status: the next run and the preview are on the same clock', async () => {
    const { ask } = await sampleMode();
    await ask('digest on'); // weekdays 09:00 Europe/Berlin; it is Friday 14:00 there
    const status = await ask('digest status');
    const text = status.lines!.join('\n');
    expect(text).toContain('Next run: Mon 24 Aug 2026 09:00 Europe/Berlin (Mon 24 Aug 2026 07:00 UTC).');
    expect(text).toMatch(/Would include now \(the Thu 20 Aug 2026 list\)/);
    const daily = (await ask('digest on time=18:30 tz=America/New_York days=daily')).lines!.join('\n');
    expect(daily).toContain('Next run: Fri 21 Aug 2026 18:30 America/New_York (Fri 21 Aug 2026 22:30 UTC).');
  });

  it('a scheduled digest fires when the sample clock reaches its time', async () => {
    let real = 0;
    const { ask, running, sink } = await sampleMode(() => real);
    await ask('digest on time=12:05 tz=UTC days=daily top=2');
    await running.scheduler.tick();
    expect(sink.threads).toEqual([]); // 12:00 on the sample clock
    real += 6 * 60_000;
    await running.scheduler.tick();
    expect(sink.threads.map((t) => [t.header.listDate, t.cards.length])).toEqual([['2026-08-20', 2]]);
  });
});

describe('sample mode: outside the sample', () => {
  for (const date of ['2025-01-01', '2026-07-22', '2024-02-29', '1999-12-31', '2026-07-01']) {
    it(`date ${date} says what the sample covers`, async () => {
      const { ask } = await sampleMode();
      const r = await ask(`date ${date}`);
      expect(r.error?.code).toBe('not_found');
      expect(r.error?.message).toContain(COVERS);
      expect(r.error?.message).not.toMatch(/Hugging Face has no papers/);
    });
  }

  for (const period of ['week 2025-W01', 'week 2026-W29', 'week 2026-07-01', 'month 2026-06', 'month 2025-12']) {
    it(`${period} (wholly before it) says what the sample covers`, async () => {
      const { ask } = await sampleMode();
      const r = await ask(period);
      expect(r.error?.code).toBe('not_found');
      expect(r.error?.message).toContain(COVERS);
    });
  }

  for (const period of ['week 2026-W30', 'month 2026-07']) {
    it(`${period} (partly before it) lists what is there and says where the sample starts`, async () => {
      const { ask } = await sampleMode();
      const r = await ask(period);
      expect(r.cards!.length).toBeGreaterThan(0);
      expect(r.notices!.join(' ')).toContain(`${COVERS}; the days of`);
    });
  }

  for (const id of ['1706.03762', '2401.00001', '2608.99999', 'https://arxiv.org/abs/2310.06825v2']) {
    it(`paper ${id} says it is not in the sample, and what the sample covers`, async () => {
      const { ask } = await sampleMode();
      const r = await ask(`paper ${id}`);
      expect(r.error?.code).toBe('not_found');
      expect(r.error?.message).toMatch(/^Paper \d{4}\.\d{5} is not in the offline sample\./);
      expect(r.error?.message).toContain(COVERS);
      expect(r.error?.message).not.toMatch(/Hugging Face doesn't know/);
    });
  }

  it('a search with no hits says what the sample covers', async () => {
    const { ask } = await sampleMode();
    const r = await ask('search qqzzxx');
    expect(r.lines![0]).toContain(COVERS);
  });

  it('inside the sample nothing of this is said', async () => {
    const { ask } = await sampleMode();
    for (const text of ['date 2026-08-19', 'week 2026-W33', 'month 2026-08', 'paper 2608.19880', 'search agent']) {
      const r = await ask(text);
      expect(JSON.stringify(r), text).not.toContain('offline sample');
    }
  });
});
