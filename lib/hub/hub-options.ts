import type { ConnectionOptions } from '../connection/options.js';

/**
 * The slice of the Fetch API the client uses to read large replies; `globalThis.fetch` fits it.
 * Inject your own to add a proxy, retries or a test double.
 */
export type FetchLike = (
  url: string,
  init: { readonly headers: Record<string, string>; readonly signal?: AbortSignal },
) => Promise<{
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The HTTP status. */
  readonly status: number;
  /** The body, parsed as JSON. */
  json(): Promise<unknown>;
}>;

/**
 * Options of {@link connectHub}: the connection's (`url`, `apiKey`, reconnection, heartbeat, queue,
 * logger, …) plus the client's own. Defaults of the client options are in `HUB_DEFAULTS`.
 *
 * @example
 * const hub = connectHub({
 *   url: 'wss://hub.example/dev',
 *   apiKey: process.env.HUB_KEY!,
 *   requestTimeoutMs: 15_000,
 *   recoverOnReconnect: true,
 *   reconnect: { maxAttempts: 20 },
 *   logger: console,
 * });
 */
export interface HubOptions extends ConnectionOptions {
  /**
   * How long a request (start, metadata, transcript, edit, delete, user conversations) waits for
   * its answer, counted from the moment it is handed to the connection (queue time included) and
   * restarted when it is re-sent after a reconnect. Past it the request fails with `REQUEST_TIMEOUT`.
   * @default 10000
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
}
