import { defaultBot } from './bot.js';
import type { EmulatorClock } from './clock.js';
import { HubCore } from './hub-core.js';
import type { HubEmulator } from './hub-emulator.js';
import { latencySampler, resolveLimits, type HubEmulatorOptions } from './options.js';
import type { ServerSettings } from './server.js';
import { WebhookSender } from './webhook.js';

/** The default delay of the bot's reaction to an event posted over HTTP (see `httpReplyDelayMs`). */
export const HTTP_REPLY_DELAY_MS = 50;

/** The protocol side, every option resolved once. */
export function createHubCore(options: HubEmulatorOptions, clock: EmulatorClock): HubCore {
  const logger = options.logger ?? {};
  const hub = new HubCore({
    limits: resolveLimits(options.limits),
    transcriptShape: options.transcriptShape ?? 'transcript',
    bot: options.bot ?? defaultBot,
    logger,
    ledgerCapacity: options.ledgerCapacity ?? 100_000,
    ledgerMaxBytes: options.ledgerMaxBytes,
    webhook: options.webhookUrl === undefined ? undefined : new WebhookSender(options.webhookUrl, logger),
    clock,
    httpReplyDelayMs: options.httpReplyDelayMs ?? HTTP_REPLY_DELAY_MS,
    keyedChannels: options.apiKeys !== undefined,
    largeMessagesCapacity: options.largeMessagesCapacity,
    largeMessagesMaxBytes: options.largeMessagesMaxBytes,
  });
  hub.channelMode = options.channelMode ?? 'socket';
  return hub;
}

/** The network side's settings. */
export function serverSettings(options: HubEmulatorOptions, host: string): ServerSettings {
  const latency = options.latencyMs ?? 0;
  return {
    host,
    shape: options.frameShape ?? 'wrapped',
    latency: latency === 0 ? null : latencySampler(latency),
    apiKeys: options.apiKeys,
    httpHandler: options.httpHandler,
    idleSocketTimeoutMs: options.idleSocketTimeoutMs ?? 30_000,
    allowedOrigins: options.allowedOrigins,
    allowedHosts: options.allowedHosts,
    fixedLinkBase: options.publicUrl !== undefined,
  };
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The emulator's URLs once it listens. */
export function emulatorAddresses(
  host: string,
  port: number,
  apiKeys: readonly string[] | undefined,
): Pick<HubEmulator, 'url' | 'httpUrl' | 'urlWithKey' | 'watchUrl'> {
  const url = `ws://${formatHost(host)}:${port}`;
  return {
    url,
    httpUrl: `http://${formatHost(host)}:${port}`,
    urlWithKey: (apiKey = apiKeys?.[0] ?? 'dev') => `${url}/?apikey=${encodeURIComponent(apiKey)}`,
    watchUrl: (conversationId) => `${url}/?watch=${encodeURIComponent(conversationId)}`,
  };
}
