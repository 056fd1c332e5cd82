/** `HUB_LIMITS.maxMessageBytes`, on its own so that the client's code does not keep the whole table. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/**
 * The fixed quotas of the managed gateway in front of the hub (docs/protocol/limits.md).
 * The client refuses to send past them; the emulator enforces them with these defaults.
 */
export const HUB_LIMITS = {
  /** A larger message makes the gateway close the socket with 1009. */
  maxMessageBytes: MAX_MESSAGE_BYTES,
  /** Larger messages must be fragmented; browsers and `ws` do not do that on their own. */
  maxFrameBytes: 32 * 1024,
  /** The gateway closes a socket that carried no frame for this long. */
  idleTimeoutMs: 10 * 60 * 1000,
  /** The gateway closes every connection after this long, busy or not. */
  maxConnectionMs: 2 * 60 * 60 * 1000,
  /** New connections per second per account and region, all widgets together. */
  connectionsPerSecond: 500,
  /** How long the integration behind a route may take to answer. */
  maxBackendAnswerMs: 29_000,
  /** Longest upgrade URL the gateway accepts. */
  maxUrlLength: 4096,
} as const;
