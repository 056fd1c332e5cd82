import type { Observable } from 'rxjs';
import { InvalidArgumentError } from '../errors.js';
import type { WireObject } from '../protocol/wire.js';
import { defaultBot, type BotAction } from './bot.js';
import { BotContextImpl } from './bot-context.js';
import type { EmulatorEvent } from './events.js';
import {
  closedWithin,
  sendGarbage,
  sendRaw,
  targetsOf,
  type ConnectionTarget,
  type GarbageKind,
} from './faults.js';
import { HubCore } from './hub-core.js';
import type { ReceivedLedger } from './ledger.js';
import { latencySampler, resolveLimits, type ChannelMode, type HubEmulatorOptions } from './options.js';
import { EmulatorServer } from './server.js';
import { UpgradeGate } from './upgrade-gate.js';
import { WebhookSender } from './webhook.js';

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
   *
   * @example
   * new WebSocket(emulator.urlWithKey('test-key')); // a raw client, without the library
   */
  urlWithKey(apiKey?: string): string;
  /**
   * Every inbound client event, to check what the hub received.
   *
   * @example
   * expect(emulator.received.forConversation(id).map((e) => e.eventType)).toEqual(['conversation_start', 'user_message']);
   */
  readonly received: ReceivedLedger;
  /**
   * Connects, disconnects, frames in and out, ignored frames, refused upgrades. Completes on stop.
   *
   * @example
   * emulator.events$.pipe(filter((e) => e.type === 'ignored')).subscribe((e) => console.log(e.reason));
   */
  readonly events$: Observable<EmulatorEvent>;
  /**
   * The sockets connected now.
   *
   * @example
   * await waitUntil(() => emulator.connections().length === 1);
   */
  connections(): readonly ConnectionInfo[];
  /**
   * What the emulator holds about a conversation, or `undefined` if it does not know it.
   *
   * @example
   * expect(emulator.conversation(conversation.id)?.metadata).toEqual({ plan: 'pro' });
   */
  conversation(conversationId: string): ConversationInfo | undefined;
  /**
   * A `livechat_message` from a simulated agent; throws InvalidArgumentError for an unknown conversation.
   *
   * @example
   * emulator.agentSays(conversation.id, 'Hi, this is Sam from support.');
   */
  agentSays(conversationId: string, content: string | readonly WireObject[]): void;
  /**
   * A `bot_message` outside the bot's flow: a string, or parts as the wire spells them.
   *
   * @example
   * emulator.botSays(conversation.id, [{ type: 'text', text: 'Still there?' }]);
   */
  botSays(conversationId: string, content: string | readonly WireObject[]): void;
  /**
   * An outgoing `action` event.
   *
   * @example
   * emulator.sendAction(conversation.id, [{ id: 'redirectToContactUs', data: { url: '/contact' } }]);
   */
  sendAction(conversationId: string, actions: readonly BotAction[]): void;
  /**
   * A `conversation_update` of the given type.
   *
   * @example
   * emulator.updateConversation(conversation.id, 'livechatAgentDisconnected');
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
   *
   * @example
   * emulator.freeze(); // the client's heartbeat should notice and reconnect
   */
  freeze(target?: ConnectionTarget): void;
  /** Ends {@link freeze}: the socket reads and writes again, held frames go out. */
  unfreeze(target?: ConnectionTarget): void;
  /**
   * The channel owner switching Socket / Webhook mode (see `HubEmulatorOptions.channelMode`); takes
   * effect with the next reply.
   *
   * @example
   * emulator.setChannelMode('webhook'); // replies now leave by the webhook, not the socket
   */
  setChannelMode(mode: ChannelMode): void;
  /**
   * Refuses upgrades with `status` (default 503) for `ms`; `Infinity` until {@link acceptConnections}.
   *
   * @example
   * emulator.refuseConnections(Infinity, { status: 401 }); // every key rejected
   */
  refuseConnections(ms: number, options?: { readonly status?: number }): void;
  /** Ends {@link refuseConnections} at once. */
  acceptConnections(): void;
  /**
   * Listener down and back up on the same port; conversations are kept. Sockets are terminated
   * (a crash) unless `code` asks for a clean close.
   *
   * @example
   * await emulator.restart({ downMs: 250 }); // the client reconnects to the same conversations
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

const STOP_GRACE_MS = 250;

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts a local Captivate Hub on `ws` + `node:http`.
 *
 * @example
 * const hub = await startHubEmulator({ apiKeys: ['test-key'], frameShape: 'mixed' });
 * const ws = new WebSocket(hub.urlWithKey('test-key'));
 * // … later
 * await hub.stop();
 */
