import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buttonKeyFrom } from '../../src/button-key.js';
import { ConfigError, loadConfig, Secret } from '../../src/config.js';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.source).toBe('hf');
    expect(c.hf.apiUrl).toBe('https://huggingface.co');
    expect(c.hf.timeoutMs).toBe(10_000);
    expect(c.hf.openDayTtlMs).toBe(600_000);
    expect(c.dataFile).toBe('./data/paperboy.json');
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('lets overrides (command-line flags) win over the environment', () => {
    expect(loadConfig({ PAPERBOY_SOURCE: 'hf' }, { PAPERBOY_SOURCE: 'sample' }).source).toBe('sample');
  });

  it('lists every bad value with how to fix it', () => {
    const err = (() => {
      try {
        loadConfig({ PAPERBOY_SOURCE: 'live', HF_TIMEOUT_MS: 'soon', HF_API_URL: 'ftp://x' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as ConfigError).message;
    expect(msg).toMatch(/PAPERBOY_SOURCE must be "hf".*or "sample"/);
    expect(msg).toMatch(/HF_TIMEOUT_MS must be a whole number from 100 to 120000 \(got "soon"\)/);
    expect(msg).toMatch(/HF_API_URL must be an http\(s\) URL/);
  });

  it('requires the companion settings of a platform token', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 't' })).toThrow(/DISCORD_APP_ID is required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET.*or SLACK_APP_TOKEN/);
    expect(() => loadConfig({ DISCORD_TOKEN: 't', DISCORD_APP_ID: '12' })).toThrow(/17–20 digits/);
  });

  it('never prints secrets, however the config is logged', () => {
    const c = loadConfig({
      DISCORD_TOKEN: 'super-secret-token',
      DISCORD_APP_ID: '123456789012345678',
      HF_TOKEN: 'hf_abc',
    });
    const shown = [JSON.stringify(c), inspect(c, { depth: 10 }), String(c.discord?.token), `${c.hf.token}`].join('\n');
    expect(shown).not.toMatch(/super-secret-token|hf_abc/);
    expect(c.discord?.token).toBeInstanceOf(Secret);
    expect(c.discord?.token.reveal()).toBe('super-secret-token');
  });

  it('reads PAPERBOY_SECRET_KEY as a secret for the button key, refusing one too short to be a key', async () => {
    const c = loadConfig({ PAPERBOY_SECRET_KEY: 'k'.repeat(40) });
    expect(c.secretKey).toBeInstanceOf(Secret);
    expect(`${JSON.stringify(c)} ${inspect(c)}`).not.toContain('k'.repeat(40));
    expect(() => loadConfig({ PAPERBOY_SECRET_KEY: 'short' })).toThrow(/PAPERBOY_SECRET_KEY must be at least 32/);
    expect(loadConfig({}).secretKey).toBeUndefined();
    // The same secret gives the same button key (buttons survive a restart); none gives a fresh one each time.
    const [a, b] = await Promise.all([buttonKeyFrom(c).buttonKey(), buttonKeyFrom(c).buttonKey()]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const [x, y] = await Promise.all([buttonKeyFrom({}).buttonKey(), buttonKeyFrom({}).buttonKey()]);
    expect(Buffer.from(x).equals(Buffer.from(y))).toBe(false);
    // Derived, not the secret itself.
    expect(Buffer.from(a).toString()).not.toContain('k'.repeat(32));
  });
});
