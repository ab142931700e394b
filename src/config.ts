import { z } from 'zod';
import { hostZone } from './digest/timezones.js';
import { parseShardPlan, type ShardPlan } from './shards.js';

/**
 * The only reader of process.env. One zod parse; every message says how to fix the
 * value. Secrets are wrapped so that logging the config (or an error holding it) can
 * never print them.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const secret = optionalText.transform((v) => (v ? new Secret(v) : undefined));
const url = (name: string, fallback?: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const value = v || fallback;
      if (value === undefined) return undefined;
      try {
        const u = new URL(value);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
        return value.replace(/\/+$/, '');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an http(s) URL such as ${fallback ?? 'https://example.com'}`,
        });
        return z.NEVER;
      }
    });
const int = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });
const snowflake = (name: string) =>
  optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), {
    message: `${name} must be a Discord id (17–20 digits); copy it with Developer Mode on`,
  });

const envSchema = z.object({
  PAPERBOY_SOURCE: z
    .enum(['hf', 'sample'], {
      error: 'PAPERBOY_SOURCE must be "hf" (live Hugging Face) or "sample" (bundled offline snapshot)',
    })
    .default('hf'),
  PAPERBOY_DATA_FILE: optionalText.transform((v) => v ?? './data/paperboy.json'),
  PAPERBOY_DATABASE_URL: optionalText
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//i.test(v), {
      message: 'PAPERBOY_DATABASE_URL must be a postgres:// URL, e.g. postgres://paperboy@db.example:5432/paperboy',
    })
    .transform((v) => (v ? new Secret(v) : undefined)),
  PAPERBOY_DATABASE_SCHEMA: optionalText.refine((v) => v === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(v), {
    message: 'PAPERBOY_DATABASE_SCHEMA must be a lower-case SQL name such as paperboy',
  }),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'LOG_LEVEL must be one of debug, info, warn, error' })
    .default('info'),
  PAPERBOY_LOG_FILE: optionalText,
  // https://no-color.org: set and not empty means no colour.
  NO_COLOR: optionalText,
  HF_API_URL: url('HF_API_URL', 'https://huggingface.co'),
  HF_TOKEN: secret,
  HF_TIMEOUT_MS: int('HF_TIMEOUT_MS', 10_000, 100, 120_000),
  HF_CACHE_TTL_SECONDS: int('HF_CACHE_TTL_SECONDS', 600, 0, 86_400),
  DISCORD_TOKEN: secret,
  DISCORD_APP_ID: snowflake('DISCORD_APP_ID'),
  DISCORD_GUILD_ID: snowflake('DISCORD_GUILD_ID'),
  DISCORD_API_URL: url('DISCORD_API_URL'),
  DISCORD_SHARDS: optionalText,
  DISCORD_SHARD_COUNT: optionalText,
  SLACK_BOT_TOKEN: secret,
  SLACK_SIGNING_SECRET: secret,
  SLACK_APP_TOKEN: secret,
  SLACK_API_URL: url('SLACK_API_URL'),
  // OAuth distribution (install to any workspace): all three, instead of SLACK_BOT_TOKEN.
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: secret,
  SLACK_STATE_SECRET: optionalText
    .refine((v) => v === undefined || v.length >= 16, {
      message: 'SLACK_STATE_SECRET must be at least 16 characters (e.g. the output of `openssl rand -base64 24`)',
    })
    .transform((v) => (v ? new Secret(v) : undefined)),
  SLACK_REDIRECT_URI: url('SLACK_REDIRECT_URI'),
  PORT: int('PORT', 3000, 0, 65_535),
  SLACK_ADMIN_USER_IDS: optionalText.transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  ),
  TZ: optionalText,
  PAPERBOY_SECRET_KEY: optionalText
    .refine((v) => v === undefined || v.length >= 32, {
      message: 'PAPERBOY_SECRET_KEY must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)',
    })
    .transform((v) => (v ? new Secret(v) : undefined)),
  SLACK_CHANNEL_CONFIG: z
    .enum(['admins', 'anyone'], { error: 'SLACK_CHANNEL_CONFIG must be "admins" (default) or "anyone"' })
    .default('admins'),
  // The operations endpoint (/healthz, /readyz, /metrics); off unless a port is given.
  PAPERBOY_HTTP_PORT: int('PAPERBOY_HTTP_PORT', -1, 0, 65_535).transform((n) => (n < 0 ? undefined : n)),
  PAPERBOY_HTTP_HOST: optionalText,
});

/**
 * The field parsers, for a platform that declares its own variables (a ConfigSection):
 * the same trimming, URL and number checks, and Secret wrapping as every setting here.
 */
