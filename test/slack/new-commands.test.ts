import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_NOW, liveSource, TRENDING_FIXTURE } from '../papers/live-source.js';
import { startHarness, type Harness } from './harness.js';

/**
 * trending, sort=trending, the paper page's links and similar, through the real Bolt
 * App on the fake Slack Web API, over the real HTTP client and cache on the fake
 * Hugging Face.
 */
type Block = { type: string; text?: { text: string }; elements?: { text?: string }[] };

describe('the new commands on Slack', () => {
  let h: Harness;
  let live: Awaited<ReturnType<typeof liveSource>>;
  beforeAll(async () => {
    live = await liveSource();
    h = await startHarness({ source: live.source, search: live.search, now: LIVE_NOW });
  });
  afterAll(async () => {
    await h.close();
    await live.stop();
  });

  const blocks = async (text: string): Promise<Block[]> => {
    const [answer] = await h.slash(text);
    const all = (answer!.body.blocks ?? []) as Block[];
    expect(all.length).toBeLessThanOrEqual(50);
    return all;
  };
  const cardLinks = (bs: Block[]) =>
    bs.flatMap((b) =>
      b.type === 'section' ? [...(b.text?.text ?? '').matchAll(/^\*\d+\. <([^|>]+)\|/g)].map((m) => m[1]) : [],
    );

  it('`trending` lists Hugging Face’s trending papers in its order', async () => {
    const bs = await blocks('trending');
    expect(cardLinks(bs)).toEqual(
      TRENDING_FIXTURE.slice(0, 10).map((i) => `https://huggingface.co/papers/${i.paper.id}`),
    );
    expect(bs.some((b) => b.type === 'actions')).toBe(true);
  });

  it('`today sort=trending top=4` keeps the order the fake Hugging Face sent', async () => {
    const bs = await blocks('today sort=trending top=4');
    const sent = (await live.source.day('2026-08-21', { sort: 'trending' })).value.slice(0, 4);
    expect(cardLinks(bs)).toEqual(sent.map((p) => `https://huggingface.co/papers/${p.id}`));
  });

  it('`paper` shows linked models, datasets, Spaces and the discussion as linked sections', async () => {
    const bs = await blocks('paper 2608.19880');
    const groups = bs.filter(
      (b) => b.type === 'section' && /^\*(Models|Datasets|Spaces|Discussion)/.test(b.text!.text),
    );
    expect(groups.map((b) => b.text!.text)).toEqual([
      '*Models (23)*  <https://huggingface.co/example-lab/EnvHarness-Qwen3-8B|example-lab/EnvHarness-Qwen3-8B> · <https://huggingface.co/example-lab/EnvRigger-7B|example-lab/EnvRigger-7B> · <https://huggingface.co/someone/EnvHarness-Qwen3-8B-GGUF|someone/EnvHarness-Qwen3-8B-GGUF> · +20 more',
      '*Datasets (2)*  <https://huggingface.co/datasets/example-lab/EnvHarness-trajectories|example-lab/EnvHarness-trajectories> · <https://huggingface.co/datasets/example-lab/EnvHarness-components|example-lab/EnvHarness-components>',
      '*Spaces (1)*  <https://huggingface.co/spaces/example-lab/EnvHarness-demo|example-lab/EnvHarness-demo>',
      '*Discussion*  <https://huggingface.co/papers/2608.19880#community|1 comment>',
    ]);
  });

  it('`similar` lists related papers, each saying what it shares', async () => {
    const bs = await blocks('similar 2608.20335 top=3');
    expect(cardLinks(bs)).toHaveLength(3);
    const whys = bs.filter((b) => b.type === 'section' && /_shared: /.test(b.text?.text ?? ''));
    expect(whys).toHaveLength(3);
  });
});
