import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSigned, slackSignature, slashCommandBody } from '../fakes/slack/signed-request.js';
import { SIGNING_SECRET, startHarness, type Harness } from './harness.js';

/**
 * Issue 13 item 15: signed requests against the real Bolt receiver. Timestamps more than
 * five minutes off either way are refused, a signed request is answered once however
 * often it is replayed, and an oversized body is refused unread — all before Bolt runs
 * anything.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

let seq = 0;
const body = (id: string, text = 'today') =>
  slashCommandBody({ text, user_id: 'U0ALICE', channel_id: 'C0GENERAL', response_url: h.fake.responseUrl(id) });
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** How many answers reached this request's response_url, after giving a wrong acceptance time to show. */
async function answersTo(id: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 400));
  return h.fake.responses.filter((r) => r.id === id).length;
}

describe('request timestamps', () => {
  it('refuses timestamps more than five minutes in the future, as it does in the past', async () => {
    for (const offset of [301, 330, 600, 3600, 86_400, 365 * 86_400, -301, -600, -86_400]) {
      const id = `ts-${++seq}`;
      const res = await sendSigned(h.eventsUrl, SIGNING_SECRET, body(id), { timestamp: nowSeconds() + offset });
      expect(res.status, `offset ${offset} s`).toBe(401);
      expect(await answersTo(id), `offset ${offset} s`).toBe(0);
    }
  });

  it('accepts a clock a few minutes off either way', async () => {
    for (const offset of [-240, -30, 0, 30, 240]) {
      const id = `ts-${++seq}`;
      const res = await sendSigned(h.eventsUrl, SIGNING_SECRET, body(id), { timestamp: nowSeconds() + offset });
      expect(res.status, `offset ${offset} s`).toBe(200);
      expect(await answersTo(id), `offset ${offset} s`).toBe(1);
    }
  });

  it('refuses timestamps that are not whole seconds, signed as they are', async () => {
    for (const ts of [
      '',
      'abc',
      '1e9',
      `${nowSeconds()}.5`,
      '-1',
      ' 1',
      '9'.repeat(20),
      `0x${nowSeconds().toString(16)}`,
    ]) {
      const id = `ts-${++seq}`;
      const raw = body(id);
      const res = await fetch(h.eventsUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': slackSignature(SIGNING_SECRET, ts, raw),
        },
        body: raw,
      });
      expect(res.status, JSON.stringify(ts)).toBe(401);
      expect(await answersTo(id), JSON.stringify(ts)).toBe(0);
    }
  });
});

describe('replayed requests', () => {
  it('answers a signed request once, however often it is replayed (at once, or seconds later)', async () => {
    const id = `replay-${++seq}`;
    const raw = body(id);
    const timestamp = nowSeconds();
    const first = await sendSigned(h.eventsUrl, SIGNING_SECRET, raw, { timestamp });
    expect(first.status).toBe(200);
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => sendSigned(h.eventsUrl, SIGNING_SECRET, raw, { timestamp })),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const later = await sendSigned(h.eventsUrl, SIGNING_SECRET, raw, { timestamp });
    expect([...burst, later].map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(await answersTo(id)).toBe(1);
  });

  it('lets exactly one of simultaneous copies through', async () => {
    const id = `replay-${++seq}`;
    const raw = body(id);
    const timestamp = nowSeconds();
    const copies = await Promise.all(
      Array.from({ length: 8 }, () => sendSigned(h.eventsUrl, SIGNING_SECRET, raw, { timestamp })),
    );
    expect(copies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(await answersTo(id)).toBe(1);
  });

  it('still answers the same command sent again as a new request (a new timestamp, a new signature)', async () => {
    const id = `again-${++seq}`;
    const raw = body(id);
    const a = await sendSigned(h.eventsUrl, SIGNING_SECRET, raw, { timestamp: nowSeconds() - 1 });
    const b = await sendSigned(h.eventsUrl, SIGNING_SECRET, raw, { timestamp: nowSeconds() });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await answersTo(id)).toBe(2);
  });

  it('does not let an invalid signature use up a real one', async () => {
    const id = `poison-${++seq}`;
    const raw = body(id);
    const timestamp = nowSeconds();
    const real = slackSignature(SIGNING_SECRET, timestamp, raw);
    // The same signature header on a different body is refused, and does not block the real request.
    const wrongBody = await sendSigned(h.eventsUrl, SIGNING_SECRET, body(`${id}-x`), { timestamp, signature: real });
    expect(wrongBody.status).toBe(401);
    const ok = await sendSigned(h.eventsUrl, SIGNING_SECRET, raw, { timestamp });
    expect(ok.status).toBe(200);
    expect(await answersTo(id)).toBe(1);
  });
});

describe('body size', () => {
  it('refuses validly signed bodies over 64 kB with 413, unread, whatever their shape', async () => {
    for (const size of [65 * 1024, 256 * 1024, 1024 * 1024]) {
      const id = `big-${++seq}`;
      const raw = `${body(id)}&pad=${'x'.repeat(size)}`;
      const res = await sendSigned(h.eventsUrl, SIGNING_SECRET, raw).catch((e: Error) => ({ status: e.message }));
      expect(res.status, `${size} bytes`).toBe(413);
      expect(await answersTo(id), `${size} bytes`).toBe(0);
    }
  });

  it('refuses an oversized chunked body (no Content-Length) too', async () => {
    const id = `chunked-${++seq}`;
    const raw = `${body(id)}&pad=${'y'.repeat(200 * 1024)}`;
    const timestamp = nowSeconds();
    const url = new URL(h.eventsUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'transfer-encoding': 'chunked',
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, raw),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < raw.length; i += 8192) req.write(raw.slice(i, i + 8192));
      req.end();
    });
    expect(status).toBe(413);
    expect(await answersTo(id)).toBe(0);
  });

  it('still answers a large but reasonable signed body (a long command gets its own short error)', async () => {
    const id = `long-${++seq}`;
    const raw = body(id, `search ${'word '.repeat(700)}`);
    expect(raw.length).toBeLessThan(64 * 1024);
    const res = await sendSigned(h.eventsUrl, SIGNING_SECRET, raw);
    expect(res.status).toBe(200);
    expect(await answersTo(id)).toBe(1);
  });
});
