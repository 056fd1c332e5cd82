import type { ConnectionOptions } from './connection/options.js';
import type { ProbeOptions } from './delivery/probe.js';
import type { StoreOptions } from './delivery/store.js';
import { HUB_DEFAULTS } from './defaults.js';
import { InvalidArgumentError } from './errors.js';

/**
 * The slice of the Fetch API the client uses to read large replies; `globalThis.fetch` fits it.
 * Inject your own to add a proxy, retries or a test double.
 */
export type FetchLike = (
  url: string,
  init: { readonly headers: Record<string, string>; readonly signal?: AbortSignal },
) => Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown> }>;

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
  readonly requestTimeoutMs?: number;
  /**
   * After each reconnect, every open conversation fetches its transcript and emits on `messages$`
   * the bot and agent messages it missed while disconnected (see `Conversation.recover$`).
   * @default false
   */
  readonly recoverOnReconnect?: boolean;
  /**
   * Used to GET large replies (`general_error` 413 with `message_link`) with header `x-api-key`.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
  /**
   * At most this many unconfirmed user messages per conversation (queued, or written and not yet
   * seen by the hub); a newer one makes the oldest fail with `UNCONFIRMED_LIMIT`.
   * @default 100
   */
  readonly maxUnconfirmed?: number;
  /**
   * When a written message is not confirmed after `afterMs`, a cheap request (`metadata_request`)
   * goes out on the same socket: its answer confirms every message written before it; no answer in
   * `timeoutMs` recycles the socket as half-open (see docs/reconnection.md).
   * @default { afterMs: 2000, timeoutMs: 5000 }
   */
  readonly probe?: ProbeOptions;
  /**
   * Keeps open conversations and their queued and unconfirmed messages (never the API key) so a
   * page reload or a process restart resumes them: `hub.storedConversations()` lists them,
   * `hub.conversation(id)` resumes one. Without it nothing is stored.
   * @example
   * connectHub({ url, apiKey, store: { store: localStorageStore()! } });
   */
  readonly store?: StoreOptions;
}

/** `HubOptions` with the client's defaults applied (once, by `resolveHubOptions`). */
export type ResolvedHubOptions = HubOptions & {
  readonly requestTimeoutMs: number;
  readonly recoverOnReconnect: boolean;
};

/** Checks the client's options and applies `HUB_DEFAULTS`; throws `InvalidArgumentError`. */
export function resolveHubOptions(options: HubOptions): ResolvedHubOptions {
  const { requestTimeoutMs = HUB_DEFAULTS.requestTimeoutMs, recoverOnReconnect } = options;
  if (!(requestTimeoutMs > 0 && requestTimeoutMs < 2 ** 31)) {
    throw new InvalidArgumentError('requestTimeoutMs must be a positive number of ms');
  }
  return {
    ...options,
    requestTimeoutMs,
    recoverOnReconnect: recoverOnReconnect ?? HUB_DEFAULTS.recoverOnReconnect,
  };
}
