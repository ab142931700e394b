import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.js';
import { FAKE_APP_ID, FAKE_CHANNEL_ID, FAKE_GUILD_ID, botUser, messageObject, snowflake } from './payloads.js';

/**
 * A loopback Discord: REST under /api/v10 and a JSON gateway on the same port, enough
 * for a real discord.js Client to log in, receive interactions, answer them, post
 * messages, open threads and DMs. The gateway (gateway.ts) is sharded and resumable. It records every REST call so tests assert on what
 * actually went over the wire, dedupes `enforce_nonce` sends like Discord does, and
 * can inject faults (429 with Retry-After, Discord error codes, "done but answered 500").
 */

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. /channels/123/messages */
  path: string;
  query: URLSearchParams;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON as sent
  at: number;
  status: number;
  /** Files uploaded with a multipart request (`files[n]` parts), as Discord stores them */
  files?: RecordedFile[];
}

export interface RecordedFile {
  /** The form field, `files[0]` … */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  text: string;
}

/** Discord's limits on uploads from a bot: 10 files a message, 10 MiB each. */
export const UPLOAD_LIMITS = { files: 10, bytes: 10 * 1024 * 1024 };

export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  /** Discord JSON error code (50001, 10003, ...) */
  code?: number;
  /** Seconds, sent as the Retry-After header and retry_after field on a 429 */
  retryAfter?: number;
  /** Perform the request, then answer with the fault anyway (a lost response) */
  afterEffect?: boolean;
  /** How many matching requests fail (default 1) */
  times?: number;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  thread?: { id: string; name: string };
}

export interface FakeDiscordOptions {
  guildIds?: string[];
  acceptToken?: string;
  /** What GET /gateway/bot recommends as the shard count (default 1) */
  recommendedShards?: number;
  /**
   * session_start_limit.max_concurrency (default 1). discord.js waits 5 s between
   * IDENTIFYs of shards in the same bucket (shard_id % max_concurrency), as Discord asks.
   */
  maxConcurrency?: number;
  /** Close a shard with 4011 (sharding required) when it would hold more servers than this */
  maxGuildsPerShard?: number;
}

interface Waiter {
  pred: (r: RecordedRequest) => boolean;
  resolve: (r: RecordedRequest) => void;
}

