import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/**
 * A loopback webhook receiver: records every POST (headers, raw body, when it came) and
 * answers from a script — 204 unless told otherwise, so tests can make it throttle (429
 * with Retry-After), fail (5xx) or leave (410).
 */
export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; digest: string; [key: string]: unknown };
  status: number;
  atMs: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export class FakeReceiver {
  readonly posts: ReceivedPost[] = [];
  readonly #script: Answer[] = [];
  #always: Answer | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/hooks/paperboy/t0k3n-in-the-path'): Promise<FakeReceiver> {
    const state: { receiver?: FakeReceiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const receiver = state.receiver!;
        const answer = receiver.next();
        const body = Buffer.concat(chunks).toString('utf8');
        receiver.posts.push({
          headers: req.headers,
          body,
          json: JSON.parse(body) as ReceivedPost['json'],
          status: answer.status,
          atMs: Date.now(),
        });
        res.writeHead(answer.status, answer.headers ?? {});
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('receiver not listening');
    state.receiver = new FakeReceiver(server, `http://127.0.0.1:${address.port}${path}`);
    return state.receiver;
  }

  /** The next answers, in order, before the default (204). */
  answer(...answers: Answer[]): void {
    this.#script.push(...answers);
  }

  /** Answer every POST this way from now on. */
  always(answer: Answer | undefined): void {
    this.#always = answer;
  }

  /** The posts the receiver accepted (2xx), in order. */
  accepted(): ReceivedPost[] {
    return this.posts.filter((p) => p.status >= 200 && p.status < 300);
  }

  private next(): Answer {
    return this.#script.shift() ?? this.#always ?? { status: 204 };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
