import type { Observable, SchedulerLike } from 'rxjs';
import type { ResolvedReconnectOptions } from './backoff.js';
import { resolveHeartbeat } from './heartbeat.js';
import type { ConnectionOptions } from './options.js';
import type { SessionConfig } from './socket-session.js';
import { buildSocketUrl } from './socket-url.js';
import { toRxjsWebSocketCtor } from './websocket-ctor.js';

/** The connection defaults that are not reconnect or heartbeat options (those have their own). */
export const CONNECTION_DEFAULTS = {
  apiKeyParam: 'apikey',
  connectTimeoutMs: 10_000,
  outboundQueueLimit: 1000,
  /** 1 h 58 min: two minutes of margin before the gateway's 2 h cap to find a quiet moment. */
  maxConnectionMs: 7_080_000,
} as const;

/** What every socket of one connection shares, with the defaults filled in. */
export function sessionConfigOf(
  options: ConnectionOptions,
  reconnect: ResolvedReconnectOptions | undefined,
  quiet$: Observable<boolean>,
  scheduler: SchedulerLike | undefined,
): SessionConfig {
  return {
    url: buildSocketUrl(options.url, options.apiKeyParam ?? CONNECTION_DEFAULTS.apiKeyParam, options.apiKey),
    apiKey: options.apiKey,
    WebSocketCtor: toRxjsWebSocketCtor(options.WebSocketCtor),
    connectTimeoutMs: options.connectTimeoutMs ?? CONNECTION_DEFAULTS.connectTimeoutMs,
    heartbeat: resolveHeartbeat(options.heartbeat),
    stableAfterMs: reconnect?.stableAfterMs ?? 10_000,
    maxConnectionMs: options.maxConnectionMs ?? CONNECTION_DEFAULTS.maxConnectionMs,
    quiet$,
    scheduler,
  };
}
