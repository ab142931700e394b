/**
 * Row 1: `/papers today` through the Discord stack and the Slack stack on loopback fakes.
 * Warm: 1,000 sequential requests after a warm-up, the list already in the cache;
 * the figure is dispatch → answer (Discord: the interaction callback, or the edit after
 * a defer; Slack: the response_url post). Cold: Hugging Face answers after 5 s (a delay
 * proxy in front of FakeHf, the real HfClient and an empty CachedSource); the figure is
 * dispatch → first callback (Discord defer) / HTTP answer to the signed POST (Slack ack).
 *
 *   node --import tsx bench/rows/latency.ts [requests=1000]
 */
import { FakeHf } from '../../test/papers/fake-hf.js';
import { COMMAND_MIX, discordBurst } from '../../test/reliability/burst.js';
import { startDelayProxy } from '../lib/delay-proxy.js';
import {
  discordCommand,
  hfServices,
  slackCommand,
  startDiscordStack,
  startSlackStack,
} from '../../test/reliability/stacks.js';
import { percentile, round, runRow, sleep, type Figure, type RowResult } from '../lib/stats.js';

const REQUESTS = Number(process.argv[2] ?? 1000);
const WARMUP = 50;
const COLD_REQUESTS = 10;
const COLD_DELAY_MS = 5000;
const BURST = 1000;
const WARM_P99_TARGET = 25;
const COLD_ACK_TARGET = 50;

async function warm(name: 'discord' | 'slack', hfUrl: string, figures: Figure[], notes: string[]): Promise<void> {
  const services = hfServices(hfUrl);
  const answers: number[] = [];
  let deferred = 0;
  if (name === 'discord') {
    const stack = await startDiscordStack(services);
    try {
      for (let i = 0; i < WARMUP; i++) await discordCommand(stack);
      for (let i = 0; i < REQUESTS; i++) {
        const t = await discordCommand(stack);
        answers.push(t.answerMs);
        if (t.deferred) deferred++;
      }
    } finally {
      await stack.close();
    }
    notes.push(
      `discord warm: ${deferred} of ${REQUESTS} answers went through a defer (core slower than the adapter's 25 ms direct-reply window)`,
    );
  } else {
    const stack = await startSlackStack(services);
    try {
      for (let i = 0; i < WARMUP; i++) await slackCommand(stack);
      for (let i = 0; i < REQUESTS; i++) answers.push((await slackCommand(stack)).answerMs);
    } finally {
      await stack.close();
    }
  }
  const p99 = percentile(answers, 99);
  figures.push(
    { name: `${name} warm /papers today p50`, value: round(percentile(answers, 50)), unit: 'ms' },
    {
      name: `${name} warm /papers today p99`,
      value: round(p99),
      unit: 'ms',
      target: `<= ${WARM_P99_TARGET} ms`,
      met: p99 <= WARM_P99_TARGET,
    },
  );
}

async function cold(name: 'discord' | 'slack', hfUrl: string, figures: Figure[], notes: string[]): Promise<void> {
  const proxy = await startDelayProxy(hfUrl, COLD_DELAY_MS);
  const services = hfServices(proxy.url);
  const firsts: number[] = [];
  const answers: number[] = [];
  try {
    if (name === 'discord') {
      const stack = await startDiscordStack(services);
      try {
        // Staggered, all while Hugging Face is still thinking: every one is a cache miss
        // from the user's point of view (they share one upstream fetch).
        const runs = Array.from({ length: COLD_REQUESTS }, async (_, i) => {
          await sleep(i * 100);
          const t = await discordCommand(stack, 'today', 30_000);
          if (!t.deferred) notes.push(`discord cold: request ${i} was answered without a defer`);
          firsts.push(t.firstMs);
          answers.push(t.answerMs);
        });
        await Promise.all(runs);
      } finally {
        await stack.close();
      }
    } else {
      const stack = await startSlackStack(services);
      try {
        const runs = Array.from({ length: COLD_REQUESTS }, async (_, i) => {
          await sleep(i * 100);
          const t = await slackCommand(stack, 'today', 30_000);
          firsts.push(t.ackMs);
          answers.push(t.answerMs);
        });
        await Promise.all(runs);
      } finally {
        await stack.close();
      }
    }
  } finally {
    await proxy.close();
  }
  const worst = Math.max(...firsts);
  figures.push({
    name: `${name} cold (HF +5 s) time to ${name === 'discord' ? 'defer' : 'ack'}, max of ${COLD_REQUESTS}`,
    value: round(worst),
    unit: 'ms',
    target: `<= ${COLD_ACK_TARGET} ms`,
    met: worst <= COLD_ACK_TARGET,
  });
  notes.push(
    `${name} cold: ${name === 'discord' ? 'defer' : 'ack'} p50 ${round(percentile(firsts, 50))} ms; full answer after ${round(Math.min(...answers))}–${round(Math.max(...answers))} ms (HF delayed ${COLD_DELAY_MS} ms)`,
  );
}

/** 1,000 interactions dispatched in one instant: how many beat Discord's 3 s deadline. */
async function instantBurst(hfUrl: string, figures: Figure[], notes: string[]): Promise<void> {
  const stack = await startDiscordStack(hfServices(hfUrl));
  try {
    const texts = Array.from({ length: BURST }, (_, i) => COMMAND_MIX[i % COMMAND_MIX.length]!);
    const started = performance.now();
    const verdicts = await discordBurst(stack, texts, 20_000, 0);
    const callbacks = stack.fake.requests.filter((r) => r.path.endsWith('/callback')).map((r) => r.at - started);
    const answered = verdicts.filter((v) => v.answered).length;
    figures.push({
      name: `discord ${BURST} interactions in one instant: answered in time`,
      value: `${answered}/${BURST}`,
      unit: '',
    });
    notes.push(
      `discord instant burst: callbacks reached the fake from ${round(Math.min(...callbacks), 0)} to ${round(Math.max(...callbacks), 0)} ms after the burst (Discord's deadline: 3000 ms)`,
    );
  } finally {
    await stack.close();
  }
}

runRow('1. /papers today latency', async (): Promise<RowResult> => {
  const hf = await new FakeHf().start();
  const figures: Figure[] = [];
  const notes: string[] = [
    `${REQUESTS} sequential requests per stack after ${WARMUP} warm-up; FakeHf → HfClient → CachedSource, clock frozen on an open weekday list (17 papers)`,
  ];
  try {
    await warm('discord', hf.url, figures, notes);
    await warm('slack', hf.url, figures, notes);
    await cold('discord', hf.url, figures, notes);
    await cold('slack', hf.url, figures, notes);
    await instantBurst(hf.url, figures, notes);
  } finally {
    await hf.stop();
  }
  return { row: '1. /papers today latency', figures, notes };
});
