/**
 * The bad-input corpus (issue 7): text a person — or a mischievous one — might type
 * after /papers. Each must get a clear error or a valid result; nothing may crash or
 * ping anyone. Shared by the core, terminal, Discord and Slack reliability tests.
 */
const pings = ['@everyone', '@here', '<!channel>', '<!here>', '<!everyone>', '<@123456789012345678>', '<@U12345>', '<#C12345>', '<@&987654321098765432>', '<!subteam^S123>'];
const injections = ['**bold**', '__under__', '~~strike~~', '`code`', '```block```', '[link](https://evil.example)', '<https://evil.example|click>', '*mrkdwn*', '_it_', '> quote', '||spoiler||', '# heading', '&lt;!channel&gt;', '<script>alert(1)</script>', '${process.env}', '{{7*7}}', "'; DROP TABLE papers; --", '../../etc/passwd', '%00', '\\u0000'];
const unicode = ['日本語の論文', 'العربية', 'עברית', '\u202Eeman\u202C', 'to\u200Bday', '\uFEFFtoday', 'ｔｏｄａｙ', '🚀🔥', 'Ω≈ç√', 'e\u0301', '\u0000', '\u0007bell', '\u001b[31mred', 'zwj\u200Dtext', 'tab\there'];
const dates = ['2026-02-30', '2026-13-01', '2026-00-10', '2026-8-1', '26-08-19', '2026/08/19', '19.08.2026', '2026-08-19T00:00', '9999-12-31', '0000-01-01', '2100-01-01', 'tomorrow', 'yesterday', '-1', '2026-02-29', ''];
const numbers = ['top=0', 'top=-1', 'top=101', 'top=1e3', 'top=1.5', 'top=NaN', 'top=Infinity', 'top=', 'top=five', 'top=0x10', 'min_upvotes=-5', 'min_upvotes=1000001', 'page=0', 'page=-2', 'page=99999', 'page=1.2', 'sort=old', 'sort=', 'sort=TOP', 'top=99999999999999999999'];
const topics = ['"unbalanced', 'a OR', 'OR b', 'NOT', '-', '((a)', 'a))', '()', '""', 'author:', 'title:""', 'org:(', `${'('.repeat(60)}a${')'.repeat(60)}`, `${'a OR '.repeat(80)}b`, 'a AND AND b', 'NOT NOT NOT', '-(-(-x))', 'x'.repeat(300)];

const big = 'x'.repeat(10 * 1024);

export const badInputs: string[] = [
  // commands and structure
  '', ' ', '/papers', '/papers   ', 'papers', 'tody', 'TODAY', 'todayy', 'help me', 'help nosuch', 'help help', 'exit now', '/', '//papers today', '/papers/papers', '=', '==', 'today =', 'today =5', 'today top', 'today top==5', 'today top=5=6', 'today foo=bar', 'today please', 'yesterday 2026-08-19',
  // each command with hostile arguments
  ...dates.map((d) => `date ${d}`),
  ...numbers.map((n) => `today ${n}`),
  ...['week 2026-W00', 'week 2026-W54', 'week 2026-w33', 'week W33', 'week 2020-W53', 'week 2021-W53', 'week 2999-W01', 'month 2026-13', 'month 2026-00', 'month 2026', 'month august', 'month 2999-01'],
  ...['paper', 'paper 2608.1988', 'paper 9999.99999', 'paper https://evil.example/abs/2608.19880', 'paper javascript:alert(1)', 'paper 2608.19880v', 'paper <2608.19880>', 'paper arxiv.org/abs/', 'paper hf.co/papers/2608.19880'],
  ...['search', 'search ""', 'search "', `search ${big}`, `today ${big}`, `date ${big}`],
  ...pings.flatMap((p) => [`search ${p}`, `paper ${p}`, `date ${p}`, p]),
  ...injections.flatMap((i) => [`search ${i}`, `help ${i}`]),
  ...unicode.flatMap((u) => [`search ${u}`, u]),
  ...topics.map((t) => `search ${t}`),
];
