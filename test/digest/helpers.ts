import type { Target } from '../../src/caller.js';
import { PaperboyError } from '../../src/errors.js';
import { addDays, isWeekend, isoWeekMonday } from '../../src/papers/days.js';
import type { Paper } from '../../src/papers/paper.js';
import type { Fetched, PaperSource } from '../../src/papers/source.js';
import type { DigestSchedule } from '../../src/store/store.js';

/** A deterministic Daily Papers list: weekdays have `n` papers, weekends none. */
export function makeList(date: string, n = 12): Paper[] {
  if (isWeekend(date)) return [];
  const stamp = date.replaceAll('-', '').slice(2, 6); // yymm like arXiv
  return Array.from({ length: n }, (_, i) => ({
    id: `${stamp}.${date.slice(8, 10)}${String(i).padStart(3, '0')}`,
    title: i % 3 === 0 ? `Diffusion models for video number ${i}` : `Language agents study ${i}`,
    summary: `A paper about ${i % 3 === 0 ? 'video diffusion' : 'agents'} published on ${date}.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    upvotes: (i * 7) % 23,
    publishedAt: `${date}T00:00:00Z`,
    day: date,
  }));
}

/** A working PaperSource over generated lists; can be told Hugging Face is down. */
export class ListSource implements PaperSource {
  down = false;
  dayCalls = 0;
  constructor(
    private readonly lists: (date: string) => Paper[] = (d) => makeList(d),
    private readonly newest?: string,
  ) {}
  #fetched<T>(value: T): Fetched<T> {
    return { value, fetchedAt: Date.now() };
  }
  #check(): void {
    if (this.down) throw new PaperboyError('upstream_unavailable', 'Hugging Face is not answering');
  }
  async day(date: string): Promise<Fetched<Paper[]>> {
    this.dayCalls++;
    this.#check();
    return this.#fetched(this.lists(date));
  }
  weekCalls = 0;
  /** The week's seven daily lists, Monday first, as Hugging Face's week endpoint gives them */
  async week(isoWeek: string): Promise<Fetched<Paper[]>> {
    this.weekCalls++;
    this.#check();
    const monday = isoWeekMonday(isoWeek);
    if (!monday) return this.#fetched([]);
    return this.#fetched(Array.from({ length: 7 }, (_, i) => this.lists(addDays(monday, i))).flat());
  }
  async month(): Promise<Fetched<Paper[]>> {
    this.#check();
    return this.#fetched([]);
  }
  async search(): Promise<Fetched<Paper[]>> {
    this.#check();
    return this.#fetched([]);
  }
  async paper(id: string): Promise<Fetched<Paper | undefined>> {
    this.#check();
    for (let i = 0, d = '2026-12-31'; i < 400; i++, d = addDays(d, -1)) {
      const hit = this.lists(d).find((p) => p.id === id);
      if (hit) return this.#fetched(hit);
    }
    return this.#fetched(undefined);
  }
  today(now: Date): string {
    return this.newest ?? now.toISOString().slice(0, 10);
  }
}

export const channel = (id: string, platform: Target['platform'] = 'terminal'): Target => ({
  platform,
  workspaceId: 'local',
  kind: 'channel',
  id,
});
export const dm = (id: string): Target => ({ platform: 'terminal', workspaceId: 'local', kind: 'user', id });

export const digestSchedule = (target: Target, over: Partial<DigestSchedule> = {}): DigestSchedule => ({
  target,
  time: '09:00',
  timezone: 'Europe/Berlin',
  top: 5,
  minUpvotes: 0,
  days: 'weekdays',
  enabled: true,
  createdBy: 'u1',
  createdAt: '2026-08-01T00:00:00.000Z',
  ...over,
});
