/**
 * Realistic random topics built from real papers: ai_keywords as phrases, title words,
 * author names and organisations, combined with OR, NOT, fields and parentheses the way
 * people write subscriptions. Seeded, so a failure reproduces. Used by the TopicIndex
 * property test and by bench/topic-matching.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Paper } from '../../src/papers/paper.js';
import { normalizeItems } from '../../src/papers/normalize.js';
import { parseItems } from '../../src/papers/schemas.js';
import { silentLogger } from '../../src/logger.js';

/** mulberry32: small, fast, good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const samplesDir = new URL('../../samples/hf/', import.meta.url);

/** Real Daily Papers lists (recorded Hugging Face responses in samples/hf), by date. */
export function sampleDays(): Map<string, Paper[]> {
  const days = new Map<string, Paper[]>();
  for (const file of readdirSync(samplesDir)
    .filter((f) => f.startsWith('daily_papers-') && f.endsWith('.json'))
    .sort()) {
    const date = file.slice('daily_papers-'.length, -'.json'.length);
    const body: unknown = JSON.parse(readFileSync(new URL(file, samplesDir), 'utf8'));
    days.set(date, normalizeItems(parseItems(body, file, silentLogger), date));
  }
  return days;
}

/** Words the topic grammar reserves; a random topic never uses them bare. */
const RESERVED = new Set(['or', 'and', 'not']);

export interface TopicVocabulary {
  keywords: string[];
  titleWords: string[];
  authors: string[];
  orgs: string[];
}

export function vocabularyOf(papers: readonly Paper[], extraTitles: readonly string[] = []): TopicVocabulary {
  const keywords = new Set<string>();
  const titleWords = new Set<string>();
  const authors = new Set<string>();
  const orgs = new Set<string>();
  const addTitle = (title: string): void => {
    for (const w of title.split(/[^\p{L}\p{N}-]+/u)) {
      if (w.length >= 3 && !RESERVED.has(w.toLowerCase()) && /\p{L}/u.test(w) && !w.startsWith('-')) titleWords.add(w);
    }
  };
  for (const p of papers) {
    for (const k of p.aiKeywords ?? []) if (!k.includes('"')) keywords.add(k);
    addTitle(p.title);
    for (const a of p.authors) if (!a.includes('"')) authors.add(a);
    if (p.organization) orgs.add(p.organization.name);
  }
  for (const t of extraTitles) addTitle(t);
  return { keywords: [...keywords], titleWords: [...titleWords], authors: [...authors], orgs: [...orgs] };
}

/** `count` topic strings (all valid), seeded. */
export function randomTopics(vocab: TopicVocabulary, count: number, seed: number): string[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const kw = (): string => (vocab.keywords.length ? `"${pick(vocab.keywords)}"` : word());
  const word = (): string => pick(vocab.titleWords);
  const term = (): string => (rnd() < 0.5 ? kw() : word());
  const shapes: (() => string)[] = [
    kw,
    kw,
    kw,
    kw,
    kw,
    kw,
    word,
    word,
    word,
    () => `${word()} ${word()}`,
    () => `${term()} OR ${term()}`,
    () => `${kw()} OR ${kw()} OR ${word()}`,
    () => `${kw()} -${word()}`,
    () => `${word()} NOT ${kw()}`,
    () => `(${term()} OR ${term()}) ${word()}`,
    () => `title:${word()}`,
    () => `title:(${word()} OR ${kw()})`,
    () => (vocab.orgs.length ? `org:${pick(vocab.orgs)} (${term()} OR ${term()})` : term()),
    () => (vocab.authors.length ? `author:"${pick(vocab.authors)}"` : term()),
    () => `keywords:${kw()} -(${word()} OR ${word()})`,
  ];
  const out: string[] = [];
  while (out.length < count) {
    const topic = pick(shapes)();
    if ([...topic].length <= 200) out.push(topic);
  }
  return out;
}
