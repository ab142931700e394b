import { parse } from '@retorquere/bibtex-parser';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { TerminalDigestSink } from '../../adapters/terminal/digest-sink.js';
import { execOnce, TerminalScreen } from '../../adapters/terminal/index.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Target } from '../../src/caller.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { SAVED_PER_PLACE, snapshotOf } from '../../src/saved.js';
import { indexFetchedPapers, PaperSearchIndex } from '../../src/search/index.js';
import { createServices } from '../../src/services.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/**
 * The reading list at the terminal, through execOnce and the TerminalScreen: the
 * `save:` hint on every card, save/saved/unsave, the export on stdout, the limit's
 * message, and the "for you" order of lists and of a digest.
 */
const me: Target = { platform: 'terminal', workspaceId: 'local', kind: 'user', id: 'local' };
const FOUR = ['2608.19880', '2608.18580', '2608.20335', '2608.19799'];
const NOW = new Date('2026-08-22T09:00:00Z');

let bot: Bot;
let store: MemoryStore;
let digestOut: string;
let papers: SampleSource;
beforeEach(() => {
  store = new MemoryStore();
  digestOut = '';
  papers = new SampleSource();
  const search = new PaperSearchIndex();
  const services = createServices({
    papers: indexFetchedPapers(papers, search),
    search,
    store,
    logger: new MemoryLogger(),
    now: () => NOW,
    sinks: [new TerminalDigestSink((t) => (digestOut += t))],
    fanout: { sleep: async () => {} },
  });
  bot = createBot(services, commands);
});

async function run(text: string, code = 0): Promise<string> {
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  expect(await execOnce(bot, text, new TerminalScreen(output)), text).toBe(code);
  return out;
}

async function saveDirectly(ids: string[]) {
  for (const id of ids) {
    const paper = (await papers.paper(id)).value!;
    await store.saved.add(
      { id: `e-${id}`, target: me, paper: snapshotOf(paper), savedBy: 'local', savedAt: NOW.toISOString() },
      SAVED_PER_PLACE,
    );
  }
}

describe('the reading list at the terminal', () => {
  it('shows the save command on every card, beside its links', async () => {
    const out = await run('/papers today top=3');
    const hints = out.split('\n').filter((l) => /save: \/papers save \d{4}\.\d{5}$/.test(l));
    expect(hints).toHaveLength(3);
    expect(hints[0]).toMatch(/^ {3}https:\/\/huggingface\.co\/papers\/2608\.19880 .*save: \/papers save 2608\.19880$/);
  });

  it('saves, lists by page, and removes #n', async () => {
    expect(await run('/papers save arXiv:2608.19880v3')).toContain('is #1 on your reading list');
    const ids = (await papers.day('2026-08-21')).value.map((p) => p.id).filter((id) => id !== '2608.19880');
    await saveDirectly(ids.slice(0, 11));
    const page2 = await run('/papers saved page=2');
    expect(page2).toMatch(/^#11 {2}.*\n#12 {2}/m);
    expect(page2).toContain('Page 2 of 2 (12 papers)');
    const removed = await run('/papers unsave #2');
    expect(removed).toContain(ids[0]);
    expect(removed).toContain('11 papers left; numbers after it moved up by one.');
    expect((await store.saved.list(me)).map((s) => s.paper.id)).toEqual(['2608.19880', ...ids.slice(1, 11)]);
    expect(await run('/papers unsave #40', 1)).toMatch(/There is no #40 on your reading list: it holds 11/);
  });

  it('prints the export to stdout, and an independent parser reads it', async () => {
    await saveDirectly(FOUR);
    const out = await run('/papers saved export=bibtex');
    const lib = parse(out.slice(out.indexOf('@misc')), { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(FOUR);
  });

  it('says what to do at the limit, and saves nothing more', async () => {
    const paper = (await papers.paper('2608.19880')).value!;
    for (let i = 0; i < SAVED_PER_PLACE; i++) {
      const id = `2609.${String(10000 + i)}`;
      await store.saved.add(
        { id: `x${i}`, target: me, paper: { ...snapshotOf(paper), id }, savedBy: 'local', savedAt: NOW.toISOString() },
        SAVED_PER_PLACE,
      );
    }
    const out = await run('/papers save 2608.18580', 1);
    expect(out).toContain('Your reading list holds 500 papers, the most Paperboy keeps for one place');
    expect(out).toContain('/papers saved export=bibtex');
    expect(out).toContain('/papers unsave #n');
    expect(await store.saved.list(me)).toHaveLength(SAVED_PER_PLACE);
  });

  it('orders a list for you with "like:" lines, and falls back to upvotes under 3 saved', async () => {
    await saveDirectly(FOUR.slice(0, 2));
    const few = await run('/papers today sort=foryou');
    expect(few).toContain('"For you" needs at least 3 saved papers to go on (there are 2)');
    expect(few).not.toContain('like: ');
    await saveDirectly(FOUR.slice(2));
    const out = await run('/papers today sort=foryou');
    expect(out).toContain('· for you');
    const likes = out.split('\n').filter((l) => l.trim().startsWith('like: '));
    expect(likes.length).toBeGreaterThan(5);
    // The order is not the upvote order.
    const top = await run('/papers today');
    const firstTitle = (s: string) => s.split('\n').find((l) => /^1\. /.test(l));
    expect(firstTitle(out)).not.toEqual(firstTitle(top));
  });

  it('ranks a digest for you (rank=foryou), saying so when too few are saved', async () => {
    await saveDirectly(FOUR);
    // The channel's own list is empty: its digest says so and is most upvoted first.
    await run('/papers digest now rank=foryou here');
    expect(digestOut).toContain('needs at least 3 saved papers');
    expect(digestOut).not.toContain('like: ');
    digestOut = '';
    // The person's digest ranks by the person's four saved papers.
    await run('/papers digest now rank=foryou top=5');
    expect(digestOut.split('\n').filter((l) => /^ *│ +like: /.test(l)).length).toBe(5);
    expect(digestOut).not.toContain('needs at least 3');
    await run('/papers digest on rank=foryou top=5');
    expect(await run('/papers digest status')).toContain('most like the saved papers first');
  });
});
