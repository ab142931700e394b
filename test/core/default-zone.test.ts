import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { execOnce, TerminalScreen } from '../../adapters/terminal/index.js';
import type { Target } from '../../src/caller.js';
import { loadConfig } from '../../src/config.js';
import { person, sampleBot } from './helpers.js';

/** Issue 13 item 4: no silent guess for an abbreviation, and the person's own zone as the default. */
const mine: Target = { platform: 'terminal', workspaceId: 'W1', kind: 'user', id: 'U1' };

describe('digest time zones', () => {
  it('asks which zone `tz=EST` (and the other ambiguous abbreviations) means, and stores nothing', async () => {
    const { bot, services } = sampleBot();
    for (const abbr of ['EST', 'est', 'CST', 'IST', 'BST', 'MST', 'PST', 'AST']) {
      const reply = await bot.handle({ caller: person(), text: `digest on tz=${abbr}` });
      expect(reply.error?.code, abbr).toBe('bad_input');
      expect(reply.error?.message, abbr).toMatch(/can mean more than one time zone — which one\?/);
      expect(reply.error?.message, abbr).not.toMatch(/America\/Panama\b(?! \()/);
    }
    expect(await services.store.digests.get(mine)).toBeUndefined();
  });

  it("starts a digest in the caller's own zone when no tz= is given", async () => {
    const { bot, services } = sampleBot();
    const reply = await bot.handle({ caller: person({ timezone: 'America/New_York' }), text: 'digest on' });
    expect(reply.lines?.join('\n')).toContain('America/New_York');
    expect(await services.store.digests.get(mine)).toMatchObject({ timezone: 'America/New_York' });
  });

  it('lets tz= win over the own zone, and keeps a stored zone over the own zone', async () => {
    const { bot, services } = sampleBot();
    await bot.handle({ caller: person({ timezone: 'America/New_York' }), text: 'digest on tz=Asia/Tokyo' });
    expect(await services.store.digests.get(mine)).toMatchObject({ timezone: 'Asia/Tokyo' });
    await bot.handle({ caller: person({ timezone: 'America/New_York' }), text: 'digest on time=07:00' });
    expect(await services.store.digests.get(mine)).toMatchObject({ timezone: 'Asia/Tokyo', time: '07:00' });
  });

  it('falls back to Europe/Berlin with no own zone', async () => {
    const { bot, services } = sampleBot();
    await bot.handle({ caller: person(), text: 'digest on' });
    expect(await services.store.digests.get(mine)).toMatchObject({ timezone: 'Europe/Berlin' });
  });
});

describe("the terminal's own zone is the host's TZ", () => {
  it('reads TZ in config (only config reads the environment), ignoring what names no single zone', () => {
    expect(loadConfig({ TZ: 'Asia/Tokyo' }).hostTimezone).toBe('Asia/Tokyo');
    expect(loadConfig({ TZ: ':America/New_York' }).hostTimezone).toBe('America/New_York');
    for (const tz of [undefined, '', 'EST', 'CET-1CEST,M3.5.0,M10.5.0/3', 'Not/AZone']) {
      expect(loadConfig(tz === undefined ? {} : { TZ: tz }).hostTimezone, String(tz)).toBeUndefined();
    }
  });

  it('`digest on` in the terminal uses it', async () => {
    const { bot, services } = sampleBot();
    let out = '';
    const output = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    expect(await execOnce(bot, 'digest on', new TerminalScreen(output, { timezone: 'Australia/Perth' }))).toBe(0);
    expect(out).toContain('Australia/Perth');
    const stored = await services.store.digests.get({
      platform: 'terminal',
      workspaceId: 'local',
      kind: 'user',
      id: 'local',
    });
    expect(stored).toMatchObject({ timezone: 'Australia/Perth' });
  });
});
