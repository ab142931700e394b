import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './helpers.js';
import { execOnce, TerminalScreen } from '../../adapters/terminal/index.js';
import type { Bot } from '../../src/bot.js';
import { MemoryLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { LIVE_NOW, liveSource, TRENDING_FIXTURE } from '../papers/live-source.js';

/** trending, the paper page's links and similar as the terminal prints them. */
describe('the new commands on the terminal', () => {
  let live: Awaited<ReturnType<typeof liveSource>>;
  let bot: Bot;
  beforeAll(async () => {
    live = await liveSource();
    bot = testApp({
      papers: live.source,
      search: live.search,
      store: new MemoryStore(),
      logger: new MemoryLogger(),
      now: () => LIVE_NOW,
    }).bot;
  });
  afterAll(() => live.stop());

  const run = async (text: string): Promise<string> => {
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    expect(await execOnce(bot, text, new TerminalScreen(output))).toBe(0);
    return out;
  };

  it('prints the trending list in Hugging Face’s order', async () => {
    const out = await run('/papers trending top=3');
    const numbered = out.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(numbered).toHaveLength(3);
    const ids = TRENDING_FIXTURE.slice(0, 3).map((i) => i.paper.id);
    ids.forEach((id, i) =>
      expect(out.indexOf(`papers/${id}`)).toBeGreaterThan(i ? out.indexOf(`papers/${ids[i - 1]}`) : -1),
    );
  });

  it('prints the paper page’s link groups with their URLs', async () => {
    const out = await run('/papers paper 2608.19880');
    expect(out).toContain(
      'Models (23)\n   example-lab/EnvHarness-Qwen3-8B  https://huggingface.co/example-lab/EnvHarness-Qwen3-8B\n',
    );
    expect(out).toContain('   +20 more\n');
    expect(out).toContain('Discussion\n   1 comment  https://huggingface.co/papers/2608.19880#community');
  });

  it('prints similar papers with their "shared:" lines', async () => {
    const out = await run('/papers similar 2608.20335 top=3');
    expect(out.split('\n').filter((l) => /^ {3}shared: /.test(l))).toHaveLength(3);
  });
});
