import { recordStoreOperation, type Metrics } from '../metrics.js';
import type { Store } from './store.js';

type Repo = Record<string, unknown>;

/** Each async method of `repo`, timed into `store_seconds{operation="<name>.<method>"}`. */
function timed<T extends object>(name: string, repo: T, metrics: Metrics): T {
  const out: Repo = {};
  for (const [method, fn] of Object.entries(repo as Repo)) {
    if (typeof fn !== 'function') continue;
    const operation = `${name}.${method}`;
    out[method] = async (...args: unknown[]) => {
      const startedMs = performance.now();
      try {
        const value: unknown = await (fn as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
        recordStoreOperation(metrics, { operation, outcome: 'ok', startedMs });
        return value;
      } catch (err) {
        recordStoreOperation(metrics, { operation, outcome: 'error', startedMs });
        throw err;
      }
    };
  }
  return out as T;
}

/** The same store, with every operation's latency and outcome counted (for /metrics). */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  return {
    kind: store.kind,
    subscriptions: timed('subscriptions', store.subscriptions, metrics),
    saved: timed('saved', store.saved, metrics),
    digests: timed('digests', store.digests, metrics),
    deliveries: timed('deliveries', store.deliveries, metrics),
    once: timed('once', store.once, metrics),
    meta: timed('meta', store.meta, metrics),
    installations: timed('installations', store.installations, metrics),
    alerts: timed('alerts', store.alerts, metrics),
    alertLedger: timed('alertLedger', store.alertLedger, metrics),
    close: () => store.close(),
  };
}
