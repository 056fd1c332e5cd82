import { CONNECTION_DEFAULTS } from '../defaults.js';
import { type ResolvedReconnectOptions, resolveReconnectOptions } from './backoff.js';
import type { ConnectionOptions, HeartbeatOptions, HubLogger, WebSocketConstructor } from './options.js';

/** `ConnectionOptions` with every default applied, once, by `resolveConnectionOptions`. */
export interface ResolvedConnectionOptions extends Required<
  Pick<ConnectionOptions, 'url' | 'apiKey' | 'apiKeyParam' | 'connectTimeoutMs'>
> {
  readonly WebSocketCtor: WebSocketConstructor | undefined;
  /** `undefined`: reconnection off. */
  readonly reconnect: ResolvedReconnectOptions | undefined;
  /** How long a socket must stay up before the attempt count resets (also with reconnection off). */
  readonly stableAfterMs: number;
  /** `false`: no ping and no watchdog. */
  readonly heartbeat:
    | (Required<Omit<HeartbeatOptions, 'inactivityTimeoutMs'>> &
        Pick<HeartbeatOptions, 'inactivityTimeoutMs'>)
    | false;
  readonly outboundQueueLimit: number;
  readonly maxFrameBytes: number;
  readonly maxConnectionMs: number;
  readonly logger: HubLogger | undefined;
}

/** Applies `CONNECTION_DEFAULTS` and `RECONNECT_DEFAULTS` (an option given as `undefined` keeps its default). */
export function resolveConnectionOptions(options: ConnectionOptions): ResolvedConnectionOptions {
  const d = CONNECTION_DEFAULTS;
  const reconnect = options.reconnect === false ? undefined : resolveReconnectOptions(options.reconnect);
  const heartbeat = options.heartbeat;
  return {
    url: options.url,
    apiKey: options.apiKey,
    apiKeyParam: options.apiKeyParam ?? d.apiKeyParam,
    WebSocketCtor: options.WebSocketCtor,
    connectTimeoutMs: options.connectTimeoutMs ?? d.connectTimeoutMs,
    reconnect,
    stableAfterMs: (reconnect ?? resolveReconnectOptions()).stableAfterMs,
    heartbeat:
      heartbeat === false
        ? false
        : {
            intervalMs: heartbeat?.intervalMs ?? d.heartbeat.intervalMs,
            timeoutMs: heartbeat?.timeoutMs ?? d.heartbeat.timeoutMs,
            inactivityTimeoutMs: heartbeat?.inactivityTimeoutMs,
          },
    outboundQueueLimit: options.outboundQueueLimit ?? d.outboundQueueLimit,
    maxFrameBytes: options.maxFrameBytes ?? d.maxFrameBytes,
    maxConnectionMs: options.maxConnectionMs ?? d.maxConnectionMs,
    logger: options.logger,
  };
}
