import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { FakeReceiver } from './receiver.js';

/**
 * The user's path: `npm start -- --exec "digest …"` with a webhook in the environment.
 * main() finds the webhook in the platform list, runs it beside the terminal, and the
 * terminal's digest arrives as POSTs instead of being printed; the JSON data file keeps
 * the ledger between the runs, so the second `digest now` posts nothing.
 */
const SECRET = 'whsec-exec-0123456789abcdef';
let receiver: FakeReceiver;
let dir: string;
beforeAll(async () => {
  receiver = await FakeReceiver.start();
  dir = mkdtempSync(join(tmpdir(), 'paperboy-webhook-'));
});
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exec(command: string): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await main(
    ['--exec', command],
    { stdin: new PassThrough(), stdout, stderr: new PassThrough() },
    {
      PAPERBOY_SOURCE: 'sample',
      PAPERBOY_DATA_FILE: join(dir, 'paperboy.json'),
      PAPERBOY_WEBHOOK_URL: receiver.url,
      PAPERBOY_WEBHOOK_SECRET: SECRET,
    },
  );
  return { code, out };
}

describe('webhook digests from the terminal (--exec)', () => {
  it('posts `digest now` to the webhook once, and prints no thread', async () => {
    expect((await exec('digest on top=2')).code).toBe(0);
    const first = await exec('digest now');
    expect(first.code).toBe(0);
    expect(first.out).toContain('2 papers.');
    expect(first.out).not.toContain('━━');
    expect(receiver.accepted().map((p) => p.json.type)).toEqual([
      'digest.started',
      'digest.paper',
      'digest.paper',
      'digest.finished',
    ]);
    const again = await exec('digest now');
    expect(again.out).toMatch(/already posted/);
    expect(receiver.posts).toHaveLength(4);
  });
});
