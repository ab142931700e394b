/**
 * The Metrics interface over prom-client, with its own registry (never the global one,
 * so two Paperboys in one test process do not share series). Imported lazily by the
 * composition root, only when the operations endpoint is on.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  METRIC_CATALOGUE,
  type CounterKey,
  type HistogramKey,
  type LabelsOf,
  type MetricKey,
  type Metrics,
} from '../metrics.js';
import type { ReadinessReport } from './readiness.js';

export interface PrometheusMetrics extends Metrics {
  readonly contentType: string;
  /** The text exposition format, as GET /metrics answers it */
  render(): Promise<string>;
  /** Adds paperboy_ready and paperboy_component_ready, computed from /readyz's report at scrape time */
  exposeReadiness(report: () => Promise<ReadinessReport>): void;
}

export function createPrometheusMetrics(options: { processMetrics?: boolean } = {}): PrometheusMetrics {
  const registry = new Registry();
  // Process CPU, memory, event-loop lag, GC: the first things to look at under load.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const counters = new Map<MetricKey, Counter>();
  const histograms = new Map<MetricKey, Histogram>();
  for (const [key, def] of Object.entries(METRIC_CATALOGUE) as [MetricKey, (typeof METRIC_CATALOGUE)[MetricKey]][]) {
    const common = { name: def.name, help: def.help, labelNames: [...def.labels], registers: [registry] };
    if (def.kind === 'counter') counters.set(key, new Counter(common));
    else histograms.set(key, new Histogram({ ...common, buckets: [...def.buckets] }));
  }

  return {
    contentType: registry.contentType,
    inc<K extends CounterKey>(key: K, labels: LabelsOf<K>, by = 1): void {
      counters.get(key)?.inc(labels, by);
    },
    observe<K extends HistogramKey>(key: K, labels: LabelsOf<K>, value: number): void {
      histograms.get(key)?.observe(labels, value);
    },
    render: () => registry.metrics(),
    exposeReadiness(report) {
      // One evaluation per scrape, shared by both gauges.
      let pending: Promise<ReadinessReport> | undefined;
      const once = (): Promise<ReadinessReport> =>
        (pending ??= report().finally(() => setTimeout(() => (pending = undefined), 0)));
      new Gauge({
        name: 'paperboy_ready',
        help: '1 when /readyz answers 200',
        registers: [registry],
        async collect() {
          this.set((await once()).ready ? 1 : 0);
        },
      });
      new Gauge({
        name: 'paperboy_component_ready',
        help: '1 when the component is up or degraded, 0 when starting or down',
        labelNames: ['component', 'status'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const [name, c] of Object.entries((await once()).components)) {
            this.set({ component: name, status: c.status }, c.status === 'up' || c.status === 'degraded' ? 1 : 0);
          }
        },
      });
    },
  };
}
