/**
 * The clock that starts digests. node-cron ticks once a minute; each tick asks the pure
 * planner which schedules have a passed, unserved slot and hands those to the fan-out.
 * Because the question is "who is due and not yet served?", a tick skipped by a DST gap
 * or by downtime costs nothing: the next tick (or the one run at start-up) catches up.
 */
import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import { errorFields, type Logger } from '../logger.js';
import { createAlertPoller, type AlertPollReport } from '../alerts/poller.js';
import { createTicker, type TickDeps, type TickReport as DigestTickReport } from '../digest/tick.js';

/** A digest pass, and the alert poll that ran after it when its interval had come round. */
export type TickReport = DigestTickReport & { alerts?: AlertPollReport };

export interface SchedulerDeps extends TickDeps {
  /** node-cron task name (shows in its registry and logs) */
  name?: string;
  /** node-cron expression of the ticks (default every minute; tests of several instances tick faster) */
  every?: string;
  /** How often alerts poll the list still filling (default every 5 minutes; see src/alerts/settings.ts) */
  alertPollEveryMs?: number;
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
  /**
   * One planning + delivery pass; undefined while this process runs another (a saving,
   * not a guarantee: other processes may tick at the same time, the ledger's claims keep
   * every delivery single).
   */
  tick(): Promise<TickReport | undefined>;
}

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
  const ticker = createTicker({ sleep, ...deps });
  const alerts = createAlertPoller({
    ...deps,
    ...(deps.alertPollEveryMs !== undefined ? { pollEveryMs: deps.alertPollEveryMs } : {}),
  });

  // Alerts ride the same tick (one clock, one "is a pass running" guard, one shutdown),
  // beside the digests rather than after them: a digest waiting out a Hugging Face
  // outage or a large fan-out must not hold alerts back.
  const pollAlerts = async (): Promise<AlertPollReport | undefined> => {
    try {
      return await alerts.maybePoll();
    } catch (err) {
      deps.logger.error('alerts: poll failed', errorFields(err));
      return undefined;
    }
  };
  const pass = async (): Promise<TickReport> => {
    const [report, polled] = await Promise.all([ticker.tick() as Promise<TickReport>, pollAlerts()]);
    if (polled) report.alerts = polled;
    return report;
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
        deps.every ?? '* * * * *',
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