export async function startHubEmulator(options: HubEmulatorOptions = {}): Promise<HubEmulator> {
  const limits = resolveLimits(options.limits);
  const logger = options.logger ?? {};
  const latency = options.latencyMs ?? 0;
  const hub = new HubCore({
    limits,
    transcriptShape: options.transcriptShape ?? 'transcript',
    bot: options.bot ?? defaultBot,
    logger,
    ledgerCapacity: options.ledgerCapacity ?? 100_000,
    webhook: options.webhookUrl === undefined ? undefined : new WebhookSender(options.webhookUrl, logger),
  });
  hub.channelMode = options.channelMode ?? 'socket';
  const gate = new UpgradeGate(options.apiKeys, limits);
  const host = options.host ?? '127.0.0.1';
  const server = new EmulatorServer(hub, gate, {
    host,
    shape: options.frameShape ?? 'plain',
    latency: latency === 0 ? null : latencySampler(latency),
    apiKeys: options.apiKeys,
    httpHandler: options.httpHandler,
  });
  const port = await server.listen(options.port ?? 0);
  const url = `ws://${formatHost(host)}:${port}`;
  const httpUrl = `http://${formatHost(host)}:${port}`;
  hub.httpBaseUrl = httpUrl;
  let stopped: Promise<void> | undefined;

  const contextOf = (conversationId: string) => {
    const conversation = hub.conversations.get(conversationId);
    if (!conversation) throw new InvalidArgumentError(`Unknown conversation ${conversationId}`);
    return new BotContextImpl(hub, conversation);
  };
  const drop = (code: number, reason: string, target?: ConnectionTarget) => {
    const targets = targetsOf(hub, target);
    for (const connection of targets) {
      if (connection.frozen) connection.terminate();
      else connection.close(code, reason);
    }
    return targets;
  };

  return {
    url,
    httpUrl,
    port,
    urlWithKey: (apiKey = options.apiKeys?.[0] ?? 'dev') => `${url}/?apikey=${encodeURIComponent(apiKey)}`,
    received: hub.ledger,
    events$: hub.events.asObservable(),
    connections: () =>
      [...hub.connections.values()].map((c) => ({ id: c.id, connectedAt: c.connectedAt, frozen: c.frozen })),
    conversation: (conversationId) => {
      const c = hub.conversations.get(conversationId);
      return c
        ? {
            id: c.id,
            userId: c.userId,
            metadata: c.metadata,
            connectionId: c.boundConnectionId,
            transcriptLength: c.transcript.length,
          }
        : undefined;
    },
    agentSays: (conversationId, content) => contextOf(conversationId).agentSays(content),
    botSays: (conversationId, content) => contextOf(conversationId).reply(content),
    sendAction: (conversationId, actions) => contextOf(conversationId).sendActions(actions),
    updateConversation: (conversationId, type, data) =>
      contextOf(conversationId).updateConversation(type, data),
    sendRaw: (frame, target) => sendRaw(hub, frame, target),
    sendGarbage: (garbage = {}) => sendGarbage(hub, garbage.kinds, garbage),
    dropConnections: (drop_ = {}) => void drop(drop_.code ?? 1001, drop_.reason ?? 'Going away', drop_),
    terminateConnections: (target) => targetsOf(hub, target).forEach((c) => c.terminate()),
    freeze: (target) => targetsOf(hub, target).forEach((c) => c.freeze()),
    unfreeze: (target) => targetsOf(hub, target).forEach((c) => c.unfreeze()),
    setChannelMode: (mode) => {
      hub.channelMode = mode;
      logger.info?.(`channel mode: ${mode}`);
    },
    refuseConnections: (ms, refuse = {}) => gate.refuseFor(ms, refuse.status),
    acceptConnections: () => gate.acceptAgain(),
    restart: async (restart = {}) => {
      if (stopped) return;
      const all = [...hub.connections.values()];
      if (restart.code === undefined) all.forEach((c) => c.terminate());
      else drop(restart.code, restart.reason ?? '');
      await closedWithin(all, STOP_GRACE_MS);
      await server.closeListener();
      if (restart.downMs) await new Promise((resolve) => setTimeout(resolve, restart.downMs));
      if (!stopped) await server.listen(port);
    },
    stop: () => {
      stopped ??= (async () => {
        await closedWithin(drop(1001, 'Going away'), STOP_GRACE_MS);
        await server.closeListener();
        server.dispose();
        hub.settings.webhook?.stop();
        hub.largeMessages.clear();
        hub.events.complete();
      })();
      return stopped;
    },
  };
}
