import { PassThrough } from 'node:stream';

/**
 * Reading what an operator reads: the Prometheus text format, /readyz's JSON, and the
 * JSON log lines a Paperboy (in this process or a child) writes to stderr.
 */

/** `name{a="1",b="2"}` → value, labels in the order written (prom-client sorts nothing; we match by set). */
export type Samples = Map<string, number>;

export function parsePrometheus(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(`${m[1]}${canonicalLabels(m[2] ?? '')}`, Number(m[3]));
  }
  return samples;
}

function canonicalLabels(block: string): string {
  if (!block) return '';
  const pairs = [...block.slice(1, -1).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(
    (m) => `${m[1]}="${m[2]}"`,
  );
  return `{${pairs.sort().join(',')}}`;
}

/** The value of one series (undefined when Paperboy never recorded it). */
export function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number | undefined {
  const block = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  return samples.get(`${name}${block ? `{${block}}` : ''}`);
}

/** Sum over every series of `name` whose labels include `labels`. */
export function total(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of samples) {
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}

/** Polls `probe` until it returns something truthy (or the time runs out, naming `what`). */
export async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** Collects JSON log lines from a stream; non-JSON lines are kept as text. */
export class LogWatcher {
  readonly lines: LogLine[] = [];
  text = '';
  #partial = '';

  constructor(stream: NodeJS.ReadableStream) {
    stream.on('data', (d: Buffer | string) => {
      this.text += d.toString();
      this.#partial += d.toString();
      const parts = this.#partial.split('\n');
      this.#partial = parts.pop() ?? '';
      for (const line of parts) {
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ level: 'text', msg: line });
        }
      }
    });
  }

  find(msg: string): LogLine | undefined {
    return this.lines.find((l) => l.msg === msg);
  }

  waitFor(msg: string, timeoutMs = 20_000): Promise<LogLine> {
    return until(() => this.find(msg), `the log line "${msg}" (log so far: ${this.text.slice(-2000)})`, timeoutMs);
  }

  /** The port of the operations endpoint, from its "listening" line. */
  async opsPort(): Promise<number> {
    return Number((await this.waitFor('operations endpoint listening')).port);
  }
}

/** stdin/stdout/stderr for running main() in this process, with stderr watched. */
export function mainStreams(): {
  io: { stdin: PassThrough; stdout: PassThrough; stderr: PassThrough };
  log: LogWatcher;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.resume();
  return { io: { stdin: new PassThrough(), stdout, stderr }, log: new LogWatcher(stderr) };
}
