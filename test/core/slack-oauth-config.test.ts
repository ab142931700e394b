import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, Secret } from '../../src/config.js';
import { sealerFrom, UnsealError } from '../../src/sealed.js';

/** The two Slack modes in the configuration, and the sealing of tokens at rest. */
const OAUTH = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: 'client-secret-0123456789',
  SLACK_STATE_SECRET: 'state-secret-0123456789abcdef',
  SLACK_SIGNING_SECRET: 'signing-secret',
  PAPERBOY_SECRET_KEY: 'paperboy-secret-key-0123456789abcdef',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('Slack configuration: one workspace or many', () => {
  it('the three OAuth settings (with the signing secret and PAPERBOY_SECRET_KEY) select OAuth mode', () => {
    const slack = loadConfig(OAUTH).slack!;
    expect(slack.botToken).toBeUndefined();
    expect(slack.oauth!.clientId).toBe('1111111111.2222222222');
    expect(inspect(slack.oauth)).not.toContain('client-secret-0123456789');
    expect(inspect(slack.oauth)).not.toContain('state-secret');
  });

  it('single-workspace mode is unchanged', () => {
    const slack = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack!;
    expect(slack.botToken!.reveal()).toBe('xoxb-1');
    expect(slack.oauth).toBeUndefined();
  });

  it('partial OAuth settings name what is set and what is missing', () => {
    const [p] = problems({
      SLACK_CLIENT_ID: 'x',
      SLACK_SIGNING_SECRET: 's',
      PAPERBOY_SECRET_KEY: OAUTH.PAPERBOY_SECRET_KEY,
    });
    expect(p).toContain('SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are not');
  });

  it('both modes at once is refused, naming both sides', () => {
    const p = problems({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(p.join('\n')).toMatch(/Choose one Slack mode: SLACK_BOT_TOKEN .* SLACK_CLIENT_ID/);
  });

  it('OAuth without PAPERBOY_SECRET_KEY, without a signing secret, or with Socket Mode is refused', () => {
    const { PAPERBOY_SECRET_KEY: _k, SLACK_SIGNING_SECRET: _s, ...rest } = OAUTH;
    const p = problems({ ...rest, SLACK_APP_TOKEN: 'xapp-1' }).join('\n');
    expect(p).toContain('Slack OAuth needs PAPERBOY_SECRET_KEY');
    expect(p).toContain('unset SLACK_APP_TOKEN');
    expect(problems({ ...rest, PAPERBOY_SECRET_KEY: OAUTH.PAPERBOY_SECRET_KEY }).join('\n')).toContain(
      'Slack OAuth needs SLACK_SIGNING_SECRET',
    );
  });

  it('SLACK_REDIRECT_URI must be https, and needs OAuth', () => {
    expect(problems({ ...OAUTH, SLACK_REDIRECT_URI: 'http://paperboy.example/slack/oauth_redirect' }).join()).toContain(
      'must be an https:// URL',
    );
    expect(
      loadConfig({ ...OAUTH, SLACK_REDIRECT_URI: 'https://p.example/slack/oauth_redirect' }).slack!.oauth!.redirectUri,
    ).toBe('https://p.example/slack/oauth_redirect');
    expect(problems({ SLACK_REDIRECT_URI: 'https://p.example/x' }).join()).toContain('Slack OAuth is not');
  });
});

describe('sealed values (AES-256-GCM under PAPERBOY_SECRET_KEY)', () => {
  const sealer = sealerFrom(new Secret('paperboy-secret-key-0123456789abcdef'));

  it('opens what it sealed, for the same context only; the plaintext is not in the sealed text', () => {
    const sealed = sealer.seal('xoxb-very-secret-token', 'slack:T1');
    expect(sealed).not.toContain('xoxb');
    expect(sealer.open(sealed, 'slack:T1')).toBe('xoxb-very-secret-token');
    expect(sealer.seal('xoxb-very-secret-token', 'slack:T1')).not.toBe(sealed); // a fresh IV each time
    expect(() => sealer.open(sealed, 'slack:T2')).toThrow(UnsealError);
  });

  it('tells another key from a damaged value, and never returns anything for either', () => {
    const sealed = sealer.seal('xoxb-token', 'slack:T1');
    const other = sealerFrom(new Secret('another-secret-key-0123456789abcdef'));
    expect(() => other.open(sealed, 'slack:T1')).toThrow(expect.objectContaining({ reason: 'other_key' }));
    const parts = sealed.split('.');
    parts[4] = Buffer.from('xoxb-forged').toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'slack:T1')).toThrow(expect.objectContaining({ reason: 'damaged' }));
    expect(() => sealer.open('{"bot":{"token":"xoxb-plain"}}', 'slack:T1')).toThrow(UnsealError);
  });
});
