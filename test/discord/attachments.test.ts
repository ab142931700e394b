import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlock, renderReply } from '../../adapters/discord/render.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { FakeDiscord, UPLOAD_LIMITS } from '../fakes/discord/fake-discord.js';
import { chatInput } from '../fakes/discord/payloads.js';
import { expectValidMessage } from './expect-message.js';
import { callbackOf, settle, SlowSource, startHarness, type Harness } from './harness.js';

/**
 * Long answers as a real Discord attachment: discord.js uploads the reply's file as
 * multipart (payload_json + files[0]) on the interaction callback, or on the edit of a
 * deferred reply; the fake parses the form like Discord and stores the attachment on
 * the message. Short citations stay inline as a code block.
 */
const ada = { id: '900000000000000731', username: 'ada' };
const FOUR = '2608.19880 2608.18580 2608.20335 2608.19799';

const cite = (ids: string, format?: string) =>
  chatInput(
    'papers',
    'cite',
    [{ name: 'id', type: 3, value: ids }, ...(format ? [{ name: 'format', type: 3, value: format }] : [])],
    { user: ada },
  );

describe('Discord attachments through the real Client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deferAfterMs: 2000 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('uploads a four-paper BibTeX export as a file on the (ephemeral) interaction reply', async () => {
    const payload = cite(FOUR);
    h.fake.interact(payload);
    const callback = await callbackOf(h.fake, payload);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expectValidMessage(callback.body.data);
    expect(callback.files).toHaveLength(1);
    const file = callback.files![0]!;
    expect(file).toMatchObject({ field: 'files[0]', filename: 'paperboy-4-papers.bib' });
    const lib = parse(file.text, { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(FOUR.split(' '));
    // Discord keeps it on the message, where the person downloads it.
    const stored = [...h.fake.channels.values()].flat().find((m) => m.body.attachments?.[0]?.text === file.text);
    expect(stored?.body.attachments[0]).toMatchObject({ filename: 'paperboy-4-papers.bib', size: file.size });
    expect(callback.body.data.embeds[0].description).toContain('huang2026envharness');
  });

  it('shows one citation inline as a code block, with no file', async () => {
    const payload = cite('https://arxiv.org/abs/2608.19880v2');
    h.fake.interact(payload);
    const callback = await callbackOf(h.fake, payload);
    expect(callback.files).toBeUndefined();
    const code = callback.body.data.embeds
      .map((e: { description?: string }) => e.description ?? '')
      .find((d: string) => d.startsWith('```bibtex'));
    expect(code).toBeDefined();
    const lib = parse(code.replace(/^```bibtex\n|\n```$/g, ''), { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries[0]!.key).toBe('huang2026envharness');
  });

  it('sends RIS as a .ris file', async () => {
    const payload = cite(FOUR, 'ris');
    h.fake.interact(payload);
    const callback = await callbackOf(h.fake, payload);
    expect(callback.files![0]!.filename).toBe('paperboy-4-papers.ris');
    expect(callback.files![0]!.text.split('\r\n').filter((l) => l === 'ER  - ')).toHaveLength(4);
  });
});

describe('Discord attachments on a deferred reply', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ source: new SlowSource(new SampleSource(), 150), deferAfterMs: 10 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('defers privately, then uploads the file with the edit of the original', async () => {
    const payload = cite(FOUR);
    h.fake.interact(payload);
    const [callback, edit] = await settle(h.fake, payload, 2);
    expect(callback!.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toMatch(/\/messages\/@original$/);
    expect(edit!.files?.map((f) => f.filename)).toEqual(['paperboy-4-papers.bib']);
    expect(parse(edit!.files![0]!.text, { english: false }).entries).toHaveLength(4);
  });
});

describe('the fake Discord takes uploads the way Discord does', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  const post = (form: FormData) =>
    fetch(`${fake.apiUrl}/v10/channels/900000000000000200/messages`, { method: 'POST', body: form });
  const form = (files: { name: string; bytes: number }[]) => {
    const f = new FormData();
    f.append('payload_json', JSON.stringify({ content: 'x', attachments: files.map((_, i) => ({ id: i })) }));
    files.forEach((file, i) => f.append(`files[${i}]`, new Blob([Buffer.alloc(file.bytes, 97)]), file.name));
    return f;
  };

  it('stores a multipart message with its attachments', async () => {
    const res = await post(form([{ name: 'a.bib', bytes: 12 }]));
    expect(res.status).toBe(200);
    const message = (await res.json()) as { attachments: { filename: string; size: number }[] };
    expect(message.attachments).toMatchObject([{ filename: 'a.bib', size: 12 }]);
  });

  it(`refuses more than ${UPLOAD_LIMITS.files} files, and a file over 10 MiB`, async () => {
    const many = Array.from({ length: UPLOAD_LIMITS.files + 1 }, (_, i) => ({ name: `f${i}.txt`, bytes: 1 }));
    expect((await post(form(many))).status).toBe(400);
    const big = await post(form([{ name: 'big.txt', bytes: UPLOAD_LIMITS.bytes + 1 }]));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { code: number }).code).toBe(40005);
  });
});

describe('Discord rendering of exports', () => {
  it('keeps outside text from closing the code fence, and cuts at a line within the limit', () => {
    const text = `${'line with ``` inside\n'.repeat(400)}end`;
    const block = codeBlock({ text, language: 'bibtex' }, 4096);
    expect(block.length).toBeLessThanOrEqual(4096);
    expect(block.startsWith('```bibtex\n')).toBe(true);
    expect(block.endsWith('\n```')).toBe(true);
    expect(block.slice(10, -4)).not.toContain('```');
    expect(block).toContain('\n…\n```');
  });

  it('says so instead of sending a file larger than Discord takes', () => {
    const reply = {
      title: 'Huge',
      visibility: 'private' as const,
      attachment: { filename: 'huge.bib', contentType: 'text/plain', text: 'x'.repeat(UPLOAD_LIMITS.bytes + 1) },
    };
    const messages = renderReply(reply);
    expect(messages.flatMap((m) => m.files ?? [])).toEqual([]);
    expect(JSON.stringify(messages)).toContain('more than Discord accepts');
  });
});
