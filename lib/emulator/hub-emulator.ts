import type { Observable } from 'rxjs';
import type { WireObject } from '../protocol/wire.js';
import type { BotAction } from './bot.js';
import { systemClock } from './clock.js';
import { conversationHooks, faultHooks, inspection } from './emulator-hooks.js';
import { lifecycle } from './emulator-lifecycle.js';
import { createHubCore, emulatorAddresses, serverSettings } from './emulator-setup.js';
import type { EmulatorEvent } from './events.js';
import type { ConnectionTarget, GarbageKind } from './faults.js';
import type { ReceivedLedger } from './ledger.js';
import type { ChannelMode, HubEmulatorOptions } from './options.js';
import { EmulatorServer } from './server.js';
import { UpgradeGate } from './upgrade-gate.js';

/** A socket currently connected to the emulator. */
export interface ConnectionInfo {
  /** The `socket_id` sent in `socket_connected`. */
  readonly id: string;
  /** `Date.now()` when the socket connected. */
  readonly connectedAt: number;
  /** Whether {@link HubEmulator.freeze} holds it half-open. */
  readonly frozen: boolean;
}

/** A conversation as the emulator holds it (read-only view for assertions). */
export interface ConversationInfo {
  /** The conversation id. */
  readonly id: string;
  /** The `userId` it was started with, if any. */
  readonly userId: string | undefined;
  /** Its metadata now (after every `metadata` event). */
  readonly metadata: WireObject;
  /** The socket its answers currently go to. */
  readonly connectionId: string | undefined;
  /** How many messages its transcript holds. */
  readonly transcriptLength: number;
}

