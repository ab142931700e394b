/**
 * One (place, list) delivered exactly once, however many processes try at the same time
 * and wherever one of them dies. The ledger row is the only truth:
 *   1. claim the row (store: one claimer wins; a dead claimer's lease expires and the row
 *      is taken over, with the same plan and the same thread),
 *   2. plan: fix the chosen paper ids (or record "skipped" with the reason),
 *   3. post the parent (idempotency key `${place}:${list}:parent`), record parent and thread,
 *   4. post each paper (key `${place}:${list}:${paperId}`), recording after each one,
 *   5. mark the row done.
 * Every write is compare-and-set on the version read and renews the lease, so an owner
 * that lost its lease stops at its next write instead of posting alongside the new one.
 *
 * A post that succeeded just before a crash is "in doubt" when the row is taken over:
 * sinks with an idempotency key (Discord's enforce_nonce) absorb the retry; sinks
 * without one (Slack) are asked to look for the message first (`findPosted`).
 */
import { targetKey, type Target } from '../caller.js';
import type { Logger } from '../logger.js';
import { toCard } from '../papers/cards.js';
import type { Paper } from '../papers/paper.js';
import type { PaperSource } from '../papers/source.js';
import { isStoreError } from '../store/store-error.js';
import type { Delivery, Lease, Store } from '../store/store.js';
import {
  compileTopics,
  digestHeader,
  matchTopics,
  repeatWindowStart,
  selectDigest,
  type DigestSettings,
} from './content.js';
import { DeliveryError, type DigestSink, type PostedParent } from './sink.js';
import { likeLines, savedForDigest } from './foryou.js';

export interface DeliveryJob {
  target: Target;
  listDate: string;
  settings: DigestSettings;
}

export type DeliveryOutcome =
  | 'delivered'
  | 'already_delivered'
  | 'in_progress'
  | 'skipped'
  | 'gone'
  | 'failed'
  /** Nothing in this process can post to the target's platform */
  | 'no_platform';

export interface DeliveryReport {
  target: Target;
  listDate: string;
  outcome: DeliveryOutcome;
  /** Papers in the digest, and how many are confirmed posted */
  total: number;
  posted: number;
  threadId?: string;
  /** The sink puts papers in a thread (DigestSink.threaded) */
  threaded?: boolean;
  note?: string;
  /** The row was final before this call: the outcome and note are from an earlier run */
  earlier?: boolean;
}

/** What one delivery needs; the fan-out adds its waits and retries (fanout.ts). */
export interface DeliveryDeps {
  store: Store;
  papers: PaperSource;
  sinks: readonly DigestSink[];
  logger: Logger;
  now: () => Date;
  /** This process's name in leases, unique per process; each run adds its own number */
  owner: string;
  leaseMs: number;
  /** Runs one post with retries; keeps the lease alive while it waits */
  retrying<T>(platform: string, op: () => Promise<T>, keepAlive: () => Promise<void>): Promise<T>;
}

export class UpstreamUnavailable extends Error {}

export const parentKey = (target: Target, listDate: string): string => `${targetKey(target)}:${listDate}:parent`;
export const paperKey = (target: Target, listDate: string, paperId: string): string =>
  `${targetKey(target)}:${listDate}:${paperId}`;

/**
 * Papers a target got (or is getting) from other lists in the window. A failed row (the
 * target went away mid-thread) counts only what was really posted.
 */
export const recentlySentIds = (rows: readonly Delivery[], listDate: string): Set<string> =>
  new Set(rows.filter((r) => r.listDate !== listDate).flatMap((r) => (r.state === 'failed' ? r.posted : r.paperIds)));

const reportOf = (row: Delivery, outcome: DeliveryOutcome, note?: string): DeliveryReport => ({
  target: row.target,
  listDate: row.listDate,
  outcome,
  total: row.paperIds.length,
  posted: row.posted.length,
  ...(row.threadId ? { threadId: row.threadId } : {}),
  ...((note ?? row.note) ? { note: note ?? row.note } : {}),
});

