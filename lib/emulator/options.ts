import type { IncomingMessage, ServerResponse } from 'node:http';
import { HUB_LIMITS } from '../protocol/limits.js';
import type { Bot } from './bot.js';
import type { EmulatorClock } from './clock.js';
import type { EmulatorLogger } from './logger.js';

/**
 * The envelope of hub → client frames: `plain` (event at the top level), `wrapped`
 * (`{action:'receiveMessage', event}`), or `mixed` (alternating per frame on each connection,
 * starting with plain) — both shapes are in the wild (docs/protocol/README.md §2). The vendor's client
 * `captivate-chat-api` reads only `wrapped`, which is therefore what the production hub sends and the
 * emulator's default.
 */
export type FrameShape = 'plain' | 'wrapped' | 'mixed';

/** A fixed delay, or a `[min, max]` range drawn uniformly per frame. Order per connection is kept. */
export type LatencyMs = number | readonly [min: number, max: number];

/** Which of the two documented `conversation_transcript` payloads to send (docs/protocol/README.md §3). */
export type TranscriptShape = 'transcript' | 'messages';

/**
 * Where the hub sends a channel's replies (docs/protocol/README.md §1): on the socket, or — once the
 * channel's owner switches it to Webhook mode — to the owner's webhook instead.
 */
export type ChannelMode = 'socket' | 'webhook';

/**
 * The gateway quotas of docs/protocol/limits.md; each can be lowered to milliseconds / bytes for tests.
 *
 * @example
 * await startHubEmulator({ port: 0, limits: { idleTimeoutMs: 200, maxMessageBytes: 1024 } });
 */
export interface EmulatorLimits {
  /**
   * Close a connection (1001 "Going away") after this long without a data frame in either direction.
   * @default 600000
   */
  readonly idleTimeoutMs?: number | undefined;
  /**
   * Whether a client ping resets the idle timer. The gateway does not promise it does, so the default
   * is the pessimistic answer; set `true` to test a ping keep-alive strategy.
   * @default false
   */
  readonly pingsCountAsActivity?: boolean | undefined;
  /**
   * Close every connection (1001 "Going away") this long after it opened, busy or not.
   * @default 7200000
   */
  readonly maxConnectionMs?: number | undefined;
  /**
   * A client message larger than this closes the connection with 1009; a hub frame larger than this is
   * replaced by `general_error` 413 with a `message_link`.
   * @default 131072
   */
  readonly maxMessageBytes?: number | undefined;
  /**
   * Off by default. When set, a client message larger than this closes the connection with 1009, as a
   * gateway that refuses unfragmented large frames would. The emulator cannot see how a text message
   * was fragmented, so it judges the whole message.
   * @default undefined
   */
  readonly maxFrameBytes?: number | undefined;
  /**
   * Off by default so load tests can open thousands of sockets; the real gateway allows 500 per second
   * (`HUB_LIMITS.connectionsPerSecond`). Upgrades over the quota are refused with HTTP 429.
   * @default undefined
   */
  readonly newConnectionsPerSecond?: number | undefined;
  /**
   * Upgrade URLs longer than this are refused with HTTP 414.
   * @default 4096
   */
  readonly maxUrlLength?: number | undefined;
}

/**
 * Options of {@link startHubEmulator}.
 *
 * @example
 * const emulator = await startHubEmulator({ port: 0, apiKeys: ['test-key'], frameShape: 'mixed', latencyMs: [5, 20] });
 */