/** A running emulator. Every method is safe to call at any time, also after `stop()`. */
export interface HubEmulator {
  /** `ws://host:port` — append `?apikey=…` (or use {@link urlWithKey}). */
  readonly url: string;
  /** `http://host:port`, for `/healthz` and the compatibility endpoint. */
  readonly httpUrl: string;
  /** The port it listens on (the one picked when started with port 0). */
  readonly port: number;
  /**
   * The ws URL with the key as a URL-encoded `apikey` query (default: the first accepted key or `dev`).
   * @example
   * new WebSocket(hub.urlWithKey('k 1')); // ws://127.0.0.1:<port>/?apikey=k%201
   */
  urlWithKey(apiKey?: string): string;
  /**
   * Emulator only: the ws URL of a watcher of one conversation (`watch` query). The socket is
   * authorised by its key like any other and gets a copy of every frame the conversation is sent —
   * bot and agent messages, actions, updates — whichever socket the conversation is bound to. A real
   * hub has no such thing. Connect it with this library's `connectHub` (which adds the key) or
   * `captivate-hub tail --conversation ID`.
   *
   * @example
   * const hub = connectHub({ url: emulator.watchUrl(conversationId), apiKey: 'dev' });
   * hub.events$.subscribe((event) => console.log(event.type));
   */
  watchUrl(conversationId: string): string;
  /**
   * Every inbound client event.
   * @example
   * expect(hub.received.withClientMsgId('m-1')).toHaveLength(1); // arrived exactly once
   */
  readonly received: ReceivedLedger;
  /**
   * Connects, disconnects, frames in and out, ignored frames, refused upgrades. Completes on stop.
   * @example
   * hub.events$.pipe(filter((e) => e.type === 'disconnect')).subscribe((e) => console.log(e.code));
   */
  readonly events$: Observable<EmulatorEvent>;
  /** The open sockets. @example expect(hub.connections()).toHaveLength(1); */
  connections(): readonly ConnectionInfo[];
  /**
   * One conversation as the hub holds it (its metadata including `private`), or `undefined`.
   * @example
   * expect(hub.conversation(id)?.metadata).toEqual({ plan: 'pro' });
   */
  conversation(conversationId: string): ConversationInfo | undefined;
  /**
   * A `livechat_message` from a simulated agent; throws InvalidArgumentError for an unknown conversation.
   * @example
   * hub.agentSays(id, 'Hi, Sam here.');
   */
  agentSays(conversationId: string, content: string | readonly WireObject[]): void;
  /** A `bot_message` outside the bot's flow. @example hub.botSays(id, 'Anything else?'); */
  botSays(conversationId: string, content: string | readonly WireObject[]): void;
  /**
   * An outgoing `action` event.
   * @example
   * hub.sendAction(id, [{ id: 'redirectToContactUs', data: { url: '/contact' } }]);
   */
  sendAction(conversationId: string, actions: readonly BotAction[]): void;
  /**
   * A `conversation_update` of the given type.
   * @example
   * hub.updateConversation(id, 'livechatAgentConnected', { agentInfo: { name: 'Sam' } });
   */
  updateConversation(conversationId: string, type: string, data?: WireObject): void;
  /**
   * Writes a frame as is (objects are JSON-encoded, no envelope, no latency); returns the sockets reached.
   *
   * @example
   * emulator.sendRaw({ event_type: 'brand_new_event', event_payload: {} });
   */
  sendRaw(frame: string | Buffer | object, target?: ConnectionTarget): number;
  /**
   * Writes bad frames (all kinds by default): non-JSON, truncated, binary, a JSON array, no event_type.
   *
   * @example
   * emulator.sendGarbage({ kinds: ['not-json', 'binary'] }); // the client reports MALFORMED_FRAME twice
   */
  sendGarbage(options?: ConnectionTarget & { readonly kinds?: readonly GarbageKind[] }): number;
  /**
   * Clean close with a close frame. @default code 1001, reason "Going away"
   *
   * @example
   * emulator.dropConnections({ code: 1008, reason: 'throttled' });
   */
  dropConnections(options?: ConnectionTarget & { readonly code?: number; readonly reason?: string }): void;
  /**
   * Destroys sockets without a close frame (the client sees 1006).
   *
   * @example
   * emulator.terminateConnections({ connectionId: emulator.connections()[0]!.id });
   */
  terminateConnections(target?: ConnectionTarget): void;
  /**
   * Half-open: TCP stays up, nothing is read or written, pings go unanswered, limits pause.
   * @example
   * hub.freeze({ connectionId: socketId }); // … then hub.unfreeze()
   */
  freeze(target?: ConnectionTarget): void;
  /** Ends {@link freeze}: the socket reads and writes again, held frames go out. */
  unfreeze(target?: ConnectionTarget): void;
  /**
   * A gateway that lost the connection silently: what the client writes is read and discarded (never
   * in the ledger), nothing is written to it, pings are still answered; after `ms` (default 200) of
   * the emulator's clock the socket is destroyed without a close frame (1006).
   */
  swallow(options?: ConnectionTarget & { readonly ms?: number }): void;
  /**
   * The channel owner switching Socket / Webhook mode (see `HubEmulatorOptions.channelMode`); takes
   * effect with the next reply.
   *
   * @example
   * emulator.setChannelMode('webhook'); // replies now leave by the webhook, not the socket
   */
  setChannelMode(mode: ChannelMode): void;
  /**
   * Refuses upgrades with `status` (default 503) for `ms` of the emulator's clock; `Infinity` until
   * {@link acceptConnections}.
   * @example
   * hub.refuseConnections(5_000, { status: 502 });
   */
  refuseConnections(ms: number, options?: { readonly status?: number }): void;
  /** Ends {@link refuseConnections} at once. */
  acceptConnections(): void;
  /**
   * Listener down (for `downMs` of the emulator's clock) and back up on the same port; conversations
   * are kept. Sockets are terminated (a crash) unless `code` asks for a clean close.
   * @example
   * await hub.restart({ downMs: 500, code: 1012, reason: 'Service restart' });
   */
  restart(options?: {
    readonly downMs?: number;
    readonly code?: number;
    readonly reason?: string;
  }): Promise<void>;
  /**
   * Closes every socket (1001) and the listener; leaves no handle behind. Idempotent.
   *
   * @example
   * afterEach(() => emulator.stop());
   */
  stop(): Promise<void>;
}

/**
 * Starts a local Captivate Hub on `ws` + `node:http`. Its defaults serve both this library's client
 * and the vendor's `captivate-chat-api` (wrapped frames, answers in the HTTP body, bot-first start).
 *
 * @example
 * const hub = await startHubEmulator({ apiKeys: ['test-key'] });
 * const ws = new WebSocket(hub.urlWithKey('test-key'));
 * // … later
 * await hub.stop();
 */
export async function startHubEmulator(options: HubEmulatorOptions = {}): Promise<HubEmulator> {
  const clock = options.clock ?? systemClock;
  const hub = createHubCore(options, clock);
  const gate = new UpgradeGate(options.apiKeys, hub.settings.limits, () => clock.now());
  const host = options.host ?? '127.0.0.1';
  const server = new EmulatorServer(hub, gate, serverSettings(options, host));
  const port = await server.listen(options.port ?? 0);
  const addresses = emulatorAddresses(host, port, options.apiKeys);
  hub.httpBaseUrl = options.publicUrl?.replace(/\/+$/, '') ?? addresses.httpUrl;
  return {
    ...addresses,
    port,
    received: hub.ledger,
    events$: hub.events.asObservable(),
    ...inspection(hub),
    ...conversationHooks(hub),
    ...faultHooks(hub, gate),
    ...lifecycle(hub, server, port, clock),
  };
}
