import { MAX_MESSAGE_BYTES } from './protocol/limits.js';

/**
 * Defaults of the client layer (hub, conversations, requests), in one place; `resolveHubOptions`
 * applies them once, when the hub is made.
 */
export const HUB_DEFAULTS = {
  /**
   * No answer within this → `REQUEST_TIMEOUT`. The gateway in front of the hub gives the hub's
   * backend up to 29 s to answer a frame: an answer may legitimately take that long under load,
   * so a shorter default would fail requests that succeed on the hub (a start would then create
   * a conversation nobody gets). 29 s plus 1 s for the frames' way through the network.
   */
  requestTimeoutMs: 30_000,
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
  /** Unconfirmed user messages per conversation (queued + written, not yet seen by the hub); past it the oldest fails. */
  maxUnconfirmed: 100,
} as const;

/**
 * How long after its frame was written a socket may still owe a request its answer. A request
 * that timed out or was cancelled after its frame went out keeps its lane until that answer comes
 * (and is swallowed) or the socket ends; past this window the client recycles the socket, so the
 * late answer can never reach another request of the lane.
 *
 * Why 30 s: the gateway drops a backend answer later than 29 s after the frame, so a healthy hub
 * has answered within 29 s plus the network's way back; waiting longer only blocks the lane, and
 * recycling sooner would cut answers a slow but healthy hub still sends.
 */
export const LATE_ANSWER_WINDOW_MS = 30_000;

/** The defaults of `ReconnectOptions`; why each is what it is: docs/reconnection.md. */
export const RECONNECT_DEFAULTS = {
  /** The cap of the first retry's wait (full jitter picks in `[0, cap)`). */
  initialDelayMs: 500,
  /** The largest cap of a wait, however many attempts failed. */
  maxDelayMs: 30_000,
  /** Each failed attempt multiplies the cap by this. */
  multiplier: 2,
  /** Attempts after a loss before giving up with status `closed`: never give up. */
  maxAttempts: Infinity,
  /** A connection up this long after `socket_connected` resets the attempt count. */
  stableAfterMs: 10_000,
};

/** The defaults of the connection's other options (`ConnectionOptions`, `HeartbeatOptions`). */
export const CONNECTION_DEFAULTS = {
  /** The manual writes `apikey`, the vendor's client `apiKey`. */
  apiKeyParam: 'apikey',
  /** `socket_connected` must arrive within this after the upgrade. */
  connectTimeoutMs: 10_000,
  /** Outbound events held while disconnected; past it a send fails with `QUEUE_FULL`. */
  outboundQueueLimit: 1_000,
  /** The gateway's frame size (32 KiB). */
  maxFrameBytes: 32_768,
  /** 1 h 58 min: before the gateway's 2 h cap, with room to wait for a quiet moment. */
  maxConnectionMs: 7_080_000,
  /** The defaults of `HeartbeatOptions`. */
  heartbeat: {
    /** Node (`ws`): ping interval (browsers cannot ping). */
    intervalMs: 30_000,
    /** Node (`ws`): no pong within this → terminate and reconnect. */
    timeoutMs: 10_000,
  },
  /** The gateway carries no larger message, so a larger inbound frame is refused. */
  maxInboundFrameBytes: MAX_MESSAGE_BYTES,
};
