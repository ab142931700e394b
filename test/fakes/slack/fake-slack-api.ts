import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Slack Web API that speaks the real wire format, for the real Bolt App and
 * WebClient: POST /api/<method> with a form-encoded (or JSON) body and a Bearer token,
 * answered with `{ ok, ... }` JSON. It also serves response_url endpoints
 * (POST /respond/<id>), records every call, keeps posted messages with their ts and
 * thread_ts, and injects faults (Slack errors, 429 with Retry-After).
 */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  /** HTTP status the fake answered with */
  status: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown> & {
    text?: string;
    blocks?: unknown[];
    response_type?: string;
    replace_original?: boolean;
  };
  at: number;
}

/** A file uploaded through files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal). */
export interface UploadedFile {
  id: string;
  filename: string;
  /** The length announced to getUploadURLExternal */
  length: number;
  /** The bytes posted to the upload URL (undefined until then) */
  text?: string;
  size?: number;
  /** Channels it was shared to by completeUploadExternal */
  shares: { channel: string; title?: string; thread_ts?: string }[];
}

export interface FakeUser {
  id: string;
  is_admin?: boolean;
  is_owner?: boolean;
  /** The person's time zone as Slack reports it (IANA name) */
  tz?: string;
}

type Fault = { status: 429; retryAfterSeconds: number } | { error: string };

export interface FakeSlackApi {
  /** e.g. http://127.0.0.1:PORT/api/ (with the trailing slash the WebClient expects) */
  apiUrl: string;
  baseUrl: string;
  readonly calls: ApiCall[];
  readonly messages: PostedMessage[];
  readonly responses: ResponseUrlPost[];
  users: Map<string, FakeUser>;
  /** Files uploaded through the external-upload flow, in order */
  readonly files: UploadedFile[];
  /** The bot token's scopes; files.* answer missing_scope without files:write */
  scopes: Set<string>;
  /** Channels that answer every post with this Slack error (e.g. not_in_channel) */
  channelErrors: Map<string, string>;
  /** The next `times` calls of `method` fail with the fault, then it works again */
  failNext(method: string, fault: Fault, times?: number): void;
  /** The next `times` response_url posts are refused with this HTTP status (not recorded) */
  failResponses(times: number, status?: number): void;
  /** A fresh response_url on this fake */
  responseUrl(id: string): string;
  /** Resolves when `count` response_url posts have arrived in total (or rejects after timeoutMs) */
  waitForResponses(count: number, timeoutMs?: number): Promise<ResponseUrlPost[]>;
  /** Resolves with the posts to one response_url once `count` of them have arrived */
  responsesTo(id: string, count?: number, timeoutMs?: number): Promise<ResponseUrlPost[]>;
  callsTo(method: string): ApiCall[];
  /** Where apps.connections.open sends Socket Mode clients (see fake-socket-mode.ts) */
  socketModeUrl?: string;
  /** Extra Web API methods (e.g. oauth.v2.access, see fake-oauth.ts), answered before the built-in ones */
  handlers: Map<string, (args: Record<string, unknown>, token: string | undefined) => Record<string, unknown>>;
  /** Whose token is whose: auth.test answers with this workspace and bot (default: the one test workspace) */
  identities: Map<string, { team_id: string; team: string; user_id: string; bot_id: string }>;
  /** Tokens Slack refuses on every method, with the error it gives (token_revoked, invalid_auth, …) */
  refusedTokens: Map<string, string>;
  /** Called for each response_url post (used by the latency bench) */
  onResponse?: (post: ResponseUrlPost) => void;
  close(): Promise<void>;
}

export const FAKE_TEAM_ID = 'T0PAPERBOY';
export const FAKE_BOT_USER_ID = 'U0BOT';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The bytes of an upload: the WebClient posts a multipart form with the file in its
 * `body` part (a raw body is accepted too, as Slack's upload URL does).
 */
async function uploadedBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return bytes;
  const form = await new Request('http://fake.slack/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: bytes,
  }).formData();
  for (const [, value] of form) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}

