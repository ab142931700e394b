/**
 * The lint rules that hold the boundaries, proven on purpose-made bad files so they cannot
 * silently stop working (a renamed folder, a plugin update, a glob typo). Each probe in
 * test/lint/probes/ is linted with the real eslint.config.js as if it lived at the same
 * place in the real tree (see probes/README.md); lines that must be reported end in
 * `// ✗ <rule-id>`, and the test expects exactly those reports and nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBES = 'test/lint/probes';

/** Probes are linted in the real tree under these names; none exists, so typed linting needs a default project. */
const eslint = new ESLint({
  cwd: ROOT,
  // The probes folder is ignored by `eslint .`; here it is linted on purpose.
  ignore: false,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            'src/lint-probe-*.ts',
            'src/*/lint-probe-*.ts',
            'commands/lint-probe-*.ts',
            'adapters/*/lint-probe-*.ts',
            'bench/lint-probe-*.ts',
            'bin/lint-probe-*.ts',
            `${PROBES}/cycle/*.ts`,
          ],
          defaultProject: 'tsconfig.json',
          // All probes share the one default project; there are a few dozen at most.
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 100,
        },
      },
    },
  },
});

interface Probe {
  /** Where the probe file is kept */
  file: string;
  /** Where it is linted as being: the folder decides which boundary rules apply */
  lintAs: string;
  text: string;
}

function probeFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return probeFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function probe(file: string): Probe {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const inTree = relative(PROBES, file);
  const declared = /^\/\/ lint as: (\S+)/.exec(text)?.[1];
  const lintAs = inTree.startsWith('cycle/')
    ? file // a cycle needs both files on disk, so these are linted where they are
    : (declared ?? inTree.replace(/([^/]+)$/, 'lint-probe-$1'));
  return { file, lintAs, text };
}

/** `line rule` for every `// ✗ rule[, rule]` marker: the reports the probe must produce. */
function expectedReports(text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const marker = /\/\/ ✗ (.+)$/.exec(line)?.[1];
    return marker ? marker.split(',').map((rule) => `${i + 1} ${rule.trim()}`) : [];
  });
}

async function reports(text: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return result!.messages.map((m) => `${m.line} ${m.ruleId ?? `fatal: ${m.message}`}`);
}

const probes = probeFiles(PROBES).map(probe);
const multiset = (items: string[]): string[] => [...items].sort();

describe('lint boundaries (eslint.config.js)', { timeout: 180_000 }, () => {
  it('has bad probes for every rule that holds a boundary, and good ones', () => {
    const rules = new Set(probes.flatMap((p) => expectedReports(p.text).map((r) => r.split(' ')[1])));
    expect([...rules].sort()).toEqual([
      '@typescript-eslint/await-thenable',
      '@typescript-eslint/no-floating-promises',
      '@typescript-eslint/no-misused-promises',
      'import-x/no-cycle',
      'import-x/no-restricted-paths',
      'no-restricted-syntax',
      'paperboy/only-config-reads-env',
    ]);
    expect(probes.filter((p) => expectedReports(p.text).length === 0).map((p) => p.lintAs)).toEqual(
      expect.arrayContaining([
        'adapters/slack/lint-probe-good.ts',
        'commands/lint-probe-good.ts',
        'src/lint-probe-good.ts',
      ]),
    );
  });

  it.each(probes.map((p) => [p.file, p] as const))('%s reports exactly its ✗ lines', async (_file, p) => {
    expect(multiset(await reports(p.text, p.lintAs))).toEqual(multiset(expectedReports(p.text)));
  });

  it('max-lines: 400 lines of code pass, 401 fail, whatever the comments and blank lines', async () => {
    const code = (n: number): string =>
      Array.from({ length: n }, (_, i) => `// line ${i}\n\nexport const v${i} = ${i};`).join('\n') + '\n';
    expect(await reports(code(400), 'src/lint-probe-long.ts')).toEqual([]);
    const over = await reports(code(401), 'src/lint-probe-long.ts');
    expect(over).toEqual([`${401 * 3} max-lines`]);
  });
});
