import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../adapters/slack/index.js';

/**
 * The manifest is pasted into Slack by hand, so a wrong scope or URL shows up only at
 * install time. These checks read it as text (no YAML dependency of our own): the bot
 * scopes are exactly what the adapter calls, and every URL is Bolt's receiver path.
 */
const manifest = readFileSync(fileURLToPath(new URL('../../slack-manifest.yaml', import.meta.url)), 'utf8');
const lines = manifest.split('\n').filter((l) => !/^\s*#/.test(l));

describe('slack-manifest.yaml', () => {
  it('asks for exactly the bot scopes Paperboy uses, and no more', () => {
    const start = lines.findIndex((l) => /^\s+bot:\s*$/.test(l));
    const scopes: string[] = [];
    for (const line of lines.slice(start + 1)) {
      const m = /^\s+-\s+(\S+)\s*$/.exec(line);
      if (!m) break;
      scopes.push(m[1]!);
    }
    expect(scopes.sort()).toEqual([
      'channels:history',
      'chat:write',
      'commands',
      'files:write',
      'groups:history',
      'im:history',
      'im:write',
      'mpim:history',
      'users:read',
    ]);
    expect(manifest).not.toMatch(/^\s+user:\s*$/m);
    // What OAuth installs ask a workspace for is the same list.
    expect([...SLACK_BOT_SCOPES].sort()).toEqual(scopes.sort());
  });

  it('gives OAuth distribution its redirect URL and the two events that say the app left a workspace', () => {
    expect(manifest).toMatch(/redirect_urls:\s*\n\s+- https:\/\/YOUR-HOST\/slack\/oauth_redirect$/m);
    expect(manifest).toMatch(/bot_events:\s*\n\s+- app_uninstalled\s*\n\s+- tokens_revoked$/m);
    for (const name of [
      'SLACK_CLIENT_ID',
      'SLACK_CLIENT_SECRET',
      'SLACK_STATE_SECRET',
      'PAPERBOY_SECRET_KEY',
      '/slack/install',
    ])
      expect(manifest).toContain(name);
  });

  it('registers /papers, interactivity and events on the Bolt receiver path', () => {
    expect(manifest).toMatch(/^\s+- command: \/papers$/m);
    expect(manifest).toMatch(/interactivity:\s*\n(\s+#.*\n)*\s+is_enabled: true/);
    const urls = lines.filter((l) => /\b(url|request_url):/.test(l));
    expect(urls).toHaveLength(3);
    for (const u of urls) expect(u).toMatch(/https:\/\/YOUR-HOST\/slack\/events$/);
  });

  it('documents the Socket Mode toggle', () => {
    expect(manifest).toMatch(/^\s+socket_mode_enabled: (true|false)$/m);
    expect(manifest).toContain('SLACK_APP_TOKEN');
  });
});
