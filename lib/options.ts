import type { ConnectionOptions } from './connection/options.js';
import type { ProbeOptions } from './delivery/probe.js';
import type { HubStore } from './delivery/store.js';
import { HUB_DEFAULTS } from './defaults.js';
import { InvalidArgumentError } from './errors.js';
import { given } from './connection/resolve-options.js';

/**
 * The slice of the Fetch API the client uses to read large replies; `globalThis.fetch` fits it.
 * Inject your own to add a proxy, retries or a test double. The client asks for
 * `redirect: 'manual'` (a redirect fails the fetch: no redirect ever carries the key) and reads
 * `body` as a stream, stopping at `largeReplyMaxBytes`.
 */
export type FetchLike = (
  url: string,
  init: {
    readonly headers: Record<string, string>;
    readonly signal?: AbortSignal;
    readonly redirect?: 'manual';
    readonly credentials?: 'omit';
  },
) => Promise<{
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The HTTP status. */
  readonly status: number;
  /** `true` when the implementation followed a redirect anyway: the reply is then refused. */
  readonly redirected?: boolean | undefined;
  /** The body as a byte stream (read up to `largeReplyMaxBytes`, then parsed as JSON). */
  readonly body: ReadableStream<Uint8Array> | null;
}>;

/**
 * Options of {@link connectHub}: the connection's (`url`, `apiKey`, reconnection, heartbeat, queue,
 * logger, …) plus the client's own. Defaults of the client options are in `HUB_DEFAULTS`.
 *
 * @example
 * const hub = connectHub({
 *   url: 'wss://hub.example/dev',
 *   apiKey: process.env.HUB_KEY!,
 *   requestTimeoutMs: 15_000, // fail faster than the gateway's 29 s, accepting rare false timeouts
 *   recoverOnReconnect: true,
 * });
 */
export interface HubOptions extends ConnectionOptions {
  /**
   * How long a request (start, metadata, transcript, edit, delete, user conversations) waits for
   * its answer, counted from the call (time queued included) and restarted when it is re-sent
   * after a reconnect. Past it the request fails with `REQUEST_TIMEOUT`. The default covers the
   * gateway's 29 s limit for the hub's answers (see `HUB_DEFAULTS`). A request that times out
   * after its frame was written still holds its lane until its late answer comes (see
   * docs/reconnection.md), so a shorter timeout fails sooner but does not speed up the next
   * request of the same lane.
   * @default 30000
   */
  readonly requestTimeoutMs?: number | undefined;
  /**
   * After each reconnect, every open conversation fetches its transcript and emits on `messages$`
   * the bot and agent messages it missed while disconnected (see `Conversation.recover$`).
   * @default false
   */
  readonly recoverOnReconnect?: boolean | undefined;
  /**
   * Used to GET large replies (`general_error` 413 with `message_link`) with header `x-api-key`.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike | undefined;
  /**
   * Origins (`https://host[:port]`) besides the hub's own that may receive the API key with a
   * large-reply fetch. By default only the hub's own origin does: `https://` + the host and port
   * of a `wss://` URL, or `http://` + those of a `ws://` URL on a loopback host. A link to any
   * other origin fails with `MESSAGE_FETCH_FAILED` without a request. Add the vendor's HTTP API
   * here when it is served from another host than the socket.
   * @example ['https://api.captivatechat.example']
   * @default []
   */
  readonly trustedOrigins?: readonly string[] | undefined;
  /** A large-reply fetch (headers and body) taking longer fails with `MESSAGE_FETCH_FAILED`. @default 15000 */
  readonly largeReplyTimeoutMs?: number | undefined;
  /** A large-reply body larger than this is not read further and fails with `MESSAGE_FETCH_FAILED`. @default 4194304 (4 MiB) */
  readonly largeReplyMaxBytes?: number | undefined;
  /**
   * Large-reply fetches in flight per conversation; one more fails at once with
   * `MESSAGE_FETCH_FAILED` (no request). The same link is fetched once. @default 4
   */
  readonly largeReplyConcurrency?: number | undefined;
  /**
   * At most this many unconfirmed user messages per conversation (queued, or written and not yet
   * seen by the hub); a newer one makes the oldest fail with `UNCONFIRMED_LIMIT`.
   * @default 100
   */
  readonly maxUnconfirmed?: number | undefined;
  /**
   * When a written message is not confirmed after `afterMs`, a cheap request (`metadata_request`)
   * goes out on the same socket: its answer confirms every message written before it; no answer in
   * `timeoutMs` recycles the socket as half-open (see docs/reconnection.md).
   * @default { afterMs: 2000, timeoutMs: 5000 }
   */
  readonly probe?: ProbeOptions | undefined;
  /**
   * Keeps open conversations and their queued and unconfirmed messages (never the API key) so a
   * page reload or a process restart resumes them: `hub.storedConversations()` lists them,
   * `hub.conversation(id)` resumes one. Without it nothing is stored. Made by {@link persist}
   * (an import, so an app without a store does not bundle its code).
   * @example
   * connectHub({ url, apiKey, store: persist(localStorageStore()) });
   */
  readonly store?: HubStore | undefined;
}

/** `HubOptions` with the client's defaults applied (once, by `resolveHubOptions`). */
export type ResolvedHubOptions = HubOptions & {
  readonly requestTimeoutMs: number;
  readonly recoverOnReconnect: boolean;
  readonly trustedOrigins: readonly string[];
  readonly largeReplyTimeoutMs: number;
  readonly largeReplyMaxBytes: number;
  readonly largeReplyConcurrency: number;
};

/** Checks the client's options and applies `HUB_DEFAULTS`; throws `InvalidArgumentError`. */
export function resolveHubOptions(options: HubOptions): ResolvedHubOptions {
  // A fresh object per hub: it also keys the hub's large-reply state (see large-reply.ts).
  const resolved = { ...HUB_DEFAULTS, trustedOrigins: [], ...(given(options) as HubOptions) };
  const { requestTimeoutMs } = resolved;
  if (!(requestTimeoutMs > 0 && requestTimeoutMs < 2 ** 31)) {
    throw new InvalidArgumentError('requestTimeoutMs must be a positive number of ms');
  }
  return resolved;
}
