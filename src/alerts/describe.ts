/**
 * What the three alert commands (alert, alerts, unalert) share: how an alert is
 * described, how a person's "#2" or topic text finds one, and the one-line budget note.
 */
import { normalizeTopicText } from '../topics/topic-key.js';
import type { Alert } from '../store/alert-types.js';
import { ALERT_POLL_INTERVAL_MS, ALERT_REQUESTS_PER_POLL, describeQuiet } from './settings.js';

const POLL_MINUTES = ALERT_POLL_INTERVAL_MS / 60_000;

/** For help and replies: how often Paperboy looks, and what it costs Hugging Face. */
export const POLL_NOTE = `Paperboy looks at Hugging Face every ${POLL_MINUTES} minutes — one look for every alert, at most ${ALERT_REQUESTS_PER_POLL} requests, far inside its limit of 500 per 5 minutes.`;

/** "as soon as it is listed" / "once it has 50 upvotes", and quiet hours when set. */
export function describeAlert(a: Alert): string {
  const when = a.minUpvotes > 0 ? `once it has ${a.minUpvotes} upvotes` : 'as soon as it is listed';
  return a.quiet ? `${when} · ${describeQuiet(a.quiet, a.timezone)}` : when;
}

/** The alert a person means by "#3", "3" or the topic text; undefined if none. */
export function findAlert(alerts: readonly Alert[], ref: string): Alert | undefined {
  const number = /^#?\s*(\d{1,3})$/.exec(ref.trim());
  if (number) return alerts[Number(number[1]) - 1];
  const wanted = normalizeTopicText(ref);
  return alerts.find((a) => a.key === wanted);
}

export { POLL_MINUTES };
