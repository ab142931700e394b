/**
 * The false-positive rate and recall of the topic "generalization", measured against a
 * surface-form ground truth: a paper "mentions generalization" when its title or abstract
 * has a word generaliz/generalis + one of the endings below; it "only mentions generation"
 * when it has generate/generation/generative/generator forms and no generaliz/generalis
 * at all. The ground truth uses regular expressions written here, in the test — matching
 * itself never does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTopic } from '../../src/topics/index.js';
import type { Paper } from '../../src/papers/paper.js';
import { corpusPapers, samplePapers } from './helpers.js';

const GENERALIZE_FORM = /\bgenerali[sz](?:e|es|ed|ing|ation|ations|able|ability|abilities|er|ers)\b/iu;
const ANY_GENERALI_SZ = /generali[sz]/iu;
const GENERATION_FORM = /\bgenerat(?:e|es|ed|ing|ion|ions|ional|ive|ively|or|ors)\b/iu;
const GENERAL_FORM = /\bgeneral(?:|ly|ity|ist|ists)\b/iu;

interface Measurement {
  papers: number;
  /** papers that use a form of generalize */
  relevant: number;
  found: number;
  /** papers that mention generation/generative but no generaliz/generalis form */
  generationOnly: number;
  generationFalsePositives: number;
  /** papers that say general/generally/generality/generalist but no form of generalize */
  generalOnly: number;
  generalFalsePositives: number;
  /** matched papers the ground truth calls not relevant (any reason) */
  unexplainedMatches: string[];
}

function newMeasurement(): Measurement {
  return {
    papers: 0,
    relevant: 0,
    found: 0,
    generationOnly: 0,
    generationFalsePositives: 0,
    generalOnly: 0,
    generalFalsePositives: 0,
    unexplainedMatches: [],
  };
}

/** Counts one paper into `m`. */
function measureOne(m: Measurement, topic: ReturnType<typeof compileTopic>, p: Paper): void {
  m.papers++;
  const text = `${p.title} ${p.summary}`;
  const relevant = GENERALIZE_FORM.test(text);
  const matched = topic.match(p).matched;
  if (relevant) {
    m.relevant++;
    if (matched) m.found++;
  }
  if (!ANY_GENERALI_SZ.test(text) && GENERATION_FORM.test(text)) {
    m.generationOnly++;
    if (matched) m.generationFalsePositives++;
  }
  if (!relevant && GENERAL_FORM.test(text)) {
    m.generalOnly++;
    if (matched) m.generalFalsePositives++;
  }
  if (matched && !relevant) m.unexplainedMatches.push(p.id);
}

function measure(papers: Iterable<Paper>): Measurement {
  const topic = compileTopic('generalization');
  const m = newMeasurement();
  for (const p of papers) measureOne(m, topic, p);
  return m;
}

/** The same over a stream of papers, with `tap` seeing each one first. */
async function measureStream(papers: AsyncIterable<Paper>, tap: (p: Paper) => void): Promise<Measurement> {
  const topic = compileTopic('generalization');
  const m = newMeasurement();
  for await (const p of papers) {
    tap(p);
    measureOne(m, topic, p);
  }
  return m;
}

function report(label: string, m: Measurement): void {
  const pct = (a: number, b: number): string => `${((100 * a) / Math.max(b, 1)).toFixed(2)}%`;
  console.log(
    `[topics] ${label}: "generalization" over ${m.papers} papers — ` +
      `recall ${m.found}/${m.relevant} = ${pct(m.found, m.relevant)}; ` +
      `false positives on generation-only papers ${m.generationFalsePositives}/${m.generationOnly} = ${pct(m.generationFalsePositives, m.generationOnly)}; ` +
      `on general/generality/generalist-only papers ${m.generalFalsePositives}/${m.generalOnly}; ` +
      `matches the ground truth calls irrelevant: ${m.unexplainedMatches.length}`,
  );
}

describe('precision of "generalization" on the committed sample', () => {
  it('has no false positives and full recall', () => {
    const m = measure(samplePapers().map((s) => s.paper));
    report('sample', m);
    expect(m.relevant).toBeGreaterThanOrEqual(18);
    expect(m.generationOnly).toBeGreaterThanOrEqual(14);
    expect(m.generationFalsePositives).toBe(0);
    expect(m.generalFalsePositives).toBe(0);
    expect(m.unexplainedMatches).toEqual([]);
    expect(m.found).toBe(m.relevant);
  });
});

/**
 * Other near-words the stemmer keeps apart: [topic, what the paper says, what it must
 * then not say]. A paper that says the near-word and never the topic's own forms must
 * not match the topic.
 */
const FALSE_FRIENDS: readonly [string, RegExp, RegExp][] = [
  ['diffusion', /\bdiffuse[sd]?\b/iu, /\bdiffusions?\b/iu],
  ['reasoning', /\breason(?:s|ed|able|ably)?\b/iu, /\breasonings?\b/iu],
  ['transformer', /\btransform(?:s|ed|ing|ation|ations)?\b/iu, /\btransformers?\b/iu],
  ['grounding', /\bground(?:s|ed)?\b/iu, /\bgroundings?\b/iu],
  ['precision', /\bprecise(?:ly)?\b/iu, /\bprecisions?\b/iu],
  ['direction', /\bdirect(?:ly|s|ed)?\b/iu, /\bdirections?\b/iu],
  ['semantics', /\bsemantic\b/iu, /\bsemantics\b/iu],
];

/** Counts, per false friend, the papers that only use the near-word and those the topic matched. */
function falseFriendCounter() {
  const rows = FALSE_FRIENDS.map(([topic, near, own]) => ({
    topic,
    compiled: compileTopic(topic),
    near,
    own,
    papers: 0,
    falsePositives: [] as string[],
  }));
  return {
    add(p: Paper): void {
      const text = `${p.title} ${p.summary}`;
      for (const row of rows) {
        if (!row.near.test(text) || row.own.test(text)) continue;
        row.papers++;
        if (row.compiled.match(p).matched) row.falsePositives.push(p.id);
      }
    },
    rows: () => rows.map(({ topic, papers, falsePositives }) => ({ topic, papers, falsePositives })),
  };
}

// The full corpus (committed, gzipped: test/fixtures/corpus) on top of the sample above.
describe('precision on the 20,000-paper corpus', () => {
  // One streaming pass serves both measurements (each paper's tokens are cached per object).
  const friends = falseFriendCounter();
  let m: Measurement;
  beforeAll(async () => {
    m = await measureStream(corpusPapers(), (p) => friends.add(p));
  }, 120_000);

  it('"generalization": no false positives on generation-only papers, recall ≥ 99.5%', () => {
    report('corpus', m);
    expect(m.papers).toBeGreaterThan(10_000);
    expect(m.generationOnly).toBeGreaterThan(5_000);
    expect(m.generationFalsePositives).toBe(0);
    expect(m.generalFalsePositives).toBe(0);
    expect(m.found / m.relevant).toBeGreaterThanOrEqual(0.995);
    expect(m.unexplainedMatches).toEqual([]);
  });

  it('keeps other near-words apart: no false positives on papers that only use the near-word', () => {
    const rows = friends.rows();
    console.log(
      `[topics] corpus false friends: ${rows.map((r) => `"${r.topic}" ${r.falsePositives.length}/${r.papers}`).join(', ')}`,
    );
    for (const r of rows) {
      expect(r.papers, r.topic).toBeGreaterThan(20);
      expect(r.falsePositives, r.topic).toEqual([]);
    }
  });
});
