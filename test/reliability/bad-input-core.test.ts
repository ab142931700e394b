import { describe, expect, it } from 'vitest';
import { plain, renderReply } from '../../adapters/terminal/render.js';
import { person, sampleBot } from '../core/helpers.js';
import { badInputs } from './bad-inputs.js';

// Through the grammar, every command and the terminal renderer: each input gets a clear
// error or a valid result; nothing throws, nothing is an internal error.
describe(`bad-input corpus through the core (${badInputs.length} inputs)`, () => {
  const { bot, logger } = sampleBot();

  it('has at least 150 inputs', () => expect(badInputs.length).toBeGreaterThanOrEqual(150));

  it('answers every input with a clear error or a valid result', async () => {
    const outcomes = await Promise.all(
      badInputs.map(async (text) => ({ text, reply: await bot.handle({ caller: person(), text }) })),
    );
    for (const { text, reply } of outcomes) {
      expect(reply.title, text).toBeTruthy();
      expect(reply.error?.code, `${JSON.stringify(text)} → ${reply.error?.message}`).not.toBe('internal');
      if (reply.error) {
        expect(reply.error.message.length, text).toBeLessThan(600);
        expect(reply.error.message, text).not.toMatch(/\bat .*\.(ts|js):\d+|ZodError|undefined|\[object Object\]/);
      } else {
        expect(reply.cards ?? reply.lines, text).toBeDefined();
      }
      const printed = renderReply(reply, plain);
      // eslint-disable-next-line no-control-regex
      expect(printed, text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    }
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('quotes long input back only in part', async () => {
    const r = await bot.handle({ caller: person(), text: `paper ${'x'.repeat(5000)}` });
    expect(r.error?.code).toBe('bad_input');
    expect(r.error!.message.length).toBeLessThan(300);
  });
});
