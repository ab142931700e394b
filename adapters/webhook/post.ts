import { createHash, createHmac } from 'node:crypto';
import type { Secret } from '../../src/config.js';
import { DeliveryError } from '../../src/digest/sink.js';
import { errorFields, type Logger } from '../../src/logger.js';
import { sleep as realSleep } from '../../src/sleep.js';

/**
 * One signed POST, retried the way a receiver asks: 429 and 5xx wait (Retry-After when
 * given, else an exponential backoff) and try again; 410 Gone means the receiver is
 * gone for good. What is still failing after the inline tries goes back to the digest
 * fan-out as a DeliveryError, which retries later through the ledger.
 *
 * Every POST carries:
 *   X-Paperboy-Timestamp   seconds since the epoch
 *   X-Paperboy-Signature   sha256=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>
 *   Idempotency-Key        the same on every retry of one post, so a receiver that saw
 *                          a post whose answer was lost can drop the repeat
 * The secret and the URL's path and query (which often hold a token) are never logged.
 */
export interface PostOptions {
  url: string;
  secret: Secret;
  timeoutMs: number;
  logger: Logger;
  /** Tries per post before handing back to the fan-out (default 4) */
  attempts?: number;
  /** Longest single wait done inline; a longer Retry-After goes back to the fan-out (default 30 s) */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const SIGNATURE_HEADER = 'x-paperboy-signature';
export const TIMESTAMP_HEADER = 'x-paperboy-timestamp';

/** What a receiver computes to check a POST (and what tests verify against). */
export const signatureOf = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** An opaque key from the ledger's idempotency key: stable, and it does not spell out ids. */
export const deliveryIdOf = (idempotencyKey: string): string =>
  createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);

export function createPoster(options: PostOptions): (body: unknown, idempotencyKey: string) => Promise<void> {
  const attempts = options.attempts ?? 4;
  const maxWait = options.maxInlineWaitMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => realSleep(ms, { unref: true }));
  const now = options.now ?? Date.now;
  const origin = new URL(options.url).origin;

  async function once(text: string, key: string): Promise<Response | Error> {
    const timestamp = String(Math.floor(now() / 1000));
    try {
      return await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Paperboy-Webhook/1',
          'idempotency-key': key,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signatureOf(options.secret.reveal(), timestamp, text),
        },
        body: text,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  return async (body, idempotencyKey) => {
    const text = JSON.stringify(body);
    const key = deliveryIdOf(idempotencyKey);
    for (let attempt = 1; ; attempt++) {
      const res = await once(text, key);
      // Drain the body: an unread one keeps the connection (and the receiver) waiting.
      if (!(res instanceof Error)) await res.arrayBuffer().catch(() => undefined);
      const failure = classify(res, origin, now());
      if (!failure) return;
      const last = attempt >= attempts;
      if (!failure.inline || last || (failure.waitMs ?? 0) > maxWait) throw failure.error;
      const wait = failure.waitMs ?? Math.min(maxWait, 500 * 2 ** (attempt - 1));
      options.logger.warn('webhook: post failed, retrying', {
        to: origin,
        attempt,
        waitMs: wait,
        ...(res instanceof Error ? errorFields(res) : { status: res.status }),
      });
      await sleep(wait);
    }
  };
}

interface Failure {
  kind: DeliveryError['kind'];
  error: DeliveryError;
  /** Worth trying again now (429, 5xx, no answer); a 410 or another 4xx is not */
  inline: boolean;
  /** The receiver said how long to wait (Retry-After) */
  waitMs?: number;
}

function classify(res: Response | Error, origin: string, nowMs: number): Failure | undefined {
  if (res instanceof Error) {
    const error = new DeliveryError('transient', `the webhook at ${origin} could not be reached (${res.name})`);
    return { kind: 'transient', error, inline: true };
  }
  if (res.status >= 200 && res.status < 300) return undefined;
  if (res.status === 410) {
    // 410: the receiver says this hook is gone for good; the digest is switched off.
    return {
      kind: 'gone',
      inline: false,
      error: new DeliveryError('gone', `the webhook at ${origin} answered 410 Gone`),
    };
  }
  const waitMs = retryAfterMs(res.headers.get('retry-after'), nowMs);
  if (res.status === 429) {
    const error = new DeliveryError('rate_limited', `the webhook at ${origin} answered 429`, waitMs ?? 1000);
    return { kind: 'rate_limited', error, inline: true, ...(waitMs !== undefined ? { waitMs } : {}) };
  }
  const error = new DeliveryError(
    'transient',
    res.status >= 500
      ? `the webhook at ${origin} answered HTTP ${res.status}`
      : `the webhook at ${origin} refused the post (HTTP ${res.status}); check PAPERBOY_WEBHOOK_URL and the receiver's secret`,
  );
  const server = res.status >= 500;
  return { kind: 'transient', error, inline: server, ...(waitMs !== undefined && server ? { waitMs } : {}) };
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d{1,7}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
