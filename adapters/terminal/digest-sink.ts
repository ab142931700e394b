import type { Target } from '../../src/caller.js';
import type { DigestHeader, DigestSink, PostedParent } from '../../src/digest/sink.js';
import type { PaperCard } from '../../src/reply.js';
import { TERMINAL_CAPABILITIES, TERMINAL_NAME } from './capabilities.js';
import { clean, plain, renderReply, type Style } from './render.js';

/**
 * The terminal's DigestSink: prints a digest as a thread (the parent, then each paper
 * indented under it) through an injected write function, so a digest can be watched
 * locally. A repeated idempotency key prints nothing again, like Discord's nonce.
 */
export class TerminalDigestSink implements DigestSink {
  readonly platform = TERMINAL_NAME;
  readonly threaded = TERMINAL_CAPABILITIES.threads;
  readonly #seen = new Map<string, unknown>();
  #next = 1;

  /**
   * `write` prints (TerminalScreen.print, which redraws a waiting prompt); `width` is
   * the terminal's columns to wrap to; `json` prints each post as a line of JSON
   * (`{"type":"digest_parent",…}`, `{"type":"digest_paper",…}`) for --json.
   */
  constructor(
    private readonly write: (text: string) => void,
    private readonly style: Style = plain,
    private readonly options: { width?: () => number | undefined; json?: boolean } = {},
  ) {}

  async postParent(target: Target, header: DigestHeader, idempotencyKey: string): Promise<PostedParent> {
    const seen = this.#seen.get(idempotencyKey) as PostedParent | undefined;
    if (seen) return seen;
    const id = `terminal-${this.#next++}`;
    const parent: PostedParent = { parentId: id, threadId: id };
    const to = target.kind === 'user' ? `direct message to ${target.id}` : `#${target.id}`;
    if (this.options.json) {
      this.write(`${JSON.stringify({ type: 'digest_parent', thread: id, to, ...header })}\n`);
      this.#seen.set(idempotencyKey, parent);
      return parent;
    }
    const lines = [
      this.style.bold(`━━ ${clean(header.title)}`),
      this.style.dim(`   thread "${clean(header.threadName)}" · ${clean(to)}`),
    ];
    if (header.subtitle) lines.push(`   ${clean(header.subtitle)}`);
    this.write(`\n${lines.join('\n')}\n`);
    this.#seen.set(idempotencyKey, parent);
    return parent;
  }

  async postSingle(target: Target, card: PaperCard, idempotencyKey: string): Promise<{ messageId: string }> {
    const seen = this.#seen.get(idempotencyKey) as { messageId: string } | undefined;
    if (seen) return seen;
    const posted = { messageId: `terminal-${this.#next++}` };
    const to = target.kind === 'user' ? `direct message to ${target.id}` : `#${target.id}`;
    if (this.options.json) {
      this.write(`${JSON.stringify({ type: 'alert', to, card })}\n`);
    } else {
      const width = this.options.width?.();
      const body = renderReply({ title: '', cards: [card], visibility: 'public' }, this.style, width)
        .split('\n')
        .slice(2)
        .filter((l) => l !== '');
      this.write(`\n${this.style.bold(`━━ Paper alert · ${clean(to)}`)}\n${body.join('\n')}\n`);
    }
    this.#seen.set(idempotencyKey, posted);
    return posted;
  }

  async postPaper(
    _target: Target,
    parent: PostedParent,
    card: PaperCard,
    idempotencyKey: string,
  ): Promise<{ messageId: string }> {
    const seen = this.#seen.get(idempotencyKey) as { messageId: string } | undefined;
    if (seen) return seen;
    const posted = { messageId: `terminal-${this.#next++}` };
    if (this.options.json) {
      this.write(`${JSON.stringify({ type: 'digest_paper', thread: parent.threadId, card })}\n`);
      this.#seen.set(idempotencyKey, posted);
      return posted;
    }
    // renderReply's card layout, without its title line, indented under the parent
    // (wrapped four columns narrower, for the "  │ " in front).
    const width = this.options.width?.();
    const body = renderReply({ title: '', cards: [card], visibility: 'public' }, this.style, width && width - 4)
      .split('\n')
      .slice(2);
    const lines = body.filter((l) => l !== '').map((l) => `  │ ${l}`);
    this.write(`  │\n${lines.join('\n')}\n`);
    this.#seen.set(idempotencyKey, posted);
    return posted;
  }
}
