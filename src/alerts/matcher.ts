/**
 * Which alerts a poll's papers match, through one TopicIndex over every running alert
 * (the index the bench's topic row measures). The index is built when the set of alerts
 * changes and reused by every poll in between.
 */
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import type { Alert } from '../store/alert-types.js';
import { compileTopic, TopicIndex, type MatchReason } from '../topics/index.js';

export interface AlertHit {
  alert: Alert;
  paper: Paper;
  why: readonly MatchReason[];
}

export class AlertMatcher {
  #signature: string | undefined;
  #index: TopicIndex | undefined;
  #byId = new Map<string, Alert>();
  /** Alerts whose stored topic no longer compiles: logged once each */
  readonly #broken = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /** Every (alert, paper) pair that matches, for the alerts given (rebuilding the index only when they changed). */
  match(alerts: readonly Alert[], papers: readonly Paper[]): AlertHit[] {
    const index = this.#indexFor(alerts);
    // Settings other than the topic may differ between polls: use this poll's records.
    const current = new Map(alerts.map((a) => [a.id, a]));
    if (papers.length === 0 || index.entries.length === 0) return [];
    const hits: AlertHit[] = [];
    for (const [id, list] of index.match(papers)) {
      const alert = this.#byId.has(id) ? current.get(id) : undefined;
      if (alert) for (const hit of list) hits.push({ alert, paper: hit.paper, why: hit.why });
    }
    return hits;
  }

  /** True when the last `match` had to build a new index (for tests and logs). */
  rebuilt = false;

  #indexFor(alerts: readonly Alert[]): TopicIndex {
    const signature = alerts.map((a) => `${a.id}\u0000${a.topic}`).join('\u0001');
    this.rebuilt = signature !== this.#signature || !this.#index;
    if (!this.rebuilt) return this.#index!;
    const entries = [];
    this.#byId = new Map();
    for (const alert of alerts) {
      try {
        entries.push({ id: alert.id, topic: compileTopic(alert.topic) });
        this.#byId.set(alert.id, alert);
      } catch (err) {
        if (!this.#broken.has(alert.id)) {
          this.#broken.add(alert.id);
          this.logger.warn('alerts: ignoring an alert whose topic does not compile', {
            alert: alert.id,
            error: String(err),
          });
        }
      }
    }
    this.#signature = signature;
    this.#index = new TopicIndex(entries);
    return this.#index;
  }
}
