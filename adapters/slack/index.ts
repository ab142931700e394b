import type { Server } from 'node:http';
import { App, type AppOptions, HTTPReceiver, type HTTPReceiverOptions, webApi } from '@slack/bolt';
import type { Bot } from '../../src/bot.js';
import { processButtonKey, type ButtonKeySource } from '../../src/button-key.js';
import type { Command, Services } from '../../src/command.js';
import { ConfigError, type Config } from '../../src/config.js';
import { DeliveryError, type DigestSink } from '../../src/digest/sink.js';
import { errorFields, silentLogger, type Logger } from '../../src/logger.js';
import { MemoryReplayGuard, type ReplayGuard } from '../../src/replay-guard.js';
import { sealerFrom, UnsealError } from '../../src/sealed.js';
import { workspaceGoneReason } from '../../src/workspaces.js';
import { boltLogger } from './bolt-logger.js';
import { checkInstallationsOpen, slackInstallationStore, type SlackInstallations } from './installations.js';
import { registerListeners } from './listeners.js';
import { installerOptions } from './oauth.js';
import { createChannelPermissions } from './permissions.js';
import { guardSlackRequests, SLACK_REQUEST_LIMITS } from './request-guard.js';
import { createSlackSink } from './sink.js';
import { APP_RETRY, unreachable, verifyAppToken, verifyToken } from './startup-checks.js';
import { registerWorkspaceEvents } from './workspace-events.js';

export { renderReply, renderDigestPaper, renderDigestParent, SLACK_LIMITS } from './render.js';
export { createSlackSink } from './sink.js';
export { escapeSlack, safeData, safeText } from './escape.js';
export { SLACK_BOT_SCOPES } from './oauth.js';

type SlackConfig = NonNullable<Config['slack']>;
type OAuthConfig = NonNullable<SlackConfig['oauth']>;

export interface SlackDeps {
  bot: Bot;
  /** The command list (defaults to bot.commands); read for each command's scope */
  commands?: readonly Command[];
  /** Required in OAuth mode: its store keeps the installations, its clock dates them */
  services?: Services;
  config: SlackConfig;
  logger: Logger;
  /** Where the HTTP receiver listens; default all interfaces (tests pass 127.0.0.1) */
  host?: string;
  /** WebClient retry policy for the App's own calls; tests pass `{ retries: 0 }` */
  retryConfig?: webApi.RetryOptions;
  /** Longest Retry-After the digest sink waits out itself (default 30 s) */
  maxRateLimitWaitMs?: number;
  /** Signs paging buttons (default: a key for this process only) */
  buttonKeys?: ButtonKeySource;
  /** Remembers request signatures to drop replays (default: this process's memory) */
  replays?: ReplayGuard;
}

export interface SlackAdapter {
  sink: DigestSink;
  stop(): Promise<void>;
  app: App;
  /** The HTTP server in HTTP mode (undefined in Socket Mode) */
  server?: Server;
  /** "http", "socket" or "oauth" */
  mode: SlackMode['name'];
}

/** How this process talks to Slack: what the App is built with, and where digests go. */
interface SlackMode {
  name: 'http' | 'socket' | 'oauth';
  app: Partial<AppOptions>;
  sink: DigestSink;
}

/**
 * Slack through Bolt, in one of three modes: one workspace over HTTP (SLACK_BOT_TOKEN +
 * SLACK_SIGNING_SECRET) or Socket Mode (+ SLACK_APP_TOKEN), or OAuth distribution
 * (SLACK_CLIENT_ID/SECRET, SLACK_STATE_SECRET): any workspace installs at /slack/install
 * and each request, command, button and digest uses its own workspace's token.
 * Translates only: `/papers <text>` → bot.handle → Block Kit via respond().
 */
export async function startSlack(input: SlackDeps): Promise<SlackAdapter> {
  // One key signs the listeners' buttons and the digest papers' Save buttons.
  const deps = { ...input, buttonKeys: input.buttonKeys ?? processButtonKey() };
  const { config, logger } = deps;
  const mode = config.oauth ? await oauthMode(deps, config.oauth) : await singleWorkspaceMode(deps);
  const app = new App({ logger: boltLogger(logger), clientOptions: appClientOptions(deps), ...mode.app });
  const commands = deps.commands ?? deps.bot.commands;
  registerListeners(app, {
    bot: deps.bot,
    commands,
    permissions: createChannelPermissions({ config, logger }),
    buttonKeys: deps.buttonKeys,
    logger,
  });
  if (mode.name === 'oauth') registerWorkspaceEvents(app, servicesOf(deps));
  app.error(async (err) => {
    logger.error('slack app error', errorFields(err));
  });
  const server = await startApp(app, deps, mode.name);
  logger.info('slack adapter started', { mode: mode.name, ...(server ? { port: portOf(server) } : {}) });
  return {
    sink: mode.sink,
    app,
    mode: mode.name,
    ...(server ? { server } : {}),
    async stop() {
      await app.stop();
    },
  };
}

const apiUrlOf = (config: SlackConfig) => (config.apiUrl ? { slackApiUrl: `${config.apiUrl}/` } : {});

/**
 * The App's own client answers people (users.info): a few quick retries, not the
 * WebClient's default half-hour retry schedule.
 */
const appClientOptions = (deps: SlackDeps) => ({
  ...apiUrlOf(deps.config),
  retryConfig: deps.retryConfig ?? APP_RETRY,
});

/**
 * The sink's clients: no blind retries (a lost answer retried could post twice), and
 * 429s surface so the sink can wait Retry-After and post exactly once.
 */
const sinkClient = (deps: SlackDeps, token: string) =>
  new webApi.WebClient(token, {
    ...apiUrlOf(deps.config),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(deps.logger),
  });

