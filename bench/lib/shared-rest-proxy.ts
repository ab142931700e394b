import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the shared Discord REST proxy the README names as the supported setup for
 * several instances (twilight-http-proxy, nirn-proxy): every instance's DISCORD_API_URL
 * points here, and it holds requests in one queue so that together they leave at no more
 * than `perSecond` (a token bucket refilled at `perSecond`, as Discord's global limit; interaction
 * answers — callbacks and the app's interaction webhooks — are exempt, as there). Per-route limits are left to each client, which sees
 * Discord's X-RateLimit headers passed back; the instances post to different channels
 * (each (place, list) is claimed by one), so their routes do not collide.
 * Bench-only: the real proxies are separate programs this machine cannot fetch.
 */
export interface SharedRestProxy {
  apiUrl: string;
  /**
   * Requests passed on (interaction callbacks excluded); posts = POSTs to channels (digest
   * messages and threads), with performance.now() of the first and the last
   */
  readonly stats: { forwarded: number; posts: number; firstPostAt: number; lastPostAt: number; longestWaitMs: number };
  close(): Promise<void>;
}

export async function startSharedRestProxy(
  target: string,
  { perSecond = 50, headroom = 25, appId }: { perSecond?: number; headroom?: number; appId?: string } = {},
): Promise<SharedRestProxy> {
  const upstream = new URL(target);
  // A burst well under Discord's bucket: requests leave here evenly but may reach Discord
  // bunched (connection set-up, scheduling on a busy machine); with 5 of headroom, a
  // loaded bench machine still drew a few 429s. The steady rate stays perSecond.
  const burst = perSecond - headroom;
  let tokens = burst;
  let refilledAt = performance.now();
  const queue: { go: () => void; since: number }[] = [];
  const stats = { forwarded: 0, posts: 0, firstPostAt: 0, lastPostAt: 0, longestWaitMs: 0 };
  let timer: NodeJS.Timeout | undefined;

  const pump = (): void => {
    timer = undefined;
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * perSecond);
    refilledAt = now;
    while (queue.length > 0 && tokens >= 1) {
      tokens -= 1;
      const next = queue.shift()!;
      stats.longestWaitMs = Math.max(stats.longestWaitMs, now - next.since);
      next.go();
    }
    if (queue.length > 0) timer = setTimeout(pump, Math.ceil(((1 - tokens) / perSecond) * 1000));
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, counted: boolean): void => {
    if (counted) stats.forwarded++;
    if (counted && req.method === 'POST' && /\/channels\/\d+\//.test(req.url ?? '')) {
      stats.posts++;
      stats.firstPostAt ||= performance.now();
      stats.lastPostAt = performance.now();
    }
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
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
      const body = Buffer.concat(chunks);
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/api\/v\d+/, '');
      const interaction = path.startsWith('/interactions/') || (appId && path.startsWith(`/webhooks/${appId}/`));
      if (interaction) return forward(req, res, body, false);
      queue.push({ go: () => forward(req, res, body, true), since: performance.now() });
      if (!timer) pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    stats,
    close: () =>
      new Promise((resolve) => {
        if (timer) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