/** Deliver one (target, list) through the ledger; safe to call again, from any process, after any crash. */
export async function deliverOne(
  job: DeliveryJob,
  deps: DeliveryDeps,
  fetchList: (listDate: string) => Promise<Paper[]>,
): Promise<DeliveryReport> {
  const { target, listDate } = job;
  const sink = deps.sinks.find((s) => s.platform === target.platform);
  if (!sink) {
    return {
      target,
      listDate,
      outcome: 'no_platform',
      total: 0,
      posted: 0,
      note: `No ${target.platform} connection is running to deliver to.`,
    };
  }
  // Each run is its own owner: a `digest now` and a tick in one process are as apart as two machines.
  const owner = `${deps.owner}#${++runs}`;
  const claim = await deps.store.deliveries.claim(target, listDate, lease(deps, owner));
  if (claim.status === 'served') {
    return { ...reportOf(claim.row, claim.row.state === 'done' ? 'already_delivered' : 'skipped'), earlier: true };
  }
  if (claim.status === 'busy') return reportOf(claim.row, 'in_progress', 'It is being delivered right now.');
  const run = new Run(claim.row, deps, owner, sink, !claim.fresh);
  try {
    return await run.deliver(job, fetchList);
  } catch (err) {
    return run.interrupted(err);
  }
}

let runs = 0;
const lease = (deps: DeliveryDeps, owner: string, ms = deps.leaseMs): Lease => ({ owner, now: deps.now(), ms });

/** One claimed delivery, from plan to done. */
class Run {
  constructor(
    private row: Delivery,
    private readonly deps: DeliveryDeps,
    private readonly owner: string,
    private readonly sink: DigestSink,
    /** The row was taken over: its first pending post may already have happened */
    private inDoubt: boolean,
  ) {}

  private async write(change: Partial<Delivery>, leaseMs?: number): Promise<void> {
    this.row = await this.deps.store.deliveries.update(
      { ...this.row, ...change },
      lease(this.deps, this.owner, leaseMs),
    );
  }

  private readonly keepAlive = (): Promise<void> => this.write({});

  async deliver(job: DeliveryJob, fetchList: (listDate: string) => Promise<Paper[]>): Promise<DeliveryReport> {
    const { target, listDate } = this.row;
    const list = await fetchList(listDate);
    const topics = compileTopics(await this.deps.store.subscriptions.list(target), this.deps.logger);
    const saved = await savedForDigest(this.deps.store, target, job.settings);
    if (this.row.state === 'claimed') {
      const recent = await this.deps.store.deliveries.since(target, repeatWindowStart(listDate));
      const selection = selectDigest({
        listDate,
        papers: list,
        settings: job.settings,
        topics,
        recentlySent: recentlySentIds(recent, listDate),
        ...(saved ? { saved } : {}),
      });
      if (selection.emptyReason) {
        await this.write({ state: 'skipped', note: selection.emptyReason });
        this.deps.logger.info('digest: nothing to send, skipped', {
          target: targetKey(target),
          listDate,
          reason: selection.emptyReason,
        });
        return this.finish('skipped');
      }
      await this.write({ state: 'planned', paperIds: selection.chosen.map((c) => c.paper.id) });
    }
    const parent = await this.parent(list, job, topics, saved);
    const byId = new Map(list.map((p) => [p.id, p]));
    const likes = saved ? likeLines(list, saved) : undefined;
    for (const [i, id] of this.row.paperIds.entries()) {
      if (this.row.posted.includes(id)) continue;
      const paper = byId.get(id) ?? (await this.deps.papers.paper(id)).value;
      if (!paper) {
        // A closed list does not lose papers; if Hugging Face did, say so rather than loop.
        this.deps.logger.error('digest: a planned paper is no longer on Hugging Face', {
          target: targetKey(target),
          listDate,
          paperId: id,
        });
        continue;
      }
      const why = [topics.length > 0 ? matchTopics(paper, topics) : undefined, likes?.get(id)].filter(Boolean);
      const card = toCard(paper, i + 1, why.length ? why.join(' · ') : undefined);
      const key = paperKey(target, listDate, id);
      const found = this.inDoubt ? await this.sink.findPosted?.(target, parent, key) : undefined;
      if (!found)
        await this.deps.retrying(
          this.sink.platform,
          () => this.sink.postPaper(target, parent, card, key),
          this.keepAlive,
        );
      this.inDoubt = false;
      await this.write({ posted: [...this.row.posted, id] });
    }
    await this.write({ state: 'done' });
    this.deps.logger.info('digest: delivered', { target: targetKey(target), listDate, papers: this.row.posted.length });
    await this.announceFinished(parent);
    return { ...(await this.finish('delivered')), ...(this.sink.threaded ? { threaded: true } : {}) };
  }

