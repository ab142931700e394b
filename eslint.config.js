// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import paperboy from './eslint/only-config-reads-env.js';

/**
 * The boundaries from DESIGN.md, enforced here rather than hoped for. Files are classified
 * by folder and every import — static, `export … from`, `import()` and `import type` — is
 * resolved to a file before it is judged, so `../discord/render.js` and
 * `../../adapters/discord/render.js` are the same import. test/lint/boundaries.test.ts
 * lints a bad probe for each rule below, so none can silently stop working.
 */
const root = import.meta.dirname;

/** The SDK packages that belong to one platform; no other folder may import them. */
const platformSdks = {
  discord: ['discord.js', '@discordjs', 'discord-api-types'],
  slack: ['@slack'],
};
const sdkFolders = (platforms) => platforms.flatMap((p) => platformSdks[p] ?? []).map((pkg) => `node_modules/${pkg}`);
const allSdks = sdkFolders(Object.keys(platformSdks));

/** Every folder under adapters/ is an adapter, so a new platform is classified without an edit here. */
const adapters = readdirSync(join(root, 'adapters'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const CORE =
  'src/ is the platform-neutral core: no platform SDK, commands/, adapters/, test/, bench/, bin/ or src/main.ts (DESIGN.md).';

const zones = [
  {
    // Everything in src/ except the composition root: src/main.ts and its list of platforms.
    target: ['src/!(main|platforms).ts', 'src/*/**/*.ts'],
    from: ['adapters', 'commands', 'test', 'bench', 'bin', 'src/main.ts', 'src/platforms.ts', ...allSdks],
    message: CORE,
  },
  {
    target: ['src/main.ts', 'src/platforms.ts'],
    from: ['test', 'bench', 'bin', ...allSdks],
    message:
      'The composition root wires adapters; platform SDKs load only inside adapters/, and nothing shipped imports test/, bench/ or bin/.',
  },
  {
    target: 'commands',
    from: '.',
    except: ['./src', './commands', './node_modules/zod'],
    message:
      'commands/ import src/ only (plus zod and node: builtins); storage, scheduling and platforms come in through services.',
  },
  ...adapters.map((adapter) => ({
    target: `adapters/${adapter}`,
    from: '.',
    // DESIGN.md: adapters import src/ and the command list (not single commands).
    except: ['./src', `./adapters/${adapter}`, './commands/index.ts', './node_modules'],
    message: `adapters/${adapter}/ translates only: it imports src/, the command list, its own folder and packages — never another adapter, a single command, test/, bench/ or bin/.`,
  })),
  ...adapters.map((adapter) => ({
    target: `adapters/${adapter}`,
    from: sdkFolders(Object.keys(platformSdks).filter((p) => p !== adapter)),
    message: `adapters/${adapter}/ must not use another platform's SDK.`,
  })),
  {
    target: ['commands', 'adapters'],
    from: ['src/main.ts', 'src/platforms.ts'],
    message: 'The composition root src/main.ts imports commands/ and adapters/, never the other way round.',
  },
  {
    target: 'bin',
    from: ['test', 'bench'],
    message: 'bin/ is shipped: it never imports test/ or bench/.',
  },
].filter((zone) => [zone.from].flat().length > 0);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'data/**', 'test/lint/probes/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    plugins: { 'import-x': importX, paperboy },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.node'],
          // NodeNext: `./x.js` in a .ts file means ./x.ts.
          extensionAlias: { '.js': ['.ts', '.js'] },
          conditionNames: ['node', 'import', 'require', 'default'],
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones }],
      'paperboy/only-config-reads-env': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The boundary rules resolve each import; one computed at run time would slip past them.
    files: ['src/**/*.ts', 'commands/**/*.ts', 'adapters/**/*.ts', 'bin/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.type!="Literal"]',
          message: 'import() takes a string literal here, so the boundary rules can check what it loads.',
        },
      ],
    },
  },
  {
    // The readers of the environment: the bot's config, the bench's settings, and tests (which
    // build environments for the processes they spawn).
    files: ['src/config.ts', 'bench/lib/env.ts', 'test/**/*.ts'],
    rules: { 'paperboy/only-config-reads-env': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
