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
  readonly maxInboundFrameBytes: number;
  readonly logger: HubLogger | undefined;
}

/** Applies `CONNECTION_DEFAULTS` and `RECONNECT_DEFAULTS` (an option given as `undefined` keeps its default). */
export function resolveConnectionOptions(options: ConnectionOptions): ResolvedConnectionOptions {
  const { heartbeat, ...rest } = options;
  const reconnect = options.reconnect === false ? undefined : resolveReconnectOptions(options.reconnect);
  return {
    ...CONNECTION_DEFAULTS,
    WebSocketCtor: undefined,
    logger: undefined,
    ...(given(rest) as typeof rest),
    reconnect,
    stableAfterMs: (reconnect ?? resolveReconnectOptions()).stableAfterMs,
    heartbeat: heartbeat !== false && { ...CONNECTION_DEFAULTS.heartbeat, ...given(heartbeat ?? {}) },
  };
}

/** `options` without the keys given as `undefined` (or `null`, from untyped callers), so that defaults spread under it hold. */
export function given<T extends object>(options: T): Partial<T> {
  const defined: Partial<T> = {};
  for (const key in options) if (options[key] != null) defined[key] = options[key];
  return defined;
}
