/** Where log lines go. Silent by default; the API key never appears in a line. */
export interface HubLogger {
  /** Frames in and out, timers: verbose. */
  debug?(message: string, details?: Record<string, unknown>): void;
  /** Connects, reconnects, closes. */
  info?(message: string, details?: Record<string, unknown>): void;
  /** Dropped frames, retries, anything recovered from. */
  warn?(message: string, details?: Record<string, unknown>): void;
  /** Failures that end a request or the connection. */
  error?(message: string, details?: Record<string, unknown>): void;
}

/**
 * Reconnection with exponential backoff and full jitter.
 *
 * @example
 * connectHub({ url, apiKey, reconnect: { initialDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 10 } });
 */
export interface ReconnectOptions {
  /** @default 500 */
  readonly initialDelayMs?: number | undefined;
  /** @default 30000 */
  readonly maxDelayMs?: number | undefined;
  /** @default 2 */
  readonly multiplier?: number | undefined;
  /** Attempts after a loss before giving up with status `closed`. @default Infinity */
  readonly maxAttempts?: number | undefined;
  /** A connection must stay up this long after `socket_connected` before the attempt count resets. @default 10000 */
  readonly stableAfterMs?: number | undefined;
}

/**
 * Half-open socket detection.
 *
 * @example
 * connectHub({ url, apiKey, heartbeat: { intervalMs: 15_000, timeoutMs: 5_000 } });
 */
export interface HeartbeatOptions {
  /** Node (`ws`): ping interval. @default 30000 */
  readonly intervalMs?: number | undefined;
  /** Node (`ws`): no pong within this → terminate and reconnect. @default 10000 */
  readonly timeoutMs?: number | undefined;
  /** Browsers cannot ping: optional watchdog that reconnects after this long without any inbound frame. @default undefined (off) */
  readonly inactivityTimeoutMs?: number | undefined;
}

/** A WebSocket constructor: the browser's, `ws`, or a test double with the same shape. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

/**
 * Options of the connection layer (socket, reconnection, queue), part of `HubOptions`.
 *
 * @example
 * connectHub({ url: 'wss://hub.example/dev', apiKey, apiKeyParam: 'apiKey', outboundQueueLimit: 200 });
 */
export interface ConnectionOptions {
  /** The hub's Socket Mode URL (`wss://…`), without the key. */
  readonly url: string;
  /** The channel API key; URL-encoded into the query, never logged. */
  readonly apiKey: string;
  /** Query parameter carrying the key: the manual writes `apikey`, the vendor's client `apiKey`. @default 'apikey' */
  readonly apiKeyParam?: string | undefined;
  /** @default the `isomorphic-ws` export: the browser's WebSocket under a bundler, `ws` on Node */
  readonly WebSocketCtor?: WebSocketConstructor | undefined;
  /** `socket_connected` must arrive within this after the upgrade. @default 10000 */
  readonly connectTimeoutMs?: number | undefined;
  /** `false` turns reconnection off. @default {} (on, with the defaults) */
  readonly reconnect?: ReconnectOptions | false | undefined;
  /** Half-open socket detection (pings on Node, inactivity everywhere); `false` turns it off. @default {} (on, with the defaults) */
  readonly heartbeat?: HeartbeatOptions | false | undefined;
  /** Outbound events held while disconnected; past it a send fails with `QUEUE_FULL`. @default 1000 */
  readonly outboundQueueLimit?: number | undefined;
  /**
   * Largest frame sent. The gateway's frame size is 32 KiB and its message limit 128 KiB;
   * raise this up to 128 KiB only if your path fragments frames. @default 32768
   */
  readonly maxFrameBytes?: number | undefined;
  /** Reconnect on purpose, at a quiet moment, before the gateway's 2 h cap. @default 7_080_000 (1 h 58 min) */
  readonly maxConnectionMs?: number | undefined;
  /** @default silent */
  readonly logger?: HubLogger | undefined;
  /**
   * Largest frame accepted from the hub; a larger one is dropped undecoded and reported as
   * `INBOUND_TOO_LARGE` on `errors$`. On Node (`ws`'s `maxPayload`) it is refused while
   * arriving and the socket reconnects; a browser can only drop it once received. The gateway
   * carries no larger message, so the default is its message limit (`HUB_LIMITS.maxMessageBytes`).
   * @default 131072
   */
  readonly maxInboundFrameBytes?: number | undefined;
}