const sinkOptions = (deps: SlackDeps) => ({
  ...(deps.maxRateLimitWaitMs !== undefined ? { maxInlineWaitMs: deps.maxRateLimitWaitMs } : {}),
  ...(deps.buttonKeys ? { saveKey: () => deps.buttonKeys!.buttonKey() } : {}),
});

function servicesOf(deps: SlackDeps): Services {
  if (!deps.services) throw new Error('Slack OAuth mode needs the services (its store keeps the installations)');
  return deps.services;
}

/**
 * One workspace: check the token ourselves, before Bolt (Bolt runs auth.test in its
 * constructor as a floating promise, so a bad token would surface as an unhandled
 * rejection); handing it the bot ids makes Bolt skip that call. Bolt's Socket Mode
 * client retries a refused app-level token for ever: check that once first too.
 * Secrets are revealed only here, where they are handed to Bolt's clients.
 */
async function singleWorkspaceMode(deps: SlackDeps): Promise<SlackMode> {
  const { config } = deps;
  const token = config.botToken!.reveal();
  // Its retries log nothing: the outcome is reported once, plainly, by verifyToken.
  const quiet = { ...appClientOptions(deps), logger: boltLogger(silentLogger) };
  const identity = await verifyToken(new webApi.WebClient(token, quiet), config.apiUrl);
  const app: Partial<AppOptions> = { token, botId: identity.botId, botUserId: identity.botUserId };
  const sink = createSlackSink({ client: sinkClient(deps, token), logger: deps.logger, ...sinkOptions(deps) });
  if (!config.appToken) return { name: 'http', app: { ...app, receiver: httpReceiver(deps) }, sink };
  const appToken = config.appToken.reveal();
  await verifyAppToken(new webApi.WebClient(appToken, quiet), config.apiUrl);
  // Socket Mode opens its websocket via apps.connections.open on this client.
  const socket = { socketMode: true, appToken, installerOptions: { clientOptions: appClientOptions(deps) } };
  return { name: 'socket', app: { ...app, ...socket }, sink };
}

/**
 * Any workspace: Bolt's installer on the HTTP receiver, the installations in Paperboy's
 * store (sealed under PAPERBOY_SECRET_KEY, checked to open before anything starts), Bolt's
 * `authorize` finding each request's token there, and the sink finding each target's.
 */
async function oauthMode(deps: SlackDeps, oauth: OAuthConfig): Promise<SlackMode> {
  const { store } = servicesOf(deps);
  const sealer = sealerFrom(oauth.secretKey);
  await checkInstallationsOpen(store, sealer, deps.logger);
  const installations = slackInstallationStore({ store, sealer, logger: deps.logger });
  const installer = installerOptions({
    oauth,
    installations,
    once: store.once,
    apiUrl: deps.config.apiUrl,
    logger: deps.logger,
  });
  const clientFor = workspaceClients(installations, (token) => sinkClient(deps, token));
  return {
    name: 'oauth',
    app: { receiver: httpReceiver(deps, installer) },
    sink: createSlackSink({ clientFor, logger: deps.logger, ...sinkOptions(deps) }),
  };
}

/** Each workspace's digest client, made again when its token changes (a reinstall). */
function workspaceClients(
  installations: SlackInstallations,
  make: (token: string) => webApi.WebClient,
): (workspaceId: string) => Promise<webApi.WebClient> {
  const known = new Map<string, { token: string; client: webApi.WebClient }>();
  return async (workspaceId) => {
    let token: string | undefined;
    try {
      token = await installations.botToken(workspaceId);
    } catch (err) {
      if (!(err instanceof UnsealError)) throw err;
      throw new DeliveryError(
        'gone',
        workspaceGoneReason('its stored installation does not open with PAPERBOY_SECRET_KEY'),
      );
    }
    if (!token)
      throw new DeliveryError(
        'gone',
        workspaceGoneReason(`Paperboy is not installed in Slack workspace ${workspaceId}`),
      );
    const hit = known.get(workspaceId);
    if (hit?.token === token) return hit.client;
    const client = make(token);
    known.set(workspaceId, { token, client });
    return client;
  };
}

async function startApp(app: App, deps: SlackDeps, mode: SlackMode['name']): Promise<Server | undefined> {
  const { config } = deps;
  try {
    if (mode === 'socket') {
      await app.start();
      return undefined;
    }
    return (await app.start({ port: config.port, ...(deps.host ? { host: deps.host } : {}) })) as Server;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError([
        `PORT ${config.port} is already in use; set PORT to a free port for Slack's HTTP receiver`,
      ]);
    }
    if (mode === 'socket') throw unreachable(err, config.apiUrl, "Socket Mode's connection could not open");
    throw err;
  }
}

/**
 * Bolt's HTTP receiver behind our request checks (future timestamps, replays, body
 * size), with Bolt's own body limit lowered to the same cap as a second line. In OAuth
 * mode it also serves /slack/install and /slack/oauth_redirect (GETs, not guarded here).
 */
function httpReceiver(deps: SlackDeps, installer: Partial<HTTPReceiverOptions> = {}): HTTPReceiver {
  const { config, logger } = deps;
  const signingSecret = config.signingSecret?.reveal() ?? '';
  const receiver = new HTTPReceiver({
    signingSecret,
    port: config.port,
    logger: boltLogger(logger),
    bodyLimit: SLACK_REQUEST_LIMITS.maxBodyBytes,
    ...installer,
  });
  receiver.requestListener = guardSlackRequests(receiver.requestListener, {
    signingSecret,
    replays: deps.replays ?? new MemoryReplayGuard(),
    logger,
  });
  return receiver;
}

function portOf(server: Server): number | undefined {
  const address = server.address();
  return address && typeof address === 'object' ? address.port : undefined;
}
