import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import stringWidth from 'string-width';
import { afterAll, describe, expect, it } from 'vitest';
import { TerminalDigestSink } from '../../adapters/terminal/digest-sink.js';
import { runPrompt, TerminalScreen } from '../../adapters/terminal/index.js';
import { loadConfig } from '../../src/config.js';
import { main, USAGE } from '../../src/main.js';
import type { Reply } from '../../src/reply.js';
import { person, sampleBot } from '../core/helpers.js';

// What the terminal prints: wrapped to the window without splitting words or URLs,
// coloured only on a terminal and never with NO_COLOR, JSON with --json, and a digest
// that arrives while the prompt waits redraws `papers>` with what was typed.
const dir = mkdtempSync(join(tmpdir(), 'paperboy-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const visible = (s: string): string => s.replace(ANSI, '');

/** A writable that says it is a terminal of `columns` columns, collecting what is written. */
function fakeTty(columns: number | undefined, isTTY = true) {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  out.isTTY = isTTY;
  if (columns !== undefined) out.columns = columns;
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { out, text: () => text };
}

const COMMANDS = [
  'today',
  'week 2026-W33 page=2',
  'search "in-context learning"',
  'paper 2608.19880',
  'help',
  'help digest',
  'preview agent',
  'date 2026-02-30',
  'todya',
];

const cjk: Reply = {
  title: '日本語のタイトル · 一个很长的中文标题，用来测试宽字符的换行是否正确处理',
  lines: ['絵文字 🎉🎉🎉 と かな が まざった ぶんしょう を ながく ながく つづけて みる テスト です'],
  cards: [
    {
      rank: 1,
      id: '2608.00001',
      title: '大規模言語モデルの推論能力に関する包括的な調査と新しいベンチマークの提案',
      hfUrl: 'https://huggingface.co/papers/2608.00001',
      arxivUrl: 'https://arxiv.org/abs/2608.00001',
      upvotes: 5,
      authors: '山田 太郎, 李 明, 김 민수',
      blurb: 'これは とても ながい ようやく です。'.repeat(6),
      github: { url: `https://github.com/example/${'very-long-repository-name-'.repeat(4)}end`, stars: 3 },
    },
  ],
  visibility: 'public',
};

async function repliesFor(): Promise<Reply[]> {
  const { bot } = sampleBot();
  const replies = [cjk];
  for (const text of COMMANDS) replies.push(await bot.handle({ caller: person({ canManageChannel: true }), text }));
  return replies;
}

describe('wrapping to the terminal width', async () => {
  const replies = await repliesFor();
  for (const columns of [40, 60, 80, 100, 132]) {
    it(`${columns} columns: no line wider, no word or URL split`, () => {
      for (const reply of replies) {
        const { out, text } = fakeTty(columns);
        new TerminalScreen(out).reply(reply);
        const lines = visible(text()).split('\n');
        for (const line of lines) {
          if (stringWidth(line) <= columns) continue;
          // Only a single token too long for any line may stick out (a long URL), never split.
          expect(line.trim(), `${reply.title} at ${columns}`).toMatch(/^\S+(?:[\u00a0]\S+)*$/);
        }
        const printed = visible(text());
        const urls = (reply.cards ?? []).flatMap((c) => [c.hfUrl, c.arxivUrl, c.github?.url, c.projectPage]);
        for (const url of urls.filter(Boolean)) expect(printed, `${url} at ${columns}`).toContain(url!);
        // Every word of every title is printed whole (wrapping only ever replaces a space).
        const tokens = new Set(printed.split(/[\s\u00a0]+/));
        for (const c of reply.cards ?? [])
          for (const word of c.title.split(' ')) expect(tokens.has(word), word).toBe(true);
        // Nothing is lost: the same words as unwrapped output, in the same order.
        const { out: flat, text: flatText } = fakeTty(undefined, false);
        new TerminalScreen(flat).reply(reply);
        const words = (s: string) => s.split(/[\s\u00a0]+/).filter(Boolean);
        expect(words(printed)).toEqual(words(flatText()));
      }
    });
  }

  it('follows a resized window', async () => {
    const { out, text } = fakeTty(120);
    const screen = new TerminalScreen(out);
    screen.reply(replies[1]!);
    const wide = Math.max(
      ...visible(text())
        .split('\n')
        .map((l) => stringWidth(l)),
    );
    out.columns = 50;
    const before = text().length;
    screen.reply(replies[1]!);
    // Only lines that are one unbreakable token (a long URL) may be wider than the window.
    const narrow = Math.max(
      ...visible(text().slice(before))
        .split('\n')
        .filter((l) => /\s\S/.test(l.trim()))
        .map((l) => stringWidth(l)),
    );
    expect(wide).toBeGreaterThan(50);
    expect(narrow).toBeLessThanOrEqual(50);
  });

  it('a pipe or a file is not wrapped', () => {
    const { out, text } = fakeTty(40, false);
    new TerminalScreen(out).reply(replies[1]!);
    expect(
      visible(text())
        .split('\n')
        .some((l) => l.length > 40),
    ).toBe(true);
  });
});

describe('colour', async () => {
  const [, today] = await repliesFor();
  it('on a terminal: coloured; with NO_COLOR or into a pipe: none', () => {
    const cases: [boolean, boolean | undefined, boolean][] = [
      [true, undefined, true],
      [true, false, true],
      [true, true, false],
      [false, undefined, false],
      [false, true, false],
    ];
    for (const [isTTY, noColor, coloured] of cases) {
      const { out, text } = fakeTty(80, isTTY);
      new TerminalScreen(out, { noColor }).reply(today!);
      expect(text().includes('\u001b['), `tty=${isTTY} NO_COLOR=${noColor}`).toBe(coloured);
    }
  });

  it('NO_COLOR is read by config (any non-empty value)', () => {
    for (const value of ['1', 'true', 'yes', '0']) expect(loadConfig({ NO_COLOR: value }).noColor, value).toBe(true);
    expect(loadConfig({}).noColor).toBe(false);
    expect(loadConfig({ NO_COLOR: '' }).noColor).toBe(false);
  });

  it('npm start with NO_COLOR on a terminal prints no colour codes', async () => {
    const env = { PAPERBOY_SOURCE: 'sample', PAPERBOY_DATA_FILE: join(dir, 'nocolor', 'store.json') };
    for (const [extra, coloured] of [
      [{ NO_COLOR: '1' }, false],
      [{}, true],
    ] as const) {
      const { out, text } = fakeTty(80);
      const code = await main(
        ['--exec', 'today top=2'],
        { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() },
        {
          ...env,
          ...extra,
        },
      );
      expect(code).toBe(0);
      expect(text().includes('\u001b['), JSON.stringify(extra)).toBe(coloured);
    }
  });
});

describe('--json', () => {
  const env = (name: string) => ({ PAPERBOY_SOURCE: 'sample', PAPERBOY_DATA_FILE: join(dir, name, 'store.json') });
  const run = async (argv: string[], name: string, stdinText?: string) => {
    const { out, text } = fakeTty(80); // even on a terminal: plain JSON, no colour, no wrapping
    const stdin = new PassThrough();
    if (stdinText !== undefined) stdin.end(stdinText);
    const code = await main(argv, { stdin, stdout: out, stderr: new PassThrough() }, env(name));
    return { code, lines: text().trimEnd().split('\n') };
  };

  it('--exec prints the reply as one line of JSON, exit 0 (1 for an error reply)', async () => {
    const { bot } = sampleBot({ now: '2026-08-21T12:00:00Z' }); // the sample's clock
    for (const [command, exit] of [
      ['today', 0],
      ['search "in-context learning" sort=new', 0],
      ['paper 2608.19880', 0],
      ['help', 0],
      ['date 2026-02-30', 1],
      ['todya', 1],
    ] as const) {
      const r = await run(['--json', '--exec', command], `json-${exit}`);
      expect(r.code, command).toBe(exit);
      expect(r.lines, command).toHaveLength(1);
      const reply = JSON.parse(r.lines[0]!) as Reply;
      const expected = await bot.handle({
        caller: person({ userId: 'local', workspaceId: 'local', channelId: 'terminal', canManageChannel: true }),
        text: command,
      });
      expect(reply.title).toBe(expected.title);
      expect(reply.error?.code).toBe(expected.error?.code);
      expect(reply.cards?.map((c) => c.id)).toEqual(expected.cards?.map((c) => c.id));
      expect(r.lines[0]!.includes('\u001b[')).toBe(false);
    }
  });

  it('the prompt with --json: no banner or prompt, one JSON reply per line typed', async () => {
    const r = await run(['--json'], 'json-prompt', 'today top=1\n\nbogus\nhelp today\nexit\n');
    expect(r.code).toBe(0);
    const parsed = r.lines.map((l) => JSON.parse(l) as Reply);
    expect(parsed.map((p) => p.error?.code ?? 'ok')).toEqual(['ok', 'unknown_command', 'ok']);
  });

  it('digest now with --json: the posts as JSON lines, then the reply', async () => {
    const r = await run(['--json', '--exec', 'digest now top=2'], 'json-digest');
    const parsed = r.lines.map((l) => JSON.parse(l) as { type?: string; title?: string });
    expect(parsed.map((p) => p.type ?? 'reply')).toEqual(['digest_parent', 'digest_paper', 'digest_paper', 'reply']);
    expect(parsed.at(-1)!.title).toMatch(/^Posted the Thu 20 Aug 2026 digest/);
  });

  it('is in --help', () => {
    expect(USAGE).toMatch(/--json +print each reply as one line of JSON/);
    expect(USAGE).toMatch(/NO_COLOR/);
  });
});

describe('a digest printed while the prompt waits', () => {
  const digestCard = {
    rank: 1,
    id: '2608.19880',
    title: 'EnvHarness',
    hfUrl: 'https://huggingface.co/papers/2608.19880',
    arxivUrl: 'https://arxiv.org/abs/2608.19880',
    upvotes: 1,
    authors: 'A',
    blurb: 'B',
  };
  const target = { platform: 'terminal' as const, workspaceId: 'local', kind: 'user' as const, id: 'local' };
  const header = { listDate: '2026-08-20', title: 'Daily Papers · Thu 20 Aug 2026', threadName: 'Daily Papers' };
  const tick = () => new Promise((r) => setTimeout(r, 20));

  for (const isTTY of [true, false]) {
    it(`redraws papers> and what was typed (${isTTY ? 'a terminal' : 'a pipe'})`, async () => {
      const { bot } = sampleBot();
      const input = new PassThrough();
      const { out, text } = fakeTty(80, isTTY);
      const screen = new TerminalScreen(out, { noColor: true });
      const sink = new TerminalDigestSink((s) => screen.print(s));
      const done = runPrompt(bot, input, screen);
      await tick();
      input.write('tod'); // typed, not yet entered
      await tick();
      const before = text().length;
      const parent = await sink.postParent(target, header, 'k1');
      await sink.postPaper(target, parent, digestCard, 'k2');
      const after = visible(text().slice(before));
      expect(after).toContain('━━ Daily Papers · Thu 20 Aug 2026');
      const tail = after.slice(after.lastIndexOf('EnvHarness'));
      expect(tail).toMatch(/papers> /);
      if (isTTY) expect(tail).toMatch(/papers> tod$/);
      input.end('ay\nexit\n');
      await done;
      // The line typed around the digest still ran as one command.
      expect(visible(text())).toContain('Daily Papers · Fri 21 Aug 2026');
    });
  }

  it('while a command is being answered, the prompt is not drawn in between', async () => {
    const { out, text } = fakeTty(80);
    const screen = new TerminalScreen(out, { noColor: true });
    screen.print('\n━━ a digest\n');
    expect(text()).toBe('\n━━ a digest\n');
  });
});
