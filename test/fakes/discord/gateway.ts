import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { FAKE_APP_ID, FAKE_CHANNEL_ID, botUser, guildCreate, shardForGuild, snowflake } from './payloads.js';

/**
 * The fake Discord's gateway, sharded like the real one: IDENTIFY carries
 * `[shard_id, num_shards]`, each session gets only its shard's guilds, a server's events
 * and interactions go to shard `(guild_id >> 22) % num_shards` and DMs to shard 0. A
 * connection that drops without a clean close keeps its session: events meanwhile are
 * kept, and RESUME (op 6) at the resume_gateway_url replays them, then RESUMED.
 * Close codes as Discord's: 4010 invalid shard, 4011 sharding required.
 */

export interface GatewaySession {
  id: string;
  /** [shard_id, num_shards] from IDENTIFY ([0, 1] when the client sent none) */
  shard: [number, number];
  token: string;
  seq: number;
  /** The live connection; undefined while dropped (events are kept for a RESUME) */
  socket: WebSocket | undefined;
  /** Dispatches sent or kept, for replay after a RESUME (the last 1,000) */
  sent: { s: number; frame: string }[];
}

export interface GatewayOptions {
  /** ws://127.0.0.1:P, known once the server listens */
  url: () => string;
  guildIds: readonly string[];
  /** What IDENTIFY must not exceed per shard, like Discord's 2,500 (close 4011) */
  maxGuildsPerShard?: number;
  /** Every IDENTIFY, as FakeDiscord.identifies has always recorded them */
  identifies: { token: string; intents: number }[];
}

const REPLAY_LIMIT = 1000;
const NORMAL_CLOSES = new Set([1000, 1001]);

export class FakeGateway {
  /** Every session IDENTIFY opened (ended ones included), in order */
  readonly sessions: GatewaySession[] = [];
  /** Every RESUME that succeeded, with the path the client connected to */
  readonly resumes: { sessionId: string; shard: [number, number]; seq: number; path: string }[] = [];
  /** The request path (and query) of every gateway connection, in order */
  readonly connections: string[] = [];
  /** Events that had no session to go to (no client runs that shard) */
  readonly undelivered: { t: string; shard: number }[] = [];
  readonly sockets = new Set<WebSocket>();
  readonly #live = new Set<GatewaySession>();
  readonly #wss = new WebSocketServer({ noServer: true });

  constructor(private readonly o: GatewayOptions) {}

  get resumeUrl(): string {
    return `${this.o.url()}/resume`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onSocket(ws, req.url ?? '/'));
  }

  /** The live (or resumable) sessions that run `shardId` of their count. */
  sessionsFor(shardId: number): GatewaySession[] {
    return [...this.#live].filter((s) => s.shard[0] === shardId);
  }

  /** An event for one server: to the sessions running its shard (DMs: guildId undefined → shard 0). */
  dispatchToGuild(guildId: string | undefined, t: string, d: unknown): void {
    let delivered = false;
    for (const session of this.#live) {
      const shard = shardForGuild(guildId, session.shard[1]);
      if (session.shard[0] !== shard) continue;
      this.#send(session, t, d);
      delivered = true;
    }
    if (!delivered) this.undelivered.push({ t, shard: shardForGuild(guildId, this.#shardCount()) });
  }

  /** An event for every session (each with its own sequence). */
  broadcast(t: string, d: unknown): void {
    for (const session of this.#live) this.#send(session, t, d);
  }

  /**
   * Cut a shard's connection the way a network failure does (no close frame), so the
   * client keeps its session and resumes. Resolves with the sessions that were cut.
   */
  drop(shardId: number): GatewaySession[] {
    const cut = this.sessionsFor(shardId).filter((s) => s.socket);
    for (const session of cut) {
      const ws = session.socket!;
      session.socket = undefined;
      ws.terminate();
    }
    return cut;
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.#wss.close();
  }

  #shardCount(): number {
    return [...this.#live][0]?.shard[1] ?? 1;
  }

  #send(session: GatewaySession, t: string, d: unknown): void {
    const s = ++session.seq;
    const frame = JSON.stringify({ op: 0, t, s, d });
    session.sent.push({ s, frame });
    if (session.sent.length > REPLAY_LIMIT) session.sent.shift();
    session.socket?.send(frame);
  }

  #onSocket(ws: WebSocket, path: string): void {
    this.sockets.add(ws);
    this.connections.push(path);
    let session: GatewaySession | undefined;
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      if (!session || session.socket !== ws) return;
      session.socket = undefined;
      // A clean close ends the session, as on Discord; anything else may be resumed.
      if (NORMAL_CLOSES.has(code)) this.#live.delete(session);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) session = this.#identify(ws, frame.d);
      if (frame.op === 6) session = this.#resume(ws, frame.d, path) ?? session;
    });
  }

  #identify(
    ws: WebSocket,
    d: { token: string; intents: number; shard?: [number, number] },
  ): GatewaySession | undefined {
    this.o.identifies.push({ token: d.token, intents: d.intents });
    const [shardId, count] = d.shard ?? [0, 1];
    if (!Number.isInteger(shardId) || !Number.isInteger(count) || count < 1 || shardId < 0 || shardId >= count) {
      ws.close(4010, 'Invalid shard');
      return undefined;
    }
    const guilds = this.o.guildIds.filter((g) => shardForGuild(g, count) === shardId);
    if (this.o.maxGuildsPerShard !== undefined && guilds.length > this.o.maxGuildsPerShard) {
      ws.close(4011, 'Sharding required');
      return undefined;
    }
    const session: GatewaySession = {
      id: `session-${snowflake()}`,
      shard: [shardId, count],
      token: d.token,
      seq: 0,
      socket: ws,
      sent: [],
    };
    this.sessions.push(session);
    this.#live.add(session);
    this.#send(session, 'READY', {
      v: 10,
      user: botUser(),
      guilds: guilds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.resumeUrl,
      shard: [shardId, count],
      application: { id: FAKE_APP_ID, flags: 0 },
    });
    for (const id of guilds) this.#send(session, 'GUILD_CREATE', guildCreate(id, [FAKE_CHANNEL_ID]));
    return session;
  }

  #resume(
    ws: WebSocket,
    d: { token: string; session_id: string; seq: number },
    path: string,
  ): GatewaySession | undefined {
    const session = [...this.#live].find((s) => s.id === d.session_id && s.token === d.token);
    if (!session) {
      ws.send(JSON.stringify({ op: 9, d: false })); // invalid session: identify again
      return undefined;
    }
    const previous = session.socket;
    session.socket = ws;
    if (previous && previous !== ws) previous.terminate();
    this.resumes.push({ sessionId: session.id, shard: session.shard, seq: d.seq, path });
    for (const { s, frame } of session.sent) if (s > d.seq) ws.send(frame);
    this.#send(session, 'RESUMED', null);
    return session;
  }
}
