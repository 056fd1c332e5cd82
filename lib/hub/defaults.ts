/**
 * Defaults of the client layer (hub, conversations, requests), in one place.
 * The connection layer's defaults (reconnection, heartbeat, queue) live with the connection.
 */
export const HUB_DEFAULTS = {
  /** No answer within this → `REQUEST_TIMEOUT`. The gateway allows its backend 29 s; 10 s is the vendor's wait. */
  requestTimeoutMs: 10_000,
  /** Fetch the transcript after each reconnect and emit the messages missed meanwhile. */
  recoverOnReconnect: false,
  /** Messages (and actions, updates) kept for a conversation's first subscriber, so none is lost before it. */
  earlyBufferLimit: 100,
  /** Unconfirmed user messages per conversation (queued + written, not yet seen by the hub); past it the oldest fails. */
  maxUnconfirmed: 100,
} as const;
