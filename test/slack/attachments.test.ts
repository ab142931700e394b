import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../src/command.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Long answers as a Slack file, through the real Bolt App: the reply's attachment goes
 * through files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal) on
 * the loopback fake, into the person's DM for a private reply or the channel for a
 * public one, and the response_url answer says where it went.
 */
const FOUR = '2607.16617 2607.18703 2607.19139 2607.18367';

/** A public reply with a file, as a channel export will be. */
const publicExport = defineCommand({
  name: 'publicexport',
  summary: 'Test only: a public reply with a file',
  usage: 'publicexport',
  examples: ['publicexport'],
  args: z.object({}),
  scope: 'personal',
  run: async () => ({
    title: 'Reading list',
    lines: ['The channel reading list.'],
    attachment: {
      filename: 'reading-list.ris',
      contentType: 'application/x-research-info-systems',
      text: 'TY  - GEN\r\nER  - \r\n',
    },
    visibility: 'public',
  }),
});

const texts = (body: { text?: string; blocks?: unknown[] }) => JSON.stringify(body.blocks ?? []) + (body.text ?? '');

describe('Slack file uploads through the real Bolt App', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ extraCommands: [publicExport] });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.scopes.add('files:write');
    h.fake.channelErrors.clear();
  });

  it('uploads a four-paper BibTeX export into the asker’s DM and says so privately', async () => {
    const before = h.fake.files.length;
    const [answer] = await h.slash(`cite ${FOUR}`, { user: 'U0ALICE' });
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(texts(answer!.body)).toContain('paperboy-4-papers.bib is in your DM with Paperboy');
    const file = h.fake.files[before]!;
    expect(file.filename).toBe('paperboy-4-papers.bib');
    expect(file.size).toBe(file.length);
    expect(file.shares).toEqual([{ channel: 'D0ALICE', title: 'paperboy-4-papers.bib' }]);
    expect(h.fake.callsTo('conversations.open').at(-1)!.args.users).toBe('U0ALICE');
    const lib = parse(file.text!, { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(FOUR.split(' '));
  });

  it('shows one citation inline as a code block, uploading nothing', async () => {
    const before = h.fake.files.length;
    const [answer] = await h.slash('cite 2607.16617');
    expect(h.fake.files.length).toBe(before);
    const sections = (answer!.body.blocks as { type: string; text?: { text: string } }[])
      .map((b) => b.text?.text ?? '')
      .filter((t) => t.startsWith('```'));
    expect(sections).toHaveLength(1);
    const lib = parse(sections[0]!.slice(3, -3).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'), {
      english: false,
    });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(['2607.16617']);
  });

  it('without the files:write scope, gives the export inline and names the missing scope', async () => {
    h.fake.scopes.delete('files:write');
    const [answer] = await h.slash(`cite ${FOUR} format=ris`);
    const all = texts(answer!.body);
    expect(all).toContain('lacks the files:write scope');
    expect(all).toContain('TY  - UNPB');
    expect(h.logger.entries.some((e) => e.msg === 'slack file upload failed')).toBe(true);
  });

  it('shares a public reply’s file in the channel it was asked in', async () => {
    const before = h.fake.files.length;
    const [answer] = await h.slash('publicexport', { channel: 'C0CLUB' });
    expect(answer!.body.response_type).toBe('in_channel');
    expect(texts(answer!.body)).toContain('reading-list.ris is in this channel');
    expect(h.fake.files[before]!.shares).toEqual([{ channel: 'C0CLUB', title: 'reading-list.ris' }]);
  });

  it('falls back to the DM when Paperboy is not in that channel', async () => {
    h.fake.channelErrors.set('C0PRIVATE', 'not_in_channel');
    const before = h.fake.files.length;
    const [answer] = await h.slash('publicexport', { channel: 'C0PRIVATE', user: 'U0BOB' });
    expect(texts(answer!.body)).toContain('reading-list.ris is in your DM with Paperboy');
    const shared = h.fake.files.slice(before).flatMap((f) => f.shares);
    expect(shared).toEqual([{ channel: 'D0BOB', title: 'reading-list.ris' }]);
  });
});
