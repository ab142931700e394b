import type { Services } from './command.js';
import { createDigestService } from './digest/service.js';
import type { DigestSink } from './digest/sink.js';
import type { FanoutDeps } from './digest/fanout.js';

/** What the services are made of; the composition root and the tests build them the same way. */
export interface ServiceParts extends Omit<Services, 'digest'> {
  /** Where digests go; adapters add theirs as they start (the list is read per delivery) */
  sinks?: DigestSink[];
  /** Fan-out tuning (leases, concurrency, waits), for tests and the bench */
  fanout?: Partial<Omit<FanoutDeps, 'store' | 'papers' | 'sinks' | 'logger' | 'now'>>;
}

export function createServices(parts: ServiceParts): Services & { sinks: DigestSink[] } {
  const { sinks = [], fanout, ...services } = parts;
  const digest = createDigestService({
    ...fanout,
    store: parts.store,
    papers: parts.papers,
    logger: parts.logger,
    now: parts.now,
    sinks,
  });
  return { ...services, digest, sinks };
}