export const configFields = { text: optionalText, secret, url, int };

/**
 * A platform's own variables (src/platform.ts PlatformEntry.settings): a zod schema this
 * file applies to the environment with every other setting, so adding a platform needs
 * no edit here and nothing else reads the environment. Its result is
 * `config.sections[name]`; undefined means the platform is not configured.
 */
export interface ConfigSection {
  readonly name: string;
  readonly settings?: {
    safeParse(
      env: Record<string, string | undefined>,
    ): { success: true; data: unknown } | { success: false; error: { issues: readonly { message: string }[] } };
  };
}

export type Config = ReturnType<typeof shape> & {
  /** Each declared section's parsed settings, by name (see ConfigSection) */
  sections: Readonly<Record<string, unknown>>;
};

function shape(env: z.output<typeof envSchema>, shards: ShardPlan) {
  return {
    source: env.PAPERBOY_SOURCE,
    dataFile: env.PAPERBOY_DATA_FILE,
    /** When set, PostgreSQL holds everything (several instances); the data file is not used */
    database: env.PAPERBOY_DATABASE_URL
      ? {
          url: env.PAPERBOY_DATABASE_URL,
          ...(env.PAPERBOY_DATABASE_SCHEMA ? { schema: env.PAPERBOY_DATABASE_SCHEMA } : {}),
        }
      : undefined,
    logLevel: env.LOG_LEVEL,
    /** The host's own zone (TZ), when it names one; the terminal's default for digests */
    hostTimezone: hostZone(env.TZ),
    /** Signs paging buttons; without it a key is generated per process (see src/button-key.ts) */
    secretKey: env.PAPERBOY_SECRET_KEY,
    /** Where log lines go: a file path, "-" for stderr; unset = stderr on platforms, a file beside the data at the terminal */
    logFile: env.PAPERBOY_LOG_FILE,
    /** NO_COLOR is set (and not empty): the terminal prints no colour codes */
    noColor: env.NO_COLOR !== undefined,
    hf: {
      apiUrl: env.HF_API_URL ?? 'https://huggingface.co',
      token: env.HF_TOKEN,
      timeoutMs: env.HF_TIMEOUT_MS,
      openDayTtlMs: env.HF_CACHE_TTL_SECONDS * 1000,
    },
    discord: env.DISCORD_TOKEN
      ? {
          token: env.DISCORD_TOKEN,
          appId: env.DISCORD_APP_ID,
          guildId: env.DISCORD_GUILD_ID,
          apiUrl: env.DISCORD_API_URL,
          // Unsharded unless DISCORD_SHARDS / DISCORD_SHARD_COUNT say otherwise.
          ...(shards !== undefined ? { shards } : {}),
        }
      : undefined,
    slack:
      env.SLACK_BOT_TOKEN || slackOAuthNames(env).length
        ? {
            /** Single-workspace mode: the one bot token (unset in OAuth mode) */
            botToken: env.SLACK_BOT_TOKEN,
            /** OAuth mode: install to any workspace; each workspace's token is kept sealed in the store */
            oauth: slackOAuth(env),
            signingSecret: env.SLACK_SIGNING_SECRET,
            appToken: env.SLACK_APP_TOKEN,
            apiUrl: env.SLACK_API_URL,
            port: env.PORT,
            adminUserIds: env.SLACK_ADMIN_USER_IDS,
            channelConfig: env.SLACK_CHANNEL_CONFIG,
          }
        : undefined,
    /** The operations HTTP endpoint; only in platform mode, never at the terminal prompt */
    http:
      env.PAPERBOY_HTTP_PORT !== undefined ? { port: env.PAPERBOY_HTTP_PORT, host: env.PAPERBOY_HTTP_HOST } : undefined,
  };
}

const OAUTH_NAMES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** Which of the three OAuth settings are set. */
const slackOAuthNames = (env: z.output<typeof envSchema>) => OAUTH_NAMES.filter((n) => env[n] !== undefined);

function slackOAuth(env: z.output<typeof envSchema>) {
  // Anything missing is reported by slackModeProblems, so loadConfig never returns this half-set.
  if (!env.SLACK_CLIENT_ID || !env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET || !env.PAPERBOY_SECRET_KEY)
    return undefined;
  return {
    clientId: env.SLACK_CLIENT_ID,
    clientSecret: env.SLACK_CLIENT_SECRET,
    stateSecret: env.SLACK_STATE_SECRET,
    /** Seals each workspace's bot token at rest (required in OAuth mode) */
    secretKey: env.PAPERBOY_SECRET_KEY,
    /** Only needed when the app lists several redirect URLs; its path is where Paperboy answers */
    redirectUri: env.SLACK_REDIRECT_URI,
  };
}

