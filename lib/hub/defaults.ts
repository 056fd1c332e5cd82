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
  /** A large-reply fetch (headers and body) taking longer fails with `MESSAGE_FETCH_FAILED`. */
  largeReplyTimeoutMs: 15_000,
  /** Largest large-reply body read (4 MiB): a hostile link cannot fill the memory. */
  largeReplyMaxBytes: 4 * 1024 * 1024,
  /** Large-reply fetches in flight per conversation. */
  largeReplyConcurrency: 4,
  /** Links remembered per hub so that the same one is fetched once. */
  largeReplyLinksRemembered: 256,
} as const;