export interface HubEmulatorOptions {
  /** `0` picks a free port. @default 0 */
  readonly port?: number | undefined;
  /** @default '127.0.0.1' */
  readonly host?: string | undefined;
  /**
   * Accepted API keys (query `apikey` or `apiKey` on the upgrade; header `x-api-key` over HTTP).
   * Omitted: any key, or none, is accepted — convenient for local development.
   * @default undefined
   */
  readonly apiKeys?: readonly string[] | undefined;
  /**
   * `wrapped` is what the production hub sends and the only shape the vendor's client reads; this
   * library's client reads all three.
   * @default 'wrapped'
   */
  readonly frameShape?: FrameShape | undefined;
  /** Delay before each hub frame is written. `0` writes synchronously. @default 0 */
  readonly latencyMs?: LatencyMs | undefined;
  /** @default 'transcript' */
  readonly transcriptShape?: TranscriptShape | undefined;
  /** The gateway quotas to enforce; each defaults to the gateway's value (docs/protocol/limits.md). */
  readonly limits?: EmulatorLimits | undefined;
  /**
   * `webhook` reproduces a channel switched to Webhook mode: bot and agent messages, actions and
   * conversation updates leave by `webhookUrl` (or vanish), not by the socket; answers to requests
   * still come on the socket. Switch at run time with `setChannelMode`.
   * @default 'socket'
   */
  readonly channelMode?: ChannelMode | undefined;
  /**
   * In Webhook mode, each reply is POSTed here as JSON (the wire event: `event_type`, `event_id`,
   * `event_payload`). Omitted: replies in Webhook mode go nowhere, as for a channel whose webhook is down.
   * @default undefined
   */
  readonly webhookUrl?: string | undefined;
  /**
   * Answers conversation starts, user messages and actions. The default bot is bot-first the way the
   * production hub is: silent at the start, it greets on the client's empty trigger message. Use
   * `scriptedBot({ greetOnStart: true })` for a greeting right after `conversation_start_success`.
   * @default defaultBot
   */
  readonly bot?: Bot | undefined;
  /**
   * Delay before the bot reacts to an event posted over HTTP (`POST /api/custom-channel/sockets/message`,
   * the vendor client's send path). The production hub answers the POST at once and its flow replies on
   * the socket later; the vendor's client attaches its listeners only once the POST of its start
   * trigger has returned, so a reply written before that would be lost.
   * @default 50
   * @example
   * await startHubEmulator({ httpReplyDelayMs: 0 }); // replies as soon as the event is handled
   */
  readonly httpReplyDelayMs?: number | undefined;
  /**
   * Time and timers of the emulator (latency, idle timeout, maximum duration, refusal windows,
   * restart downtime, HTTP reply delay). Pass a `ManualClock` to test on virtual time.
   * @default systemClock
   * @example
   * const clock = new ManualClock();
   * const hub = await startHubEmulator({ clock, limits: { idleTimeoutMs: 5_000 } });
   * clock.advance(5_000); // idle sockets are closed 1001 now
   */
  readonly clock?: EmulatorClock | undefined;
  /** Silent when omitted. Frames in and out are logged at `debug`. */
  readonly logger?: EmulatorLogger | undefined;
  /** The `received` ledger keeps at most this many events (oldest dropped first). @default 100000 */
  readonly ledgerCapacity?: number | undefined;
  /**
   * The `received` ledger also keeps at most this many bytes of frames (oldest dropped first), so
   * a client sending large frames cannot fill the memory within the entry count.
   * @default 67108864 (64 MiB)
   */
  readonly ledgerMaxBytes?: number | undefined;
  /**
   * A reply too large for the socket (`general_error` 413 + `message_link`) is kept for its link;
   * at most this many are, the oldest forgotten first (its link then answers 404).
   * @default 256
   */
  readonly largeMessagesCapacity?: number | undefined;
  /**
   * Byte budget of those kept replies (their frames' sizes), the oldest forgotten first; the newest
   * always stays, even alone over the budget. A client asking again and again for a large
   * transcript cannot fill the memory.
   * @default 33554432 (32 MiB)
   */
  readonly largeMessagesMaxBytes?: number | undefined;
  /**
   * A TCP connection that has not finished a request's headers this long after connecting (or after
   * its previous answer), or its body this long after its headers, or has not taken an answer this
   * long after it was given, is closed, on the emulator's `clock`: no request, trickled headers, an
   * unfinished body, an answer never read, an idle keep-alive. Open WebSockets
   * are not concerned: the gateway's `limits.idleTimeoutMs` applies to them. `0` or `Infinity`: never.
   * @default 30000
   */
  readonly idleSocketTimeoutMs?: number | undefined;
  /**
   * Without `apiKeys`, browsers may open sockets and POST only from pages on a loopback origin
   * (`http://127.0.0.1:…`, `http://localhost:…`, `http://[::1]:…`) or on one listed here; requests
   * without `Origin` (Node clients, curl) are always accepted. CORS echoes only these origins.
   * With `apiKeys`, any origin may connect with a valid key.
   * @example ['http://192.168.1.20:4200']
   * @default []
   */
  readonly allowedOrigins?: readonly string[] | undefined;
  /**
   * Without `apiKeys`, which `Host` headers the emulator answers (HTTP requests and upgrades), against
   * DNS rebinding: a page on `evil.example` whose name is re-pointed at 127.0.0.1 after it loaded is
   * same-origin with the emulator, sends no `Origin`, and could read replies behind `message_link`s.
   * Always answered: loopback names (`localhost`, `*.localhost`), IP literals (`127.0.0.1`,
   * `192.168.1.20`, `[::1]`: a rebinding needs a DNS name), and the `host` the emulator listens on.
   * Entries are host names without scheme or port; a leading dot (`.example.com`) also allows every
   * subdomain. `true` answers any `Host`, e.g. behind a proxy that rewrites it. Other hosts get 403
   * (a refused upgrade for WebSockets). With `apiKeys`, the key is the guard and any `Host` is answered.
   * An entry that is not a host name (a URL, a port, `*`) throws `InvalidArgumentError`.
   * @example ['my-laptop.lan', '.dev.example.com']
   * @default []
   */
  readonly allowedHosts?: readonly string[] | true | undefined;
  /**
   * The base of `message_link`s, e.g. `https://hub.local:8443` behind a proxy. Omitted:
   * `http://<host>:<port>`; when bound to every interface (`0.0.0.0`, `::`), each connection's
   * links use the `Host` it connected with, a name that client can reach.
   * @default undefined
   */
  readonly publicUrl?: string | undefined;
  /**
   * Extra HTTP routes on the emulator's port (the demo widget of `npm start` is served this way).
   * Called first for every plain HTTP request; return `true` when it answered the request, `false`
   * to let the emulator's own routes (`/healthz`, …) handle it.
   * @default undefined
   */
  readonly httpHandler?: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
}

