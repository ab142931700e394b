import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../src/logger.js';
import type { ReplayGuard } from '../../src/replay-guard.js';

/**
 * Checks in front of Bolt's HTTP receiver, for what Bolt does not check: a request
 * timestamp in the future (Bolt refuses only the past side), a signed request replayed
 * within its window, and the size of the body (Bolt reads up to 4 MB; Slack's own slash
 * commands and button clicks are a few kB). The body is read once, here, and handed to
 * Bolt as `rawBody`, which Bolt uses instead of reading the stream again.
 */
export const SLACK_REQUEST_LIMITS = {
  /** Bodies above this are answered 413 unread: Slack's payloads are far smaller. */
  maxBodyBytes: 64 * 1024,
  /** How far a request timestamp may be from our clock, either way (Slack's own rule). */
  maxSkewSeconds: 5 * 60,
} as const;

export interface RequestGuardOptions {
  signingSecret: string;
  replays: ReplayGuard;
  logger: Logger;
  /** The paths Bolt answers events on (default /slack/events) */
  endpoints?: readonly string[];
  maxBodyBytes?: number;
  now?: () => number;
}

type Refusal = { status: 401 | 413; reason: string };

export function guardSlackRequests(inner: RequestListener, options: RequestGuardOptions): RequestListener {
  const endpoints = new Set(options.endpoints ?? ['/slack/events']);
  const maxBody = options.maxBodyBytes ?? SLACK_REQUEST_LIMITS.maxBodyBytes;
  const now = options.now ?? Date.now;

  const refuse = (res: ServerResponse, refusal: Refusal): void => {
    options.logger.warn('slack request refused', refusal);
    // Close the connection: the rest of an oversized body is not worth reading.
    res.writeHead(refusal.status, { connection: 'close', 'content-type': 'text/plain' });
    res.end(refusal.status === 413 ? 'request body too large' : 'request not accepted');
  };

  async function check(req: IncomingMessage): Promise<Refusal | Buffer> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) return { status: 413, reason: `content-length ${declared} > ${maxBody}` };
    const body = await readCapped(req, maxBody);
    if (!body) return { status: 413, reason: `body over ${maxBody} bytes` };
    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    // ssl_check pings come unsigned; Bolt answers them and strips anything else in them.
    if (!signature && /^ssl_check=1(&|$)/.test(body.toString('latin1'))) return body;
    if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { status: 401, reason: 'bad timestamp' };
    const skew = Number(timestamp) - Math.floor(now() / 1000);
    if (Math.abs(skew) > SLACK_REQUEST_LIMITS.maxSkewSeconds) {
      return { status: 401, reason: skew > 0 ? 'timestamp in the future' : 'timestamp too old' };
    }
    if (!signature || !validSignature(options.signingSecret, timestamp, body, signature)) {
      return { status: 401, reason: 'bad signature' };
    }
    // Remember the signature for as long as its timestamp would be accepted.
    const ttlMs = (Number(timestamp) + SLACK_REQUEST_LIMITS.maxSkewSeconds) * 1000 - now() + 1000;
    if (!(await options.replays.firstSeen(`slack-signature:${signature}`, ttlMs))) {
      return { status: 401, reason: 'replayed request' };
    }
    return body;
  }

  return (req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method !== 'POST' || !endpoints.has(path)) return inner(req, res);
    check(req).then(
      (outcome) => {
        if (!Buffer.isBuffer(outcome)) return refuse(res, outcome);
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = outcome;
        inner(req, res);
      },
      (err: unknown) => {
        options.logger.warn('slack request could not be read', { error: (err as Error).message });
        if (!res.headersSent) refuse(res, { status: 401, reason: 'unreadable request' });
      },
    );
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function validSignature(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The whole body, or undefined as soon as it passes `max` bytes (the rest is left unread). */
function readCapped(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
