/**
 * The composition root: the one place that wires config, core, commands and adapters.
 * Platform SDKs are imported lazily, only when their tokens are set, so terminal mode
 * starts fast and small.
 */
import { dirname, join } from 'node:path';
import { commands } from '../commands/index.js';
import { execOnce, runPrompt, TerminalScreen } from '../adapters/terminal/index.js';
import { TerminalDigestSink } from '../adapters/terminal/digest-sink.js';
import { createBot, type Bot } from './bot.js';
import { buttonKeyFrom, type ButtonKeySource } from './button-key.js';
import type { Command, Services } from './command.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { StartupError } from './errors.js';
import { createFileLogger, createStreamLogger, errorFields, type Logger } from './logger.js';
import type { DigestSink } from './digest/sink.js';
import { noopMetrics, type Metrics } from './metrics.js';
import type { OpsServer } from './ops/http-server.js';
import type { PrometheusMetrics } from './ops/prometheus.js';
import { Readiness } from './ops/readiness.js';
import { upstreamReport } from './ops/reports.js';
import { clockFor, createPapers, type UpstreamHealth } from './papers/index.js';
import type { PaperSource } from './papers/source.js';
import type { Platform } from './platform.js';
import { configuredPlatforms, PLATFORMS } from './platforms.js';
import { createScheduler, type DigestScheduler } from './schedule/scheduler.js';
import { createServices, type ServiceParts } from './services.js';
import { indexFetchedPapers, PaperSearchIndex, warmSearchIndex } from './search/index.js';
import { isStoreError, openStore } from './store/index.js';
import type { Store } from './store/store.js';
import { instrumentStore } from './store/instrumented.js';