/** Limits with every default filled in. */
export interface ResolvedLimits {
  readonly idleTimeoutMs: number;
  readonly pingsCountAsActivity: boolean;
  readonly maxConnectionMs: number;
  readonly maxMessageBytes: number;
  readonly maxFrameBytes: number | undefined;
  readonly newConnectionsPerSecond: number | undefined;
  readonly maxUrlLength: number;
}

export function resolveLimits(limits: EmulatorLimits = {}): ResolvedLimits {
  return {
    idleTimeoutMs: limits.idleTimeoutMs ?? HUB_LIMITS.idleTimeoutMs,
    pingsCountAsActivity: limits.pingsCountAsActivity ?? false,
    maxConnectionMs: limits.maxConnectionMs ?? HUB_LIMITS.maxConnectionMs,
    maxMessageBytes: limits.maxMessageBytes ?? HUB_LIMITS.maxMessageBytes,
    maxFrameBytes: limits.maxFrameBytes,
    newConnectionsPerSecond: limits.newConnectionsPerSecond,
    maxUrlLength: limits.maxUrlLength ?? HUB_LIMITS.maxUrlLength,
  };
}

/** Draws one latency value; `undefined` means "write now". */
export function latencySampler(latency: LatencyMs = 0): () => number {
  if (typeof latency === 'number') return () => latency;
  const [min, max] = latency;
  return () => min + Math.floor(Math.random() * (max - min + 1));
}