/** Form bodies carry JSON-encoded objects and arrays as strings; decode them like Slack does. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

const tryJson = (v: string): unknown => {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: ApiCall[] = [];
  const messages: PostedMessage[] = [];
  const responses: ResponseUrlPost[] = [];
  const faults = new Map<string, { fault: Fault; times: number }>();
  const waiters: { ready: () => boolean; resolve: () => void }[] = [];
  const waitUntil = <T>(ready: () => boolean, value: () => T, timeoutMs: number, what: () => string): Promise<T> => {
    if (ready()) return Promise.resolve(value());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(what())), timeoutMs);
      waiters.push({
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve(value());
        },
      });
    });
  };
  let tsCounter = 0;
  let responseFaults = { times: 0, status: 400 };
  // Slack's ts is "seconds.micro", unique per channel; a counter keeps them ordered and unique.
  const nextTs = () => `1790000000.${String(++tsCounter).padStart(6, '0')}`;

  const fake: FakeSlackApi = {
    apiUrl: '',
    baseUrl: '',
    calls,
    messages,
    responses,
    users: new Map(),
    files: [],
    scopes: new Set(['commands', 'chat:write', 'im:write', 'users:read', 'files:write']),
    channelErrors: new Map(),
    handlers: new Map(),
    identities: new Map(),
    refusedTokens: new Map(),
    failNext(method, fault, times = 1) {
      faults.set(method, { fault, times });
    },
    failResponses(times, status = 400) {
      responseFaults = { times, status };
    },
    responseUrl: (id) => `${fake.baseUrl}/respond/${encodeURIComponent(id)}`,
    waitForResponses: (count, timeoutMs = 5000) =>
      waitUntil(
        () => responses.length >= count,
        () => responses.slice(),
        timeoutMs,
        () => `expected ${count} response_url posts, got ${responses.length}`,
      ),
    responsesTo: (id, count = 1, timeoutMs = 5000) => {
      const mine = () => responses.filter((r) => r.id === id);
      return waitUntil(
        () => mine().length >= count,
        mine,
        timeoutMs,
        () => `expected ${count} posts to response_url ${id}, got ${mine().length}`,
      );
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  /**
   * Slack's reading methods, as far as Paperboy uses them: history is the channel's
   * top-level messages newest first, replies a thread (its parent first) oldest first;
   * metadata only with include_all_metadata; pages of `limit` with a next_cursor.
   */
  function readConversation(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    if (fake.channelErrors.get(channel)) return { ok: false, error: fake.channelErrors.get(channel) };
    const inThread = (m: PostedMessage) => m.ts === String(args.ts) || m.thread_ts === String(args.ts);
    const all =
      method === 'conversations.history'
        ? messages.filter((m) => m.channel === channel && !m.thread_ts).reverse()
        : messages.filter((m) => m.channel === channel && inThread(m));
    if (method === 'conversations.replies' && all.length === 0) return { ok: false, error: 'thread_not_found' };
    const limit = Math.max(1, Math.min(Number(args.limit ?? 100), 1000));
    const start = Number(args.cursor ?? 0);
    const page = all.slice(start, start + limit).map((m) => ({
      type: 'message',
      ts: m.ts,
      text: m.text,
      bot_id: 'B0BOT',
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(m.metadata && String(args.include_all_metadata) === 'true' ? { metadata: m.metadata } : {}),
    }));
    const more = start + limit < all.length;
    return {
      ok: true,
      messages: page,
      has_more: more,
      response_metadata: { next_cursor: more ? String(start + limit) : '' },
    };
  }

  function answer(method: string, args: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    const refused = token ? fake.refusedTokens.get(token) : undefined;
    if (refused) return { ok: false, error: refused };
    const custom = fake.handlers.get(method);
    if (custom) return custom(args, token);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://paperboy-test.slack.com/',
          team: 'Paperboy Test',
          user: 'paperboy',
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: 'B0BOT',
          is_enterprise_install: false,
          ...(token ? fake.identities.get(token) : undefined),
        };
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const error = fake.channelErrors.get(channel);
        if (error) return { ok: false, error };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        const ts = nextTs();
        const message: PostedMessage = {
          channel,
          ts,
          text: args.text as string | undefined,
          blocks: args.blocks as unknown[] | undefined,
        };
        if (args.thread_ts) message.thread_ts = String(args.thread_ts);
        if (args.metadata) message.metadata = args.metadata as PostedMessage['metadata'];
        messages.push(message);
        return {
          ok: true,
          channel,
          ts,
          message: {
            type: 'message',
            text: message.text,
            ts,
            bot_id: 'B0BOT',
            ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
          },
        };
      }
      case 'conversations.history':
      case 'conversations.replies':
        return readConversation(method, args);
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: `D${users.replace(/^U/, '')}` } };
      }
      case 'users.info': {
        const user = fake.users.get(String(args.user ?? ''));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: FAKE_TEAM_ID,
            is_admin: !!user.is_admin,
            is_owner: !!user.is_owner,
            is_bot: false,
            ...(user.tz ? { tz: user.tz, tz_label: user.tz, tz_offset: 0 } : {}),
          },
        };
      }
      case 'files.getUploadURLExternal': {
        if (!fake.scopes.has('files:write')) return { ok: false, error: 'missing_scope', needed: 'files:write' };
        const length = Number(args.length);
        if (!args.filename) return { ok: false, error: 'invalid_arguments' };
        if (!Number.isInteger(length) || length < 1) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(fake.files.length + 1).padStart(8, '0')}`;
        fake.files.push({ id, filename: String(args.filename), length, shares: [] });
        return { ok: true, upload_url: `${fake.baseUrl}/upload/v1/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        if (!fake.scopes.has('files:write')) return { ok: false, error: 'missing_scope', needed: 'files:write' };
        const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
        if (list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const channel = args.channel_id === undefined ? undefined : String(args.channel_id);
        const error = channel ? fake.channelErrors.get(channel) : undefined;
        if (error) return { ok: false, error };
        const done: UploadedFile[] = [];
        for (const f of list) {
          const file = fake.files.find((x) => x.id === f.id);
          // Slack refuses to complete a file whose bytes never arrived or do not match.
          if (!file || file.size === undefined) return { ok: false, error: 'file_not_found' };
          if (file.size !== file.length) return { ok: false, error: 'file_size_mismatch' };
          done.push(file);
        }
        for (const [i, file] of done.entries()) {
          if (channel)
            file.shares.push({
              channel,
              ...(list[i]!.title ? { title: list[i]!.title } : {}),
              ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
            });
        }
        return { ok: true, files: done.map((f) => ({ id: f.id, title: f.filename, name: f.filename, size: f.size })) };
      }
      case 'apps.connections.open':
        return fake.socketModeUrl
          ? { ok: true, url: fake.socketModeUrl }
          : { ok: false, error: 'not_allowed_token_type' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname.startsWith('/upload/v1/')) {
        const file = fake.files.find((f) => f.id === url.pathname.slice('/upload/v1/'.length));
        if (!file) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        const bytes = await uploadedBytes(req);
        file.text = bytes.toString('utf8');
        file.size = bytes.length;
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
        return;
      }
      const raw = await readBody(req);
      if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
        if (responseFaults.times > 0) {
          responseFaults.times--;
          // Slack answers a bad response_url payload with a 4xx and a short text reason.
          res.writeHead(responseFaults.status, { 'content-type': 'text/plain' });
          res.end('invalid_blocks');
          return;
        }
        const post: ResponseUrlPost = {
          id: decodeURIComponent(url.pathname.slice('/respond/'.length)),
          body: tryJson(raw) as ResponseUrlPost['body'],
          at: performance.now(),
        };
        responses.push(post);
        fake.onResponse?.(post);
        for (const w of waiters.filter((w) => w.ready())) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
        json(res, 404, { ok: false, error: 'not_found' });
        return;
      }
      const method = url.pathname.slice('/api/'.length);
      const args = parseArgs(raw, req.headers['content-type']);
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
      const pending = faults.get(method);
      if (pending && pending.times > 0) {
        pending.times--;
        if ('status' in pending.fault) {
          calls.push({ method, args, token, status: 429 });
          json(
            res,
            429,
            { ok: false, error: 'ratelimited' },
            { 'retry-after': String(pending.fault.retryAfterSeconds) },
          );
        } else {
          calls.push({ method, args, token, status: 200 });
          json(res, 200, { ok: false, error: pending.fault.error });
        }
        return;
      }
      calls.push({ method, args, token, status: 200 });
      json(res, 200, answer(method, args, token));
    })().catch((err: unknown) => {
      json(res, 500, { ok: false, error: String(err) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  fake.apiUrl = `${fake.baseUrl}/api/`;
  return fake;
}
