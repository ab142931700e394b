/**
 * What /readyz reports: one entry per component (each platform, the store, Hugging
 * Face), each from a check the composition root registers as the part comes up.
 * Paperboy is ready when no component is `starting` or `down`; `degraded` is reported
 * in the body but still ready — a Hugging Face outage is that: every instance shares it,
 * the cache keeps answering, and an instance taken out of service could not even say
 * "Hugging Face isn't answering".
 */
export type ComponentStatus = 'starting' | 'up' | 'degraded' | 'down';

export interface ComponentReport {
  status: ComponentStatus;
  /** One sentence for the operator */
  detail?: string;
  /** Anything else worth showing (shards, cached lists, …); plain JSON */
  [extra: string]: unknown;
}

export type ComponentCheck = () => ComponentReport | Promise<ComponentReport>;

export interface ReadinessReport {
  ready: boolean;
  components: Record<string, ComponentReport>;
}

/** A check that takes longer than this counts as down (a hung database must not hang /readyz). */
export const CHECK_TIMEOUT_MS = 2_000;

export class Readiness {
  readonly #checks = new Map<string, ComponentCheck>();
  #stopping = false;

  /** Register (or replace) a component's check; a fixed report is a check too. */
  set(name: string, check: ComponentCheck | ComponentReport): void {
    this.#checks.set(name, typeof check === 'function' ? check : () => check);
  }

  /** From now on not ready: the process is shutting down (load balancers stop sending). */
  stopping(): void {
    this.#stopping = true;
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]) => [name, await runCheck(check)] as const),
    );
    const components = Object.fromEntries(entries);
    if (this.#stopping) components.paperboy = { status: 'down', detail: 'shutting down' };
    const ready =
      entries.length > 0 && Object.values(components).every((c) => c.status === 'up' || c.status === 'degraded');
    return { ready, components };
  }
}

async function runCheck(check: ComponentCheck): Promise<ComponentReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ComponentReport>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', detail: `its check did not answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (err) {
    return { status: 'down', detail: `its check failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}
