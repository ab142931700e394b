import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { targetKey, type Platform, type Target } from '../../src/caller.js';
import type { DigestHeader, DigestSink, PostedParent } from '../../src/digest/sink.js';
import type { PaperCard } from '../../src/reply.js';

/** One line of the sink's durable record. */
export type SinkRecord =
  | { type: 'parent'; key: string; target: string; listDate: string; parentId: string; threadId: string }
  | { type: 'paper'; key: string; target: string; threadId: string; paperId: string; messageId: string }
  | { type: 'single'; key: string; target: string; paperId: string; messageId: string }
  | { type: 'deduped'; key: string };

/**
 * A sink that behaves like a platform for the kill test: every post is one appended line
 * (durable the moment it returns, like a message the platform accepted), and a repeated
 * idempotency key returns the first answer without posting, like Discord's enforce_nonce.
 */
export class FileSink implements DigestSink {
  readonly #seen = new Map<string, SinkRecord>();
  #next: number;

  constructor(
    readonly file: string,
    readonly platform: Platform = 'terminal',
    private readonly jitter: () => Promise<void> = async () => {},
    /** Called after each real post (the kill test counts them to pick its kill point) */
    private readonly onPost: () => void = () => {},
  ) {
    const records = readRecords(file);
    for (const r of records) if (r.type !== 'deduped') this.#seen.set(r.key, r);
    this.#next = records.length + 1;
  }

  async postParent(target: Target, header: DigestHeader, key: string): Promise<PostedParent> {
    await this.jitter();
    const seen = this.#dedupe(key);
    if (seen?.type === 'parent') return { parentId: seen.parentId, threadId: seen.threadId };
    const id = `p${process.pid}-${this.#next++}`;
    const rec: SinkRecord = {
      type: 'parent',
      key,
      target: targetKey(target),
      listDate: header.listDate,
      parentId: id,
      threadId: `t-${id}`,
    };
    this.#append(rec);
    return { parentId: rec.parentId, threadId: rec.threadId };
  }

  async postPaper(target: Target, parent: PostedParent, card: PaperCard, key: string): Promise<{ messageId: string }> {
    await this.jitter();
    const seen = this.#dedupe(key);
    if (seen?.type === 'paper') return { messageId: seen.messageId };
    const rec: SinkRecord = {
      type: 'paper',
      key,
      target: targetKey(target),
      threadId: parent.threadId,
      paperId: card.id,
      messageId: `m${process.pid}-${this.#next++}`,
    };
    this.#append(rec);
    return { messageId: rec.messageId };
  }

  async postSingle(target: Target, card: PaperCard, key: string): Promise<{ messageId: string }> {
    await this.jitter();
    const seen = this.#dedupe(key);
    if (seen?.type === 'single') return { messageId: seen.messageId };
    const rec: SinkRecord = {
      type: 'single',
      key,
      target: targetKey(target),
      paperId: card.id,
      messageId: `s${process.pid}-${this.#next++}`,
    };
    this.#append(rec);
    return { messageId: rec.messageId };
  }

  #dedupe(key: string): SinkRecord | undefined {
    const seen = this.#seen.get(key);
    if (seen) appendFileSync(this.file, JSON.stringify({ type: 'deduped', key }) + '\n');
    return seen;
  }

  #append(rec: SinkRecord): void {
    appendFileSync(this.file, JSON.stringify(rec) + '\n');
    this.#seen.set(rec.key, rec);
    this.onPost();
  }
}

/** Every complete line of the record (a line cut short by SIGKILL is not a post). */
export function readRecords(file: string): SinkRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as SinkRecord] : [];
      } catch {
        return [];
      }
    });
}
