import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Discord's rate limits, enforced in front of FakeDiscord (which has none of its own):
 * - a global limit of `globalPerSecond` requests per second per bot, as a token bucket
 *   holding `globalPerSecond` tokens and refilling at that rate (interaction callbacks
 *   are exempt, as on Discord, and with `appId` the interaction webhooks too) — the most lenient reading of "50 per second"; a 429's
 *   Retry-After is the time until the bucket is full again;
 * - per-route buckets keyed by route and major parameter (the channel id), fixed
 *   windows of `routeLimit` requests per `routeWindowMs`, announced on every answer with
 *   X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket like Discord does;
 * - beyond either: 429 with Retry-After (and X-RateLimit-Global for the global one), and
 *   the request is NOT passed on, so a client that ignores it loses the post.
 * It proxies HTTP only; the gateway URL FakeDiscord hands out points at the fake itself.
 */
export interface RateLimitOptions {
  globalPerSecond?: number;
  /** The application id: its interaction webhooks are exempt from the global limit, as on Discord */
  appId?: string;
  routeLimit?: number;
  routeWindowMs?: number;
}

export interface RateLimitProxy {
  apiUrl: string;
  /** Requests passed on to the fake, and 429s answered, by scope */
  readonly stats: { forwarded: number; globalLimited: number; routeLimited: number };
  close(): Promise<void>;
}

const SNOWFLAKE = /\d{17,20}/g;

/**
 * "POST /channels/:id/messages" and its major parameter, as Discord buckets them: a
 * webhook's is its id and token (each interaction's followups are a bucket of their own).
 */
function routeOf(method: string, path: string): { route: string; major: string } {
  const webhook = /^\/webhooks\/(\d{17,20})\/([^/]+)/.exec(path);
  if (webhook) {
    const rest = path.slice(webhook[0].length).replace(SNOWFLAKE, ':id');
    return { route: `${method} /webhooks/:id/:token${rest}`, major: `${webhook[1]}/${webhook[2]}` };
  }
  const major = /^\/(?:channels|guilds)\/(\d{17,20})/.exec(path)?.[1] ?? 'global';
  return { route: `${method} ${path.replace(SNOWFLAKE, ':id')}`, major };
}

/** Interaction endpoints (the callback, and the original and followups under the app's webhook) are outside the global limit. */
const isInteractionEndpoint = (path: string, appId: string | undefined): boolean =>
  path.startsWith('/interactions/') || (appId !== undefined && path.startsWith(`/webhooks/${appId}/`));

export async function startRateLimitProxy(target: string, o: RateLimitOptions = {}): Promise<RateLimitProxy> {
  const upstream = new URL(target);
  const perSecond = o.globalPerSecond ?? 50;
  const routeLimit = o.routeLimit ?? 5;
  const routeWindowMs = o.routeWindowMs ?? 5000;
  let tokens = perSecond;
  let refilledAt = performance.now();
  const buckets = new Map<string, { remaining: number; resetAt: number }>();
  const stats = { forwarded: 0, globalLimited: 0, routeLimited: 0 };

  const takeGlobal = (): number => {
    const now = performance.now();
    tokens = Math.min(perSecond, tokens + ((now - refilledAt) / 1000) * perSecond);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    // Retry-After = until the bucket is full again: Discord's global window resets whole,
    // and clients (discord.js) resume with a full second's budget after waiting it out.
    return ((perSecond - tokens) / perSecond) * 1000;
  };

  const refuse = (
    res: ServerResponse,
    retryAfterMs: number,
    global: boolean,
    headers: Record<string, string> = {},
  ): void => {
    const seconds = Math.max(0.001, retryAfterMs / 1000).toFixed(3);
    res.writeHead(429, {
      'content-type': 'application/json',
      'retry-after': seconds,
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      ...headers,
    });
    res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: Number(seconds), global }));
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, extra: Record<string, string>): void => {
    stats.forwarded++;
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...extra });
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/api\/v\d+/, '');
      const exempt = path.startsWith('/interactions/');
      if (!isInteractionEndpoint(path, o.appId)) {
        const wait = takeGlobal();
        if (wait > 0) {
          stats.globalLimited++;
          return refuse(res, wait, true);
        }
      }
      const { route, major } = routeOf(method, path);
      const key = `${route} ${major}`;
      const now = Date.now();
      let bucket = buckets.get(key);
      if (!bucket || now >= bucket.resetAt)
        buckets.set(key, (bucket = { remaining: routeLimit, resetAt: now + routeWindowMs }));
      const hash = Buffer.from(route).toString('base64url').slice(0, 16);
      const headers = (remaining: number) => ({
        'x-ratelimit-limit': String(routeLimit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': (bucket!.resetAt / 1000).toFixed(3),
        'x-ratelimit-reset-after': ((bucket!.resetAt - now) / 1000).toFixed(3),
        'x-ratelimit-bucket': hash,
      });
      if (!exempt && bucket.remaining <= 0) {
        stats.routeLimited++;
        return refuse(res, bucket.resetAt - now, false, headers(0));
      }
      if (!exempt) bucket.remaining--;
      forward(req, res, Buffer.concat(chunks), exempt ? {} : headers(bucket.remaining));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
