import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
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
});
