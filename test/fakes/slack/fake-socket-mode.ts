import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlackApi } from './fake-slack-api.js';

/**
 * Slack's Socket Mode server side, on loopback: apps.connections.open on the fake Web
 * API hands out this ws:// URL; on connect we send `hello`, then push envelopes
 * (`slash_commands`, `interactive`) and wait for the client's ack carrying the same
 * envelope_id, as Slack does. Uses `ws`, which @slack/socket-mode itself depends on.
 */
export interface FakeSocketMode {
  url: string;
  /** Resolves once a client has connected and been sent `hello` */
  connected(): Promise<void>;
  /** Push one envelope; resolves with the client's ack message */
  push(
    type: 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
  ): Promise<{ envelope_id: string; payload?: unknown }>;
  /** The app tokens clients used on apps.connections.open */
  close(): Promise<void>;
}

export async function startFakeSocketMode(api: FakeSlackApi): Promise<FakeSocketMode> {
  const server = createServer((_req, res) => {
    res.writeHead(404);
    res.end();
  });
  const wss = new WebSocketServer({ server });
  let socket: WebSocket | undefined;
  let onConnect: (() => void) | undefined;
  const acks = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();

  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id)
        acks.get(message.envelope_id)?.({ envelope_id: message.envelope_id, payload: message.payload });
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0PAPERBOY' },
      }),
    );
    onConnect?.();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
  api.socketModeUrl = url;

  return {
    url,
    connected: () =>
      socket
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onConnect = resolve;
          }),
    push(type, payload) {
      if (!socket) return Promise.reject(new Error('no Socket Mode client is connected'));
      const envelope_id = randomUUID();
      const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for envelope ${envelope_id}`)), 5000);
        acks.set(envelope_id, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
      });
      socket.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type === 'slash_commands' }));
      return acked;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => server.close(() => resolve()));
      }),
  };
}
