import { describe, expect, it } from 'vitest';
import { renderReply as renderDiscord } from '../../adapters/discord/render.js';
import { slackText } from '../../adapters/slack/escape.js';
import { renderReply as renderSlack } from '../../adapters/slack/render.js';
import { plain as plainStyle, renderReply as renderTerminal } from '../../adapters/terminal/render.js';
import { PaperboyError } from '../../src/errors.js';
import { code, errorReply, joinText, link, plainText, rich, type Reply } from '../../src/reply.js';

const reply: Reply = {
  title: 'T',
  lines: [rich`Try ${code('/papers today')} or read ${link('the guide', 'https://example.org/guide')}.`, 'plain `x`'],
  notices: [rich`Remove one with ${code('/papers unsubscribe #n')}.`],
  visibility: 'private',
};

describe('inline code and links in the Reply contract', () => {
  it('builds text from a template, merging plain pieces and keeping code and links', () => {
    const t = rich`a ${1} b ${code('c')} ${rich`d ${code('e')}`}`;
    expect(t.rich).toEqual(['a 1 b ', { code: 'c' }, ' d ', { code: 'e' }]);
    expect(plainText(t)).toBe('a 1 b `c` d `e`');
    expect(String(t)).toBe(plainText(t));
    expect(plainText(joinText([t, 'f'], '; '))).toBe('a 1 b `c` d `e`; f');
    expect(plainText(rich`see ${link('x', 'https://x.org')}`)).toBe('see x (https://x.org)');
  });

  it('an error keeps its plain message for logs and its rich text for the user', () => {
    const err = new PaperboyError('bad_input', rich`Type ${code('/papers help')}.`);
    expect(err.message).toBe('Type `/papers help`.');
    const r = errorReply(err.code, err.text);
    expect(r.error?.message).toBe('Type `/papers help`.');
    expect(r.error?.text?.rich).toEqual(['Type ', { code: '/papers help' }, '.']);
  });

  it('Discord: code spans and masked links; a plain string stays literal', () => {
    const description = renderDiscord(reply)[0]!.embeds[0]!.description!;
    expect(description).toContain('Try `/papers today` or read [the guide](https://example.org/guide).');
    expect(description).toContain('plain \\`x\\`');
    expect(description).toContain('⚠️ Remove one with `/papers unsubscribe #n`.');
  });

  it('Slack: code spans and <url|label> links; a plain backtick becomes a look-alike', () => {
    expect(slackText(reply.lines![0]!)).toBe('Try `/papers today` or read <https://example.org/guide|the guide>.');
    expect(slackText('plain `x`')).toBe('plain ˋxˋ');
    expect(slackText(rich`${code('<@U1> & `x`')}`)).toBe('`&lt;@U1&gt; &amp; ˋxˋ`');
    const blocks = JSON.stringify(renderSlack(reply)[0]!.blocks);
    expect(blocks).toContain('Try `/papers today` or read <https://example.org/guide|the guide>.');
  });

  it('terminal: the plain form, code in backticks and the URL after a link', () => {
    const out = renderTerminal(reply, plainStyle);
    expect(out).toContain('Try `/papers today` or read the guide (https://example.org/guide).');
    expect(out).toContain('! Remove one with `/papers unsubscribe #n`.');
  });
});
