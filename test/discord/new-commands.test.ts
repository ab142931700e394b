import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildSlashCommands, subcommandFor } from '../../adapters/discord/slash-commands.js';
import { chatInput } from '../fakes/discord/payloads.js';
import { LIVE_NOW, liveSource, TRENDING_FIXTURE } from '../papers/live-source.js';
import { expectValidMessage } from './expect-message.js';
import { settle, startHarness, type Harness } from './harness.js';

/**
 * trending, sort=trending, the paper page's links and similar, through the real
 * discord.js Client on the fake Discord, over the real HTTP client and cache on the
 * fake Hugging Face.
 */
const ada = { id: '900000000000000741', username: 'ada' };
type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };

describe('the new commands on Discord', () => {
  let h: Harness;
  let live: Awaited<ReturnType<typeof liveSource>>;
  beforeAll(async () => {
    live = await liveSource();
    h = await startHarness({ source: live.source, search: live.search, deferAfterMs: 50, now: () => LIVE_NOW });
  });
  afterAll(async () => {
    await h.close();
    await live.stop();
  });

  /** The interaction's final message (direct answer, or the edit of a deferred one). */
  async function answer(sub: string, options: { name: string; type: number; value: string | number }[]) {
    const payload = chatInput('papers', sub, options, { user: ada });
    h.fake.interact(payload);
    const [callback] = await settle(h.fake, payload, 1);
    const calls = callback!.body.type === 5 ? await settle(h.fake, payload, 2) : [callback!];
    const data = callback!.body.type === 5 ? calls[1]!.body : callback!.body.data;
    expectValidMessage(data);
    return data as { embeds: Embed[]; components?: unknown[]; content?: string };
  }
  const titles = (embeds: Embed[]) => embeds.map((e) => e.title ?? '');

  it('registers cite, trending and similar, with sort=trending as a choice, within Discord limits', () => {
    const [main] = buildSlashCommands(commands);
    const names = ((main as { options?: { name: string }[] }).options ?? []).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['cite', 'trending', 'similar']));
    expect(names.length).toBeLessThanOrEqual(25);
    const sort = subcommandFor(commands.find((c) => c.name === 'today')!).options!.find((o) => o.name === 'sort') as {
      choices?: { value: string }[];
    };
    expect(sort.choices!.map((c) => c.value)).toEqual(['top', 'new', 'trending', 'foryou']);
    const cite = subcommandFor(commands.find((c) => c.name === 'cite')!).options!;
    expect(cite.map((o) => [o.name, o.required])).toEqual([
      ['id', true],
      ['format', false],
    ]);
  });

  it('/papers trending shows Hugging Face’s trending list in its order, with paging buttons', async () => {
    const data = await answer('trending', []);
    const ids = TRENDING_FIXTURE.slice(0, 10).map((i) => i.paper.id);
    expect(data.content).toContain('Trending on Hugging Face');
    expect(data.embeds.map((e) => (e as { url?: string }).url)).toEqual(
      ids.map((id) => `https://huggingface.co/papers/${id}`),
    );
    // The paging row, then two rows of five Save buttons.
    expect(data.components).toHaveLength(3);
  });

  it('/papers today sort=trending keeps the order the fake Hugging Face sent', async () => {
    const data = await answer('today', [
      { name: 'sort', type: 3, value: 'trending' },
      { name: 'top', type: 4, value: 5 },
    ]);
    const fetched = (await live.source.day('2026-08-21', { sort: 'trending' })).value.slice(0, 5);
    expect(titles(data.embeds)).toEqual(
      fetched.map((p, i) => `${i + 1}. ${p.title.replace(/[\\*_~`|>[\]()]/g, '\\$&')}`),
    );
    expect(data.content).toContain('· trending');
  });

  it('/papers paper shows linked models, datasets, Spaces and the discussion as embed fields', async () => {
    const data = await answer('paper', [{ name: 'id', type: 3, value: '2608.19880' }]);
    const fields = data.embeds.flatMap((e) => e.fields ?? []);
    // Outside text is shown literally: markdown punctuation escaped (Discord hides the backslashes).
    expect(fields.map((f) => f.name)).toEqual(['Models \\(23\\)', 'Datasets \\(2\\)', 'Spaces \\(1\\)', 'Discussion']);
    expect(fields[0]!.value).toBe(
      '[example-lab/EnvHarness-Qwen3-8B](https://huggingface.co/example-lab/EnvHarness-Qwen3-8B) · [example-lab/EnvRigger-7B](https://huggingface.co/example-lab/EnvRigger-7B) · [someone/EnvHarness-Qwen3-8B-GGUF](https://huggingface.co/someone/EnvHarness-Qwen3-8B-GGUF) · +20 more',
    );
    expect(fields[3]!.value).toBe('[1 comment](https://huggingface.co/papers/2608.19880#community)');
  });

  it('/papers similar lists related papers, each saying what it shares', async () => {
    const data = await answer('similar', [
      { name: 'id', type: 3, value: '2608.20335' },
      { name: 'top', type: 4, value: 3 },
    ]);
    expect(data.content).toContain('Similar to · 4DAnyone');
    expect(data.embeds).toHaveLength(3);
    for (const e of data.embeds) expect(e.description).toMatch(/\*shared: [^*]+\*/);
  });
});