export interface CliOptions {
  exec?: string;
  source?: 'hf' | 'sample';
  json: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm start [-- --source sample] [-- --exec "/papers today"] [-- --json]
  --exec "<command>"   run one command, print the reply and exit (1 on an error reply)
  --source sample      use the bundled offline snapshot instead of Hugging Face
  --json               print each reply as one line of JSON (title, lines, cards, paging,
                       notices, error), for scripts; digests posted to the terminal are
                       {"type":"digest_parent"} and {"type":"digest_paper"} lines
With a platform configured (a Discord or Slack token, a webhook URL, …), Paperboy
runs it; otherwise it opens an interactive prompt. Output is wrapped to the terminal's
width and coloured on a terminal (NO_COLOR=1 turns colour off); log lines go to a file
(PAPERBOY_LOG_FILE). See README.md for every setting.
`;

export function parseCli(argv: readonly string[]): CliOptions {
  const options: CliOptions = { help: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new ConfigError([`${flag} needs a value`]);
      return v;
    };
    if (flag === '--exec' || flag === '-e') options.exec = value();
    else if (flag === '--source') {
      const v = value();
      if (v !== 'hf' && v !== 'sample') throw new ConfigError([`--source must be "hf" or "sample" (got "${v}")`]);
      options.source = v;
    } else if (flag === '--json' && inline === undefined) options.json = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new ConfigError([`unknown argument "${arg}"`]);
  }
  return options;
}

export interface Running {
  bot: Bot;
  /** Load recent weeks into the search index in the background (long-running modes only) */
  warmSearch(): void;
  services: Services;
  /** Where digests go; each adapter adds its sink as it starts (looked up per delivery) */
  sinks: DigestSink[];
  /** The minute ticks that post scheduled digests */
  scheduler: DigestScheduler;
  /** How Hugging Face is doing (undefined for the bundled sample), for /readyz */
  papersHealth(): UpstreamHealth | undefined;
  stop(): Promise<void>;
}

/**
 * Knobs tests turn: the clock, delivery leases and waits, how often the scheduler ticks;
 * and the parts they bring themselves (a paper source, a store, extra commands), which
 * are wired exactly as the configured ones would be.
 */
export interface AssembleOptions {
  now?: () => Date;
  papers?: PaperSource;
  store?: Store;
  commands?: readonly Command[];
  search?: PaperSearchIndex;
  fanout?: ServiceParts['fanout'];
  /** node-cron expression of scheduler ticks (default every minute) */
  tickEvery?: string;
  metrics?: Metrics;
}

/** Build the services, bot and scheduler (not started); no platforms. Used by main and tests. */
export async function assemble(config: Config, logger: Logger, options: AssembleOptions = {}): Promise<Running> {
  return compose(config, logger, { ...options, store: options.store ?? (await openStore(config, logger)) });
}

/** `assemble` with the store already open: what tests that need no start-up use (synchronous). */
export function compose(config: Config, logger: Logger, options: AssembleOptions & { store: Store }): Running {
  const now = options.now ?? clockFor(config);
  const metrics = options.metrics ?? noopMetrics;
  const opened = options.store;
  const store = options.metrics ? instrumentStore(opened, metrics) : opened;
  const search = options.search ?? new PaperSearchIndex();
  const source = options.papers
    ? { source: options.papers, health: (): UpstreamHealth | undefined => undefined }
    : createPapers(config, logger, metrics, now);
  // Every paper any command or digest fetches also lands in the ranked search index.
  const papers = indexFetchedPapers(source.source, search);
  const services = createServices({ papers, store, logger, now, search, fanout: { ...options.fanout, metrics } });
  const { sinks } = services;
  const scheduler = createScheduler({
    ...options.fanout,
    metrics,
    store,
    papers,
    sinks,
    logger,
    now,
    ...(options.tickEvery ? { every: options.tickEvery } : {}),
  });
  return {
    bot: createBot(services, options.commands ?? commands, { metrics }),
    services,
    sinks,
    scheduler,
    papersHealth: source.health,
    warmSearch() {
      warmSearchIndex(papers, search, { now: now(), logger })
        .then((size) => logger.info('search index warm', { papers: size }))
        .catch((err: unknown) => logger.warn('search index could not warm', errorFields(err)));
    },
    async stop() {
      await scheduler.stop();
      await store.close();
    },
  };
}

/** What every platform gets at start besides the bot and services. */
export interface PlatformKeys {
  buttonKeys: ButtonKeySource;
  metrics: Metrics;
}

/** Start one platform on a running core; its sink joins the digest sinks once it is up. */
export async function startPlatform(running: Running, platform: Platform, logger: Logger, keys: PlatformKeys) {
  await platform.start({
    bot: running.bot,
    commands: running.bot.commands,
    services: running.services,
    logger,
    ...keys,
  });
  const sink = platform.sink();
  if (sink) running.sinks.push(sink);
}

/**
 * Start each configured platform (the list in src/platforms.ts), adding its stop to
 * `stops` as soon as it is up and its live status to `readiness` (each says "starting"
 * until then). `only` narrows the list (the terminal starts just those that take no commands).
 */
export async function startPlatforms(
  config: Config,
  running: Running,
  logger: Logger,
  stops: (() => Promise<void>)[],
  ops: { readiness: Readiness; metrics: Metrics } = { readiness: new Readiness(), metrics: noopMetrics },
  only: (p: Platform) => boolean = () => true,
): Promise<Platform[]> {
  // One key for every platform's paging buttons (PAPERBOY_SECRET_KEY, else this process's own).
  const keys = { buttonKeys: buttonKeyFrom(config), metrics: ops.metrics };
  const platforms = configuredPlatforms(config).filter(only);
  for (const p of platforms) ops.readiness.set(p.name, () => p.health());
  for (const p of platforms) {
    await startPlatform(running, p, logger, keys);
    stops.push(() => p.stop());
  }
  return platforms;
}

/** /healthz, /readyz and /metrics on PAPERBOY_HTTP_PORT, before the platforms start (so /readyz says "starting"). */
async function startOperations(
  config: Config,
  running: Running,
  logger: Logger,
  prometheus: PrometheusMetrics | undefined,
): Promise<{ readiness: Readiness; server: OpsServer | undefined }> {
  const readiness = new Readiness();
  // Opened by assemble (a StoreError stops Paperboy before this); closed only at stop.
  readiness.set('store', { status: 'up', detail: 'open' });
  readiness.set('hugging_face', () => upstreamReport(running.papersHealth()));
  prometheus?.exposeReadiness(() => readiness.report());
  // node:http is loaded only when the endpoint is on (terminal starts stay small).
  const server = config.http
    ? await (
        await import('./ops/http-server.js')
      ).startOpsServer({ ...config.http, readiness, metrics: prometheus, logger })
    : undefined;
  return { readiness, server };
}

/** Run the platforms until SIGINT/SIGTERM; whatever started is stopped, even if a later one failed. */
async function runPlatforms(
  config: Config,
  running: Running,
  logger: Logger,
  prometheus: PrometheusMetrics | undefined,
): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  const ops = await startOperations(config, running, logger, prometheus);
  if (ops.server) stops.push(ops.server.close); // stopped last: /readyz says "shutting down" meanwhile
  let onSignal = (): void => {};
  // Listen before starting: a SIGTERM during start-up stops Paperboy once it is up.
  const signalled = new Promise<void>((resolve) => (onSignal = resolve));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = await startPlatforms(config, running, logger, stops, {
      readiness: ops.readiness,
      metrics: prometheus ?? noopMetrics,
    });
    running.scheduler.start();
    // Only where people send commands is the ranked search worth its memory.
    if (started.some((p) => p.capabilities.commands)) running.warmSearch();
    logger.info('paperboy ready', { platforms: started.map((p) => p.name), source: config.source });
    await signalled;
    logger.info('paperboy stopping');
  } finally {
    ops.readiness.stopping();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => logger.warn('a platform did not stop cleanly', errorFields(err)));
    }
  }
}

/**
 * The terminal: one command (--exec) or the prompt. Platforms that only receive digests
 * (a webhook) run beside it and go first, so `digest now` typed here posts there; without
 * one, digests for the terminal print here, so they can be watched locally.
 */
async function runTerminal(
  config: Config,
  cli: CliOptions,
  running: Running,
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream & { isTTY?: boolean } },
  logger: Logger,
): Promise<number> {
  const screen = new TerminalScreen(io.stdout, {
    noColor: config.noColor,
    json: cli.json,
    timezone: config.hostTimezone,
  });
  const stops: (() => Promise<void>)[] = [];
  try {
    await startPlatforms(config, running, logger, stops, undefined, (p) => !p.capabilities.commands);
    running.sinks.push(
      new TerminalDigestSink((s) => screen.print(s), screen.style, { width: () => screen.width(), json: cli.json }),
    );
    if (cli.exec !== undefined) return await execOnce(running.bot, cli.exec, screen);
    running.scheduler.start();
    // No search warm-up at the prompt: it would cost ~35 MB for one person's session;
    // the index still fills with whatever the session fetches.
    await runPrompt(running.bot, io.stdin, screen);
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

/**
 * Where log lines go. On the platforms: stderr (a service manager collects it), or
 * PAPERBOY_LOG_FILE. At the terminal, log lines would land between the replies, so they
 * go to a file, PAPERBOY_LOG_FILE or paperboy.log beside the data file, at LOG_LEVEL;
 * PAPERBOY_LOG_FILE=- puts them on stderr instead, at that level too.
 */
function openLog(
  config: Config,
  atTerminal: boolean,
  stderr: NodeJS.WritableStream,
): { logger: Logger; file: string | undefined } {
  const file = config.logFile ?? (atTerminal ? join(dirname(config.dataFile), 'paperboy.log') : '-');
  if (file === '-')
    return { logger: createStreamLogger(config.logLevel, (line) => stderr.write(line)), file: undefined };
  try {
    return { logger: createFileLogger(config.logLevel, file, (line) => stderr.write(line)), file };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError([
      `Paperboy cannot write its log file ${file} (${code}); set PAPERBOY_LOG_FILE to a writable path, or to - for stderr`,
    ]);
  }
}

/** Runs Paperboy; resolves with the process exit code. */
export async function main(
  argv: readonly string[],
  io: {
    stdin: NodeJS.ReadableStream;
    stdout: NodeJS.WritableStream & { isTTY?: boolean };
    stderr: NodeJS.WritableStream;
  },
  env?: Record<string, string | undefined>,
): Promise<number> {
  let logger: Logger = createStreamLogger('warn', (line) => io.stderr.write(line));
  let logFile: string | undefined;
  try {
    const cli = parseCli(argv);
    if (cli.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const config = loadConfig(env, cli.source ? { PAPERBOY_SOURCE: cli.source } : {}, PLATFORMS);
    const platforms = configuredPlatforms(config).length > 0 && cli.exec === undefined;
    ({ logger, file: logFile } = openLog(config, !platforms, io.stderr));
    // Counted only where someone can scrape it: platform mode with PAPERBOY_HTTP_PORT.
    const prometheus =
      platforms && config.http ? (await import('./ops/prometheus.js')).createPrometheusMetrics() : undefined;
    const running = await assemble(config, logger, prometheus ? { metrics: prometheus } : {});
    try {
      if (!platforms) return await runTerminal(config, cli, running, io, logger);
      await runPlatforms(config, running, logger, prometheus);
      return 0;
    } finally {
      await running.stop();
      logger.debug('paperboy stopped');
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError || isStoreError(err)) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    logger.error('paperboy stopped on an unexpected error', errorFields(err));
    // The log is a file: say so plainly where the person is looking.
    if (logFile) {
      const message = err instanceof Error ? err.message : String(err);
      io.stderr.write(`Paperboy stopped on an unexpected error: ${message}. Details are in ${logFile}.\n`);
    }
    return 1;
  }
}