const NONCE_WINDOW_MS = 5 * 60_000;

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** channel id → messages posted there (including threads and DM channels) */
  readonly channels = new Map<string, StoredMessage[]>();
  /** Every IDENTIFY the gateway received (token included, for asserting login) */
  readonly identifies: { token: string; intents: number }[] = [];
  readonly dispatchedAt = new Map<string, number>();
  readonly guildIds: string[];
  private readonly faults: Fault[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly nonces = new Map<string, { message: ReturnType<typeof messageObject>; at: number }>();
  private readonly interactions = new Map<string, { channelId: string; messageId?: string; answered?: boolean }>();
  private readonly dmChannels = new Map<string, string>();
  private readonly holds: { path: RegExp; gate: Promise<void> }[] = [];
  /** Sessions, shards, resumes: the gateway side of this fake */
  readonly gateway: FakeGateway;

  private constructor(
    private readonly server: Server,
    guildIds: string[],
    private readonly opts: FakeDiscordOptions,
  ) {
    this.guildIds = guildIds;
    this.gateway = new FakeGateway({
      url: () => `ws://127.0.0.1:${this.port}`,
      guildIds,
      identifies: this.identifies,
      ...(opts.maxGuildsPerShard !== undefined ? { maxGuildsPerShard: opts.maxGuildsPerShard } : {}),
    });
  }

  /** When set, bot-authenticated REST calls with another token get Discord's 401. */
  acceptToken: string | undefined;

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, opts.guildIds ?? [FAKE_GUILD_ID], opts);
    fake.acceptToken = opts.acceptToken;
    server.on('request', (req, res) => void fake.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => fake.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  /** What DISCORD_API_URL / `rest.api` should be */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  fail(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /**
   * Hold REST requests whose path matches until the returned function is called (e.g.
   * GET /gateway/bot, to keep a client "starting" while a test looks at it).
   */
  hold(path: RegExp): () => void {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ path, gate });
    return () => {
      this.holds.splice(
        this.holds.findIndex((h) => h.gate === gate),
        1,
      );
      release();
    };
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`FakeDiscord: no matching request within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** Requests made with this interaction's token (callback, webhook edits, follow-ups), in order. */
  callsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.path.includes(`/${interaction.id}/${interaction.token}/`) || r.path.includes(`/${interaction.token}`),
    );
  }

  /** The DM channel opened for a user through POST /users/@me/channels, if any. */
  dmChannelOf(userId: string): string | undefined {
    return this.dmChannels.get(userId);
  }

  /**
   * Send INTERACTION_CREATE the way Discord routes it: to the shard of its server
   * (`(guild_id >> 22) % num_shards`), or shard 0 for a DM.
   */
  interact(payload: { id: string; channel_id: string; guild_id?: string }): void {
    this.interactions.set(payload.id, { channelId: payload.channel_id });
    this.dispatchedAt.set(payload.id, performance.now());
    this.gateway.dispatchToGuild(payload.guild_id, 'INTERACTION_CREATE', payload);
  }

  /** Send an event to every gateway session. */
  dispatch(t: string, d: unknown): void {
    this.gateway.broadcast(t, d);
  }

  /** Open gateway connections (tests check that a stopped client closed its own). */
  private get sockets(): ReadonlySet<unknown> {
    return this.gateway.sockets;
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- REST ----------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const contentType = req.headers['content-type'] ?? '';
    const upload = contentType.startsWith('multipart/form-data') ? await readMultipart(bytes, contentType) : undefined;
    const raw = upload ? '' : bytes.toString('utf8');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body: upload ? upload.payload : raw ? safeJson(raw) : undefined,
      at: performance.now(),
      status: 0,
      ...(upload ? { files: upload.files } : {}),
    };
    this.requests.push(rec);
    for (const h of [...this.holds]) if (h.path.test(path)) await h.gate;
    const fault = this.takeFault(rec);
    const auth = req.headers.authorization;
    let answer: Answer;
    if (this.acceptToken !== undefined && auth !== undefined && auth !== `Bot ${this.acceptToken}`) {
      answer = json(401, { message: '401: Unauthorized', code: 0 });
    } else if (fault && !fault.afterEffect) answer = faultAnswer(fault);
    else if (rec.files && uploadProblem(rec.files)) answer = uploadProblem(rec.files)!;
    else {
      answer = this.route(rec);
      if (fault) answer = faultAnswer(fault);
    }
    rec.status = answer.status;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    for (const w of [...this.waiters]) {
      let hit = false;
      try {
        hit = w.pred(rec);
      } catch {
        /* a predicate that throws simply did not match */
      }
      if (hit) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(rec);
      }
    }
  }

  private takeFault(rec: RecordedRequest): Fault | undefined {
    const i = this.faults.findIndex((f) => (!f.method || f.method === rec.method) && f.path.test(rec.path));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private route(rec: RecordedRequest): Answer {
    const { method, path, body } = rec;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return json(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: this.opts.recommendedShards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: this.opts.maxConcurrency ?? 1,
        },
      });
    }
    if ((m = path.match(/^\/interactions\/(\d+)\/[^/]+\/callback$/)) && method === 'POST') {
      const it = this.interactions.get(m[1]!);
      // Like Discord: one answer per interaction, within 3 seconds of its creation.
      if (it?.answered) return json(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      if (performance.now() - (this.dispatchedAt.get(m[1]!) ?? 0) > 3000)
        return json(404, { message: 'Unknown interaction', code: 10062 });
      if (it) it.answered = true;
      if (it && (body?.type === 4 || body?.type === 5)) {
        it.messageId = snowflake();
        this.store(it.channelId, it.messageId, withAttachments(body.data ?? {}, rec.files));
      }
      // Discord answers 204 with no content type; discord.js chokes on JSON here.
      return { status: 204, headers: {}, body: '' };
    }
    if ((m = path.match(/^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/))) {
      const it = this.interactionByToken(m[1]!);
      if (method === 'DELETE') return { status: 204, headers: {}, body: '' };
      const id = it?.messageId ?? snowflake();
      const channelId = it?.channelId ?? FAKE_CHANNEL_ID;
      const sent = withAttachments(body ?? {}, rec.files);
      if (method === 'PATCH') this.store(channelId, id, sent, true);
      return json(200, messageObject(channelId, id, sent, { webhook_id: FAKE_APP_ID, application_id: FAKE_APP_ID }));
    }
    if ((m = path.match(/^\/webhooks\/\d+\/([^/]+)$/)) && method === 'POST') {
      const it = this.interactionByToken(m[1]!);
      const channelId = it?.channelId ?? FAKE_CHANNEL_ID;
      const id = snowflake();
      const sent = withAttachments(body ?? {}, rec.files);
      this.store(channelId, id, sent);
      return json(200, messageObject(channelId, id, sent, { webhook_id: FAKE_APP_ID, application_id: FAKE_APP_ID }));
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      const channelId = m[1]!;
      const nonceKey = `${channelId}:${body?.nonce}`;
      const prior = body?.enforce_nonce ? this.nonces.get(nonceKey) : undefined;
      if (prior && Date.now() - prior.at < NONCE_WINDOW_MS) return json(200, prior.message);
      const id = snowflake();
      const sent = withAttachments(body ?? {}, rec.files);
      this.store(channelId, id, sent);
      const message = messageObject(channelId, id, sent);
      if (body?.enforce_nonce) this.nonces.set(nonceKey, { message, at: Date.now() });
      return json(200, message);
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/)) && method === 'POST') {
      const [, parentId, messageId] = m;
      const parent = this.channels.get(parentId!)?.find((x) => x.id === messageId);
      if (!parent) return json(404, { message: 'Unknown Message', code: 10008 });
      if (parent.thread)
        return json(400, { message: 'A thread has already been created for this message', code: 160004 });
      const name = String(body?.name ?? '');
      if (name.length < 1 || name.length > 100)
        return json(400, { message: 'Invalid Form Body', code: 50035, errors: { name: 'BASE_TYPE_BAD_LENGTH' } });
      parent.thread = { id: messageId!, name };
      this.channels.set(messageId!, this.channels.get(messageId!) ?? []);
      return json(201, {
        id: messageId,
        type: 11,
        guild_id: this.guildIds[0],
        parent_id: parentId,
        name,
        owner_id: botUser().id,
        thread_metadata: {
          archived: false,
          auto_archive_duration: body?.auto_archive_duration ?? 1440,
          locked: false,
          archive_timestamp: new Date().toISOString(),
        },
        message_count: 0,
        member_count: 1,
      });
    }
    if (path === '/users/@me/channels' && method === 'POST') {
      const recipient = String(body?.recipient_id);
      let id = this.dmChannels.get(recipient);
      if (!id) this.dmChannels.set(recipient, (id = snowflake()));
      return json(200, {
        id,
        type: 1,
        last_message_id: null,
        recipients: [{ id: recipient, username: `user${recipient.slice(-4)}`, discriminator: '0', avatar: null }],
      });
    }
    if ((m = path.match(/^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/)) && method === 'PUT') {
      const list = Array.isArray(body) ? body : [];
      return json(
        200,
        list.map((c: Record<string, unknown>) => ({
          ...c,
          id: snowflake(),
          application_id: FAKE_APP_ID,
          version: snowflake(),
        })),
      );
    }
    return json(404, { message: `FakeDiscord has no route for ${method} ${path}`, code: 0 });
  }

  private interactionByToken(token: string) {
    const id = token.startsWith('tok-') ? token.slice(4) : '';
    return this.interactions.get(id);
  }

  private store(channelId: string, id: string, body: unknown, replace = false): void {
    const list = this.channels.get(channelId) ?? [];
    const existing = list.find((x) => x.id === id);
    if (existing && replace) existing.body = body;
    else if (!existing) list.push({ id, channelId, body });
    this.channels.set(channelId, list);
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, value: unknown): Answer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

function faultAnswer(f: Fault): Answer {
  if (f.status === 429) {
    const after = f.retryAfter ?? 0.1;
    return {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': String(after), 'x-ratelimit-scope': 'user' },
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: after, global: false }),
    };
  }
  return json(f.status, { message: `Fake error ${f.code ?? f.status}`, code: f.code ?? 0 });
}

/**
 * A multipart body the way Discord reads it: the JSON in `payload_json`, each file in a
 * `files[n]` part. Node's own Request parses the form, as a server framework would.
 */
async function readMultipart(bytes: Buffer, contentType: string): Promise<{ payload: unknown; files: RecordedFile[] }> {
  const form = await new Request('http://fake.discord/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: bytes,
  }).formData();
  const files: RecordedFile[] = [];
  let payload: unknown;
  for (const [field, value] of form) {
    if (field === 'payload_json' && typeof value === 'string') payload = safeJson(value);
    else if (typeof value !== 'string' && /^files\[\d+\]$/.test(field)) {
      const data = Buffer.from(await value.arrayBuffer());
      files.push({
        field,
        filename: value.name,
        contentType: value.type,
        size: data.length,
        text: data.toString('utf8'),
      });
    }
  }
  return { payload, files };
}

function uploadProblem(files: RecordedFile[]): Answer | undefined {
  if (files.length > UPLOAD_LIMITS.files)
    return json(400, { message: 'Invalid Form Body', code: 50035, errors: { files: 'BASE_TYPE_MAX_LENGTH' } });
  if (files.some((f) => f.size > UPLOAD_LIMITS.bytes))
    return json(413, { message: 'Request entity too large', code: 40005 });
  if (files.some((f) => !f.filename)) return json(400, { message: 'Invalid Form Body', code: 50035 });
  return undefined;
}

/** The message as stored and returned: uploaded files become its `attachments`. */
function withAttachments(body: Record<string, unknown>, files: RecordedFile[] | undefined): Record<string, unknown> {
  if (!files?.length) return body;
  const attachments = files.map((f) => ({
    id: snowflake(),
    filename: f.filename,
    size: f.size,
    content_type: f.contentType,
    url: `https://cdn.discordapp.com/attachments/${f.filename}`,
    proxy_url: `https://media.discordapp.net/attachments/${f.filename}`,
    text: f.text,
  }));
  return { ...body, attachments };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