  private async parent(
    list: Paper[],
    job: DeliveryJob,
    topics: ReturnType<typeof compileTopics>,
    saved: Paper[] | undefined,
  ): Promise<PostedParent> {
    const { target, listDate } = this.row;
    if (this.row.parentId && this.row.threadId) return { parentId: this.row.parentId, threadId: this.row.threadId };
    const full = selectDigest({
      listDate,
      papers: list,
      settings: job.settings,
      topics,
      recentlySent: new Set(),
      ...(saved ? { saved } : {}),
    });
    const key = parentKey(target, listDate);
    const found = this.inDoubt ? await this.sink.findPosted?.(target, undefined, key) : undefined;
    const parent =
      found ??
      (await this.deps.retrying(
        this.sink.platform,
        () => this.sink.postParent(target, digestHeader(full, this.row.paperIds.length), key),
        this.keepAlive,
      ));
    this.inDoubt = false;
    await this.write({ parentId: parent.parentId, threadId: parent.threadId, state: 'posting' });
    return parent;
  }

  /** The sink's "digest finished" call; a failure is logged, never undoes the delivery. */
  private async announceFinished(parent: PostedParent): Promise<void> {
    if (!this.sink.finished) return;
    const { target, listDate } = this.row;
    const summary = { listDate, posted: this.row.posted.length, total: this.row.paperIds.length };
    try {
      await this.sink.finished(target, parent, summary, `${targetKey(target)}:${listDate}:finished`);
    } catch (err) {
      this.deps.logger.warn('digest: the sink could not close the digest off', {
        target: targetKey(target),
        listDate,
        error: String(err),
      });
    }
  }

  /** A final state: the schedule remembers it, so `digest status` can say so after the ledger is pruned. */
  private async finish(outcome: DeliveryOutcome): Promise<DeliveryReport> {
    const r = this.row;
    const last = {
      listDate: r.listDate,
      state: r.state,
      posted: r.posted.length,
      total: r.paperIds.length,
      at: r.updatedAt,
      ...(r.note ? { note: r.note } : {}),
    };
    await this.deps.store.digests.patch(r.target, { last });
    return reportOf(r, outcome);
  }

  async interrupted(err: unknown): Promise<DeliveryReport> {
    const { target, listDate } = this.row;
    if (isStoreError(err) && err.code === 'lease_lost') {
      this.deps.logger.warn('digest: another instance took this delivery over; stopping here', {
        target: targetKey(target),
        listDate,
      });
      return reportOf(this.row, 'in_progress', 'Another Paperboy instance took it over.');
    }
    if (err instanceof DeliveryError && err.kind === 'gone') {
      await this.disableTarget(err.message);
      return reportOf(this.row, 'gone', err.message);
    }
    // Left as claimed/planned/posting and released (a lease of 0 ms), so the next run — a
    // tick, or the person trying `digest now` again — resumes it at once.
    await this.write({}, 0).catch(() => undefined);
    const note = err instanceof UpstreamUnavailable || err instanceof DeliveryError ? err.message : 'unexpected error';
    this.deps.logger.warn('digest: delivery interrupted, will resume on a later run', {
      target: targetKey(target),
      listDate,
      error: String(err),
    });
    return reportOf(this.row, 'failed', note);
  }

  private async disableTarget(reason: string): Promise<void> {
    const at = this.deps.now().toISOString();
    await this.deps.store.digests.patch(this.row.target, { disabled: { reason, at } });
    await this.write({ state: 'failed', note: `Target gone: ${reason}` }).catch((e: unknown) =>
      this.deps.logger.warn('digest: could not record the gone target in the ledger', { error: String(e) }),
    );
    await this.finish('gone');
    this.deps.logger.warn('digest: target is gone, digest disabled', { target: targetKey(this.row.target), reason });
  }
}
