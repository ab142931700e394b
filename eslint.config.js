// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformSdks = ['discord.js', 'discord.js/*', '@discordjs/*', '@slack/*'];

/** The boundaries from DESIGN.md, enforced here rather than hoped for. */
const boundary = (message, groups) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'data/**'] },
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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts'],
    rules: {
      ...boundary('src/ is the platform-neutral core: no platform SDKs, commands or adapters (DESIGN.md).', [
        ...platformSdks,
        '**/commands/**',
        '**/adapters/**',
      ]),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' },
      ],
    },
  },
  {
    files: ['src/config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['commands/**/*.ts'],
    rules: boundary('commands/ import src/ only (DESIGN.md).', [...platformSdks, '**/adapters/**']),
  },
  {
    files: ['adapters/terminal/**/*.ts'],
    rules: boundary('The terminal adapter needs no platform SDK.', platformSdks),
  },
  {
    files: ['adapters/discord/**/*.ts'],
    rules: boundary('The Discord adapter must not reach into Slack.', ['@slack/*', '**/adapters/slack/**']),
  },
  {
    files: ['adapters/slack/**/*.ts'],
    rules: boundary('The Slack adapter must not reach into Discord.', [
      'discord.js',
      '@discordjs/*',
      '**/adapters/discord/**',
    ]),
  },
  {
    files: ['adapters/**/*.ts', 'commands/**/*.ts', 'bin/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
