import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './helpers.js';
import { terminalCaller } from '../../adapters/terminal/index.js';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeHf, FIXTURE_DIR } from '../papers/fake-hf.js';

/**
 * `/papers paper` with what only /api/papers/{id} sends (huggingface_hub's paper_info):
 * linked models, datasets and Spaces (counts and the first three), and the discussion.
 */
const PAGE = JSON.parse(readFileSync(`${FIXTURE_DIR}paper-2608.19880.json`, 'utf8')) as Record<string, unknown>;

let hf: FakeHf;
beforeEach(async () => {
  hf = await new FakeHf().start();
});
afterEach(async () => {
  await hf.stop();
});

async function page(body: unknown) {
  hf.setPaper('2608.19880', body);
  const logger = new MemoryLogger();
  const papers = new CachedSource({ api: new HfClient({ baseUrl: hf.url, logger, sleep: async () => {} }), logger });
  const bot = testApp({ papers, store: new MemoryStore(), logger, now: () => new Date() }).bot;
  return bot.handle({ caller: terminalCaller(), text: 'paper 2608.19880' });
}

describe('the paper page', () => {
  it('shows the counts, the first three links of each kind and the discussion', async () => {
    const r = await page(PAGE);
    expect(r.linkGroups).toEqual([
      {
        label: 'Models (23)',
        links: [
          { text: 'example-lab/EnvHarness-Qwen3-8B', url: 'https://huggingface.co/example-lab/EnvHarness-Qwen3-8B' },
          { text: 'example-lab/EnvRigger-7B', url: 'https://huggingface.co/example-lab/EnvRigger-7B' },
          { text: 'someone/EnvHarness-Qwen3-8B-GGUF', url: 'https://huggingface.co/someone/EnvHarness-Qwen3-8B-GGUF' },
        ],
        more: 20,
      },
      {
        label: 'Datasets (2)',
        links: [
          {
            text: 'example-lab/EnvHarness-trajectories',
            url: 'https://huggingface.co/datasets/example-lab/EnvHarness-trajectories',
          },
          {
            text: 'example-lab/EnvHarness-components',
            url: 'https://huggingface.co/datasets/example-lab/EnvHarness-components',
          },
        ],
      },
      {
        label: 'Spaces (1)',
        links: [
          { text: 'example-lab/EnvHarness-demo', url: 'https://huggingface.co/spaces/example-lab/EnvHarness-demo' },
        ],
      },
      {
        label: 'Discussion',
        links: [{ text: '1 comment', url: 'https://huggingface.co/papers/2608.19880#community' }],
      },
    ]);
  });

  it('drops linked entries without a usable repo id, and believes the list over a smaller total', async () => {
    const r = await page({
      ...PAGE,
      linkedModels: [{ id: 'ok/model' }, { id: 'javascript:alert(1)' }, { id: 'a b/c' }, 'junk', { likes: 3 }],
      numTotalModels: 0,
      linkedDatasets: 'not a list',
      numTotalDatasets: 'many',
      linkedSpaces: [],
      numTotalSpaces: 0,
    });
    expect(r.error).toBeUndefined();
    expect(r.linkGroups![0]).toEqual({
      label: 'Models (1)',
      links: [{ text: 'ok/model', url: 'https://huggingface.co/ok/model' }],
    });
    expect(r.linkGroups!.map((g) => g.label)).toEqual(['Models (1)', 'Discussion']);
  });

  it('says so when Hugging Face lists nothing linked, and shows nothing when it sent no such fields', async () => {
    const none = await page({
      ...PAGE,
      linkedModels: [],
      linkedDatasets: [],
      linkedSpaces: [],
      numTotalModels: 0,
      numTotalDatasets: 0,
      numTotalSpaces: 0,
      numComments: 0,
    });
    expect(none.lines).toContain('No models, datasets or Spaces on Hugging Face link to it yet.');
    expect(none.linkGroups).toEqual([
      {
        label: 'Discussion',
        links: [{ text: 'No comments yet', url: 'https://huggingface.co/papers/2608.19880#community' }],
      },
    ]);
    const {
      linkedModels: _m,
      linkedDatasets: _d,
      linkedSpaces: _s,
      numTotalModels: _a,
      numTotalDatasets: _b,
      numTotalSpaces: _c,
      numComments: _n,
      ...bare
    } = PAGE;
    const plain = await page(bare);
    expect(plain.linkGroups).toBeUndefined();
    expect(plain.lines!.join('\n')).not.toMatch(/link to it/);
  });
});
