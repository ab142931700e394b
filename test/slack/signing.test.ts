import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature, slashCommandBody } from '../fakes/slack/signed-request.js';
import { SIGNING_SECRET, startHarness, type Harness } from './harness.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/slack/${name}`, import.meta.url));

describe('the signing helper', () => {
  it("reproduces Slack's documented signature for the documented request", () => {
    const example = JSON.parse(readFileSync(fixture('request-signing-example.json'), 'utf8')) as {
      signing_secret: string;
      timestamp: string;
      expected_signature: string;
      body: string;
    };
    const body = readFileSync(fixture('slash-command-body.signing-example.txt'), 'utf8').replace(/\n$/, '');
    expect(body).toBe(example.body);
    expect(slackSignature(example.signing_secret, example.timestamp, body)).toBe(example.expected_signature);
    // A one-character change in the body must change the signature.
    expect(slackSignature(example.signing_secret, example.timestamp, `${body}x`)).not.toBe(example.expected_signature);
  });
});

describe('the Bolt receiver refuses unsigned requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Nothing ran: no response_url post, no Web API call beyond start-up, no command answered. */
  async function expectNothingRan(id: string) {
    // Give a wrongly accepted request time to reach the bot and respond.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.responses.filter((r) => r.id === id)).toEqual([]);
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(h.logger.entries.filter((e) => e.msg === 'command answered')).toEqual([]);
  }

  it('rejects a forged signature with 401', async () => {
    const res = await h.send(
      'today',
      { id: 'forged' },
      { signature: slackSignature('not-the-secret', Math.floor(Date.now() / 1000), 'x') },
    );
    expect(res.status).toBe(401);
    await expectNothingRan('forged');
  });

  it('rejects a request signed with the wrong secret over the real body with 401', async () => {
    // Sign the exact body, but with another secret: only the secret differs.
    const ts = Math.floor(Date.now() / 1000);
    const body = slashCommandBody({
      text: 'today',
      user_id: 'U0ALICE',
      channel_id: 'C0GENERAL',
      response_url: h.fake.responseUrl('wrong-secret'),
    });
    const res = await h.send(
      'today',
      { id: 'wrong-secret' },
      { timestamp: ts, signature: slackSignature(`${SIGNING_SECRET}x`, ts, body) },
    );
    expect(res.status).toBe(401);
    await expectNothingRan('wrong-secret');
  });

  it('rejects a missing signature with 401', async () => {
    const res = await h.send('today', { id: 'missing' }, { signature: null });
    expect(res.status).toBe(401);
    await expectNothingRan('missing');
  });

  it('rejects a correctly signed but stale (10 minutes old) request with 401', async () => {
    const res = await h.send('today', { id: 'stale' }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
    await expectNothingRan('stale');
  });

  it('accepts the same request correctly signed and fresh', async () => {
    const res = await h.send('today', { id: 'good' });
    expect(res.status).toBe(200);
    const [answer] = await h.fake.responsesTo('good');
    expect(answer!.body.response_type).toBe('in_channel');
  });
});
