/**
 * The clock that starts digests. node-cron ticks once a minute; each tick asks the pure
 * planner which schedules have a passed, unserved slot and hands those to the fan-out.
 * Because the question is "who is due and not yet served?", a tick skipped by a DST gap
 * or by downtime costs nothing: the next tick (or the one run at start-up) catches up.
 */
import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import { errorFields, type Logger } from '../logger.js';
import { addDays, utcToday } from '../papers/days.js';
import { deliverAll, recordExpired, type DeliveryReport, type FanoutDeps } from '../digest/fanout.js';
import { DEFAULT_CATCH_UP_DAYS, isServed, newestListOf, passedSlots, planDeliveries } from '../digest/planner.js';
import type { Delivery, DigestSchedule } from '../store/store.js';

export interface SchedulerDeps extends FanoutDeps {
  catchUpDays?: number;
  /** node-cron task name (shows in its registry and logs) */
  name?: string;
}

export interface TickReport {
  at: Date;
  reports: DeliveryReport[];
  expired: number;
}

export interface DigestScheduler {
  /**
   * Starts ticking: one tick at once (catch-up after downtime, in the background, so
   * start-up is not held up by it), then one every minute.
   */
  start(): void;
  /** Resolves when no tick is running (tests; orderly shutdown). */
  idle(): Promise<void>;
  /** Stops ticking and waits for a running tick to finish. */
  stop(): Promise<void>;
  /** One planning + delivery pass; skipped (undefined) while another pass runs. */
  tick(): Promise<TickReport | undefined>;
}

/** Ledger rows old enough to cover every slot the planner looks at. */
const LEDGER_LOOKBACK_DAYS = 16;

export function createScheduler(deps: SchedulerDeps): DigestScheduler {
  let task: ScheduledTask | undefined;
  let running: Promise<TickReport> | undefined;
  // Waits (backoff, Retry-After, Hugging Face outages) end early on stop(): the ledger
  // makes an interrupted delivery resume later, so shutdown need not sit them out.
  let stopping = false;
  const cancels = new Set<() => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (stopping) return reject(new Error('digest scheduler stopping'));
      const timer = setTimeout(() => {
        cancels.delete(cancel);
        resolve();
      }, ms);
      const cancel = (): void => {
        clearTimeout(timer);
        reject(new Error('digest scheduler stopping'));
      };
      cancels.add(cancel);
    });
  const fanoutDeps: SchedulerDeps = { sleep, ...deps };

  const pass = async (): Promise<TickReport> => {
    const now = deps.now();
    const newestList = newestListOf(deps.papers.today(now), now);
    const from = addDays(newestList ?? utcToday(now), -LEDGER_LOOKBACK_DAYS);
    const schedules: DigestSchedule[] = [];
    const rows: Delivery[] = [];
    for (const s of await deps.store.digests.list()) {
      if (!s.enabled || s.disabled) continue;
      // Most minutes every schedule is up to date: one ledger lookup proves it.
      const current = passedSlots(now, s, newestList, 1)[0];
      if (!current) continue;
      const row = await deps.store.deliveries.get(s.target, current.listDate);
      if (row && isServed(row)) continue;
      schedules.push(s);
      rows.push(...(await deps.store.deliveries.since(s.target, from)));
    }
    const plan = planDeliveries(now, schedules, rows, {
      catchUpDays: deps.catchUpDays ?? DEFAULT_CATCH_UP_DAYS,
      ...(newestList ? { newestList } : {}),
    });
    await recordExpired(plan.expired, deps);
    const jobs = plan.due.map((d) => ({
      target: d.target,
      listDate: d.listDate,
      settings: { top: d.schedule.top, minUpvotes: d.schedule.minUpvotes },
    }));
    const reports = jobs.length > 0 ? await deliverAll(jobs, fanoutDeps) : [];
    return { at: now, reports, expired: plan.expired.length };
  };

  const tick = async (): Promise<TickReport | undefined> => {
    if (running) return undefined;
    running = pass();
    try {
      return await running;
    } catch (err) {
      // A broken tick (store unreadable, a bug) must not kill the clock; the next one retries.
      deps.logger.error('digest scheduler: tick failed', errorFields(err));
      return undefined;
    } finally {
      running = undefined;
    }
  };

  return {
    start() {
      if (task) return;
      stopping = false;
      task = cronSchedule(
        '* * * * *',
        async () => {
          await tick();
        },
        {
          name: deps.name ?? 'paperboy-digests',
          noOverlap: true,
          logger: cronLogger(deps.logger),
        },
      );
      void tick();
    },
    async idle() {
      if (running) await running.catch(() => undefined);
    },
    async stop() {
      const t = task;
      task = undefined;
      stopping = true;
      for (const cancel of cancels) cancel();
      cancels.clear();
      if (t) await t.destroy();
      if (running) await running.catch(() => undefined);
    },
    tick,
  };
}

/** node-cron's own warnings (missed executions) go to our logger, never to the console. */
function cronLogger(logger: Logger) {
  const text = (m: unknown): string => (m instanceof Error ? m.message : String(m));
  return {
    info: (m: string) => logger.info(`node-cron: ${m}`),
    warn: (m: string) => logger.warn(`node-cron: ${m}`),
    error: (m: string | Error, e?: Error) => logger.error(`node-cron: ${text(m)}`, e ? errorFields(e) : undefined),
    debug: (m: string | Error) => logger.debug(`node-cron: ${text(m)}`),
  };
}
