import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { addDays, isoWeekOf } from '../../src/papers/days.js';
import { trendingOrder } from './trending-order.js';

/**
 * A loopback stand-in for huggingface.co serving recorded /api/daily_papers bodies.
 * It honours `limit` and `p` like the real API, builds week/month/search/paper answers
 * from the same files, answers unknown ids with HF's real 404 body, and plays queued
 * faults (500, 429 + Retry-After, hang, truncated JSON) before normal service.
 * `sort=trending` orders a period by the stand-in of trending-order.ts; without a period
 * it serves the list set by setTrending (e.g. the recorded fixture), or else the last
 * seven days in that order.
 */

export const SAMPLE_DIR = fileURLToPath(new URL('../../samples/hf/', import.meta.url));
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const NOT_FOUND_BODY = readFileSync(`${FIXTURE_DIR}error-not-found.sample.json`, 'utf8');

export type Fault =
  | { kind: 'status'; status: number; body?: string }
  | { kind: '429'; retryAfter?: string }
  | { kind: 'hang' }
  | { kind: 'truncate' }
  | { kind: 'body'; body: string };

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

type Item = { paper: { id: string; title: string; summary: string; upvotes: number; ai_keywords?: string[] } } & Record<
  string,
  unknown
>;

export class FakeHf {
  readonly requests: SeenRequest[] = [];
  readonly #days = new Map<string, Item[]>();
  readonly #faults: Fault[] = [];
  #trending: Item[] | undefined;
  readonly #papers = new Map<string, unknown>();
  readonly #server: Server;
  #url = '';

  constructor(dirs: string[] = [SAMPLE_DIR]) {
    for (const dir of dirs) {
      for (const f of readdirSync(dir)) {
        const m = /^daily_papers-(\d{4}-\d{2}-\d{2})\.json$/.exec(f);
        if (m) this.#days.set(m[1]!, JSON.parse(readFileSync(dir + f, 'utf8')) as Item[]);
      }
    }
    this.#server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.requests.push({ path: u.pathname, query: u.searchParams, headers: req.headers });
      const fault = this.#faults.shift();
      if (fault) return this.#fail(fault, res);
      this.#serve(u, res);
    });
  }

  get url(): string {
    return this.#url;
  }

  /** Replace one day's list (e.g. to simulate upvotes changing on the open day). */
  setDay(date: string, items: unknown[]): void {
    this.#days.set(date, items as Item[]);
  }
  day(date: string): Item[] {
    return this.#days.get(date) ?? [];
  }
  /** What `sort=trending` without a date answers (in this order). */
  setTrending(items: unknown[]): void {
    this.#trending = items as Item[];
  }
  /** The body /api/papers/{id} answers for this id (e.g. a recorded paper page with linked models). */
  setPaper(id: string, body: unknown): void {
    this.#papers.set(id, body);
  }
  /** Faults are played, in order, on the next requests. */
  queue(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }
  count(path: string, param?: [string, string]): number {
    return this.requests.filter((r) => r.path === path && (!param || r.query.get(param[0]) === param[1])).length;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections(); // hung requests would keep close() waiting
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #json(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  }

  #fail(fault: Fault, res: ServerResponse): void {
    switch (fault.kind) {
      case 'status':
        return this.#json(res, fault.status, fault.body ?? '{"error":"Internal Error"}');
      case '429':
        res.writeHead(429, {
          'content-type': 'application/json',
          ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        });
        return void res.end('{"error":"You have exceeded our rate limit"}');
      case 'hang':
        return; // never answer; the client's timeout must fire
      case 'truncate':
        return this.#json(res, 200, JSON.stringify(this.day('2026-08-21')).slice(0, 5000));
      case 'body':
        return this.#json(res, 200, fault.body);
    }
  }

  #serve(u: URL, res: ServerResponse): void {
    if (u.pathname === '/api/daily_papers') {
      const q = u.searchParams;
      const dates = [...this.#days.keys()].sort();
      let chosen: string[];
      if (q.has('date')) chosen = [q.get('date')!];
      else if (q.has('week')) chosen = dates.filter((d) => isoWeekOf(d) === q.get('week'));
      else if (q.has('month')) chosen = dates.filter((d) => d.startsWith(`${q.get('month')}-`));
      else chosen = q.get('sort') === 'trending' ? dates.slice(-5) : [dates.at(-1)!];
      let items = chosen.flatMap((d) => this.day(d));
      if (q.get('sort') === 'trending') {
        const period = q.has('date') || q.has('week') || q.has('month');
        const at = new Date(`${addDays(chosen.at(-1) ?? dates.at(-1)!, 1)}T00:00:00Z`);
        items = !period && this.#trending ? this.#trending : trendingOrder(items, at);
      }
      const limit = Math.min(100, Number(q.get('limit') ?? 50));
      const page = Number(q.get('p') ?? 0);
      return this.#json(res, 200, JSON.stringify(items.slice(page * limit, (page + 1) * limit)));
    }
    if (u.pathname === '/api/papers/search') {
      const words = (u.searchParams.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const hits = [...this.#days.values()].flat().filter((i) => {
        const text = `${i.paper.title} ${i.paper.summary} ${(i.paper.ai_keywords ?? []).join(' ')}`.toLowerCase();
        return words.length > 0 && words.every((w) => text.includes(w));
      });
      return this.#json(res, 200, JSON.stringify(hits.slice(0, 50)));
    }
    const m = /^\/api\/papers\/([^/]+)$/.exec(u.pathname);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      if (this.#papers.has(id)) return this.#json(res, 200, JSON.stringify(this.#papers.get(id)));
      const hit = [...this.#days.values()].flat().find((i) => i.paper.id === id);
      // /api/papers/{id} answers with the flat paper object.
      return hit ? this.#json(res, 200, JSON.stringify(hit.paper)) : this.#json(res, 404, NOT_FOUND_BODY);
    }
    this.#json(res, 404, NOT_FOUND_BODY);
  }
}