/** Mixed or partial Slack settings: each problem names the variables and what would work. */
function slackModeProblems(env: z.output<typeof envSchema>): string[] {
  const set = slackOAuthNames(env);
  if (set.length === 0) {
    return env.SLACK_REDIRECT_URI
      ? [
          'SLACK_REDIRECT_URI is set but Slack OAuth is not: it needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET',
        ]
      : [];
  }
  const problems: string[] = [];
  if (set.length < OAUTH_NAMES.length) {
    const missing = OAUTH_NAMES.filter((n) => !set.includes(n));
    problems.push(
      `Slack OAuth (install to any workspace) needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together; ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not (Basic Information → App Credentials)`,
    );
  }
  if (env.SLACK_BOT_TOKEN)
    problems.push(
      `Choose one Slack mode: SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID + SLACK_CLIENT_SECRET + SLACK_STATE_SECRET (install to many); ${set.join(', ')} and SLACK_BOT_TOKEN are both set — unset one side`,
    );
  if (env.SLACK_APP_TOKEN)
    problems.push(
      'Slack OAuth installs over HTTP (Slack does not list Socket Mode apps for distribution): unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET',
    );
  else if (!env.SLACK_SIGNING_SECRET)
    problems.push('Slack OAuth needs SLACK_SIGNING_SECRET (Basic Information → App Credentials → Signing Secret)');
  if (!env.PAPERBOY_SECRET_KEY)
    problems.push(
      "Slack OAuth needs PAPERBOY_SECRET_KEY: it encrypts each workspace's bot token in the store (e.g. `openssl rand -base64 32`; keep it: tokens sealed under it open only with it)",
    );
  if (
    env.SLACK_REDIRECT_URI &&
    !/^https:\/\//.test(env.SLACK_REDIRECT_URI) &&
    !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(env.SLACK_REDIRECT_URI)
  )
    problems.push(
      'SLACK_REDIRECT_URI must be an https:// URL (Slack refuses plain http redirects), e.g. https://paperboy.example/slack/oauth_redirect',
    );
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Paperboy's configuration has ${problems.length === 1 ? 'a problem' : 'problems'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parse the environment (process.env unless given); `overrides` win (command-line
 * flags such as --source). Throws ConfigError listing every problem.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Record<string, string> = {},
  sections: readonly ConfigSection[] = [],
): Config {
  const merged = { ...env, ...overrides };
  const parsed = envSchema.safeParse(merged);
  const declared = sections.map((s) => [s.name, s.settings?.safeParse(merged)] as const);
  const sectionProblems = declared.flatMap(([, r]) => (r && !r.success ? r.error.issues.map((i) => i.message) : []));
  if (!parsed.success) throw new ConfigError([...parsed.error.issues.map((i) => i.message), ...sectionProblems]);
  const shards = parseShardPlan(parsed.data.DISCORD_SHARDS, parsed.data.DISCORD_SHARD_COUNT);
  const config: Config = {
    ...shape(parsed.data, shards.plan),
    sections: Object.fromEntries(declared.map(([name, r]) => [name, r?.success ? r.data : undefined])),
  };
  const problems: string[] = [...shards.problems, ...slackModeProblems(parsed.data), ...sectionProblems];
  if (!config.discord && shards.plan !== undefined)
    problems.push('DISCORD_SHARDS / DISCORD_SHARD_COUNT are set but DISCORD_TOKEN is not: shards need the bot token');
  const slackHttpPort = config.slack && !config.slack.appToken ? config.slack.port : undefined;
  if (config.http && config.http.port !== 0 && config.http.port === slackHttpPort)
    problems.push(
      `PAPERBOY_HTTP_PORT must differ from PORT (${slackHttpPort}, where Slack's requests arrive): pick another port, e.g. 9464`,
    );
  if (config.discord && !config.discord.appId)
    problems.push('DISCORD_APP_ID is required with DISCORD_TOKEN (the Application ID on the Developer Portal)');
  if (config.slack?.botToken && !config.slack.signingSecret && !config.slack.appToken) {
    problems.push('Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) with SLACK_BOT_TOKEN');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
