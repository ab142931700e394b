/**
 * The operations endpoint, on its own port (PAPERBOY_HTTP_PORT), apart from Slack's
 * receiver so that it can stay private to the cluster:
 *   GET /healthz  200 while the process runs (liveness: restart me if this fails)
 *   GET /readyz   200 or 503 with the component report as JSON (readiness)
 *   GET /metrics  Prometheus text format
 * node:http only; nothing here knows about platforms.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config.js';
import { errorFields, type Logger } from '../logger.js';
import type { Readiness } from './readiness.js';

export interface OpsServerOptions {
  port: number;
  /** Default: every interface (a container's health check and Prometheus reach it there) */
  host?: string | undefined;
  readiness: Readiness;
  metrics?: { contentType: string; render(): Promise<string> } | undefined;
  logger: Logger;
}

export interface OpsServer {
  /** The bound port (useful with port 0) */
  port: number;
  close(): Promise<void>;
}

const ROUTES = ['/healthz', '/readyz', '/metrics'];

export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    answer(req, res, o).catch((err: unknown) => {
      o.logger.error('operations endpoint failed', { path: req.url, ...errorFields(err) });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  // Probes and scrapes are short; don't let idle keep-alive sockets hold the process.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = `${o.host ?? '*'}:${o.port}`;
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? new ConfigError([
              `PAPERBOY_HTTP_PORT ${o.port} cannot be used (${err.code === 'EADDRINUSE' ? 'already in use' : 'permission denied'} on ${where}): pick another port`,
            ])
          : err,
      );
    });
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  o.logger.info('operations endpoint listening', { port, host: o.host ?? '*', paths: ROUTES });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, o: OpsServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!ROUTES.includes(path)) {
    return send(res, 404, 'application/json', JSON.stringify({ error: `no such path; try ${ROUTES.join(', ')}` }));
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'application/json', JSON.stringify({ error: `${path} answers GET and HEAD only` }));
  }
  if (path === '/healthz') return send(res, 200, 'application/json', JSON.stringify({ status: 'alive' }), req);
  if (path === '/readyz') {
    const report = await o.readiness.report();
    return send(res, report.ready ? 200 : 503, 'application/json', JSON.stringify(report, null, 2), req);
  }
  if (!o.metrics) return send(res, 404, 'application/json', JSON.stringify({ error: 'metrics are off' }));
  return send(res, 200, o.metrics.contentType, await o.metrics.render(), req);
}

function send(res: ServerResponse, status: number, type: string, body: string, req?: IncomingMessage): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(req?.method === 'HEAD' ? undefined : body);
}
