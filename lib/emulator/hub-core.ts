import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import type { WireObject } from '../protocol/wire.js';
import type { Bot, BotInput } from './bot.js';
import { BotContextImpl } from './bot-context.js';
import type { EmulatorClock } from './clock.js';
import type { EmulatorConnection } from './connection.js';
import { ConversationStore, type ConversationRecord } from './conversation-store.js';
import type { EmulatorEvent } from './events.js';
import { HANDLERS, type Answer, type HandledRequest } from './handlers.js';
import { LargeMessageStore } from './large-messages.js';
import { ReceivedLedger } from './ledger.js';
import { excerpt, type EmulatorLogger } from './logger.js';
import type { ChannelMode, ResolvedLimits, TranscriptShape } from './options.js';
import { stringField } from './safe-object.js';
import type { WebhookSender } from './webhook.js';
import { eventIdSource, isRejected, parseClientFrame, type ClientEvent } from './wire-frames.js';

/** The settings the protocol logic needs (the network side lives in server.ts). */
export interface HubSettings {
  readonly limits: ResolvedLimits;
  readonly transcriptShape: TranscriptShape;
  readonly bot: Bot;
  readonly logger: EmulatorLogger;
  readonly ledgerCapacity: number;
  /** Byte budget of the ledger (frame sizes of its entries). */
  readonly ledgerMaxBytes?: number;
  /** Where Webhook-mode replies are POSTed; none: they go nowhere. */
  readonly webhook: WebhookSender | undefined;
  readonly clock: EmulatorClock;
  /** Delay before the bot reacts to an event posted over HTTP. */
  readonly httpReplyDelayMs: number;
  /**
   * `apiKeys` are configured: each key is a channel of its own, whose conversations sockets of
   * other keys never see. Without, every socket shares one channel.
   */
  readonly keyedChannels?: boolean;
  /** How many replies too large for the socket are kept for their link (oldest forgotten first). */
  readonly largeMessagesCapacity?: number;
  /** Byte budget of those replies (oldest forgotten first). */
  readonly largeMessagesMaxBytes?: number;
}

/** Where a client event came from. */
export type Via = 'socket' | 'http';

/**
 * The hub itself, without the network: reads client events, keeps conversations, runs the bot and
 * routes every answer to the socket currently bound to its conversation.
 */
export class HubCore {
  readonly conversations: ConversationStore;
  readonly connections = new Map<string, EmulatorConnection>();
  /** Sockets watching a conversation (emulator only): they get a copy of every frame it is sent. */
  readonly watchers = new Map<string, Set<EmulatorConnection>>();
  readonly ledger: ReceivedLedger;
  readonly events = new Subject<EmulatorEvent>();
  /** Replies too large for the socket, served at GET /messages/:id (bounded, oldest forgotten first). */
  readonly largeMessages: LargeMessageStore;
  readonly nextEventId = eventIdSource();
  /** Set by the server once it listens; used to build `message_link`s. */
  httpBaseUrl = '';
  /** Per connection, when bound to every interface: `http://<Host of its upgrade>`, reachable by that client. */
  readonly linkBases = new Map<string, string>();
  /** Where the replies of conversations go (see `HubEmulatorOptions.channelMode`). */
  channelMode: ChannelMode = 'socket';

  constructor(readonly settings: HubSettings) {
    const now = () => settings.clock.now();
    this.ledger = new ReceivedLedger({
      capacity: settings.ledgerCapacity,
      maxBytes: settings.ledgerMaxBytes,
      now,
    });
    this.conversations = new ConversationStore(now);
    this.largeMessages = new LargeMessageStore(
      settings.largeMessagesCapacity,
      settings.largeMessagesMaxBytes,
    );
  }

  /** `Date.now()` of the emulator's clock. */
  now(): number {
    return this.settings.clock.now();
  }

  /**
   * One text frame from a socket (or the HTTP compatibility endpoint, whose `answer` collects the
   * answers for the response body). Never throws.
   */
  receiveText(connection: EmulatorConnection, text: string, via: Via, answer?: Answer): void {
    if (this.events.observed) {
      this.events.next({ type: 'frame-in', at: this.now(), connectionId: connection.id, via, text });
    }
    this.settings.logger.debug?.(`← ${connection.id} ${excerpt(text, 500)}`);
    const frame = parseClientFrame(text);
    if (isRejected(frame)) this.ignore(connection.id, `${frame.reason}: ${excerpt(text)}`);
    else this.dispatch(connection, frame, via, text.length, answer);
  }

  /**
   * Routes a parsed client event to its handler, after recording it in the ledger (`bytes`: the size
   * of the frame it came in, counted against the ledger's byte budget).
   */
  dispatch(
    connection: EmulatorConnection,
    event: ClientEvent,
    via: Via,
    bytes: number,
    answer?: Answer,
  ): void {
    const { eventType, payload } = event;
    const entry = this.ledger.record(
      {
        connectionId: connection.id,
        via,
        eventType,
        conversationId: stringField(payload, 'conversation_id'),
        clientMsgId: stringField(payload, 'client_msg_id'),
        payload,
      },
      bytes,
    );
    const handler = HANDLERS.get(eventType);
    if (!handler) {
      this.ignore(connection.id, `unknown event_type ${JSON.stringify(eventType)}`);
      return;
    }
    const request: HandledRequest = {
      connection,
      via,
      entry,
      answer: answer ?? ((type, answerPayload) => this.send(connection, type, answerPayload)),
    };
    try {
      handler(this, request, payload);
    } catch (error) {
      this.settings.logger.warn?.(`handler for ${eventType} failed: ${String(error)}`);
    }
  }

  /** Logs and reports a client frame the hub does not act on. */
  ignore(connectionId: string, reason: string): void {
    this.settings.logger.warn?.(`ignored frame from ${connectionId}: ${reason}`);
    if (this.events.observed) this.events.next({ type: 'ignored', at: this.now(), connectionId, reason });
  }

  /** Sends one event on one socket; a frame over the limit becomes `general_error` 413 + link. */
  send(connection: EmulatorConnection, eventType: string, payload: WireObject): void {
    let text = connection.encode(eventType, this.nextEventId(), payload);
    const max = this.settings.limits.maxMessageBytes;
    // UTF-8 needs at most 3 bytes per UTF-16 unit, so most frames skip the byte count.
    const bytes = text.length * 3 > max ? Buffer.byteLength(text) : 0;
    if (bytes > max) {
      const answer = this.tooLarge(payload, connection, bytes);
      text = connection.encode('general_error', this.nextEventId(), answer);
      eventType = 'general_error';
    }
    connection.write(eventType, text);
  }

  /**
   * Sends to the connection bound to the conversation; `false` when none is open (not replayed).
   * In Webhook mode the reply goes to the webhook instead (`true`: it left the hub).
   */
  deliver(conversation: ConversationRecord, eventType: string, payload: WireObject): boolean {
    if (this.watchers.size > 0) this.mirror(conversation, eventType, payload);
    if (this.channelMode === 'webhook') {
      this.toWebhook(conversation.id, eventType, payload);
      return true;
    }
    const id = conversation.boundConnectionId;
    const connection = id === undefined ? undefined : this.connections.get(id);
    if (!connection?.open) {
      this.settings.logger.debug?.(`✗ ${eventType} for ${conversation.id} not delivered: no open connection`);
      return false;
    }
    this.send(connection, eventType, payload);
    return true;
  }

  /**
   * Whether a socket may use a conversation: with `apiKeys`, only a socket opened with the key that
   * started it (or, for a listing, a request naming that key in `apiKeys`: knowing the key is the
   * right to its channel). Without `apiKeys` every conversation is everyone's.
   */
  inChannel(
    connection: EmulatorConnection,
    conversation: ConversationRecord,
    namedKeys?: ReadonlySet<string>,
  ): boolean {
    if (!this.settings.keyedChannels || conversation.apiKey === connection.apiKey) return true;
    return conversation.apiKey !== undefined && namedKeys?.has(conversation.apiKey) === true;
  }

  /** `general_error` 400, the hub's answer to an unknown or deleted conversation. */
  invalidConversation(request: HandledRequest, conversationId: string | undefined): void {
    request.answer('general_error', {
      ...(conversationId === undefined ? {} : { conversation_id: conversationId }),
      error_code: 400,
      error_desc: 'Invalid conversation_id',
    });
  }

  /**
   * Runs the bot — for an event posted over HTTP, `httpReplyDelayMs` later (the production hub's flow
   * answers after the POST returned). A throw or rejection is logged, never fatal.
   */
  runBot(conversation: ConversationRecord, input: BotInput, via: Via = 'socket'): void {
    const delay = this.settings.httpReplyDelayMs;
    if (via === 'http' && delay > 0) {
      this.settings.clock.setTimeout(() => {
        // A conversation deleted meanwhile gets no late replies.
        if (this.conversations.get(conversation.id) === conversation) this.runBotNow(conversation, input);
      }, delay);
    } else {
      this.runBotNow(conversation, input);
    }
  }

  /** Starts copying every frame sent for `conversationId` to `connection` (emulator only). */
  watch(conversationId: string, connection: EmulatorConnection): void {
    let set = this.watchers.get(conversationId);
    if (!set) this.watchers.set(conversationId, (set = new Set()));
    set.add(connection);
  }

  /** Forgets a closed watcher. */
  unwatch(conversationId: string, connection: EmulatorConnection): void {
    const set = this.watchers.get(conversationId);
    if (set?.delete(connection) && set.size === 0) this.watchers.delete(conversationId);
  }

  /** Copies a conversation's frame to its watchers; a watcher of another channel (API key) sees nothing. */
  private mirror(conversation: ConversationRecord, eventType: string, payload: WireObject): void {
    const set = this.watchers.get(conversation.id);
    if (!set) return;
    for (const watcher of set) {
      const otherChannel = conversation.apiKey !== undefined && watcher.apiKey !== conversation.apiKey;
      if (watcher.open && watcher.id !== conversation.boundConnectionId && !otherChannel) {
        this.send(watcher, eventType, payload);
      }
    }
  }

  private runBotNow(conversation: ConversationRecord, input: BotInput): void {
    const context = new BotContextImpl(this, conversation);
    try {
      const result = this.settings.bot(input, context);
      if (result) result.catch((error: unknown) => this.botFailed(error));
    } catch (error) {
      this.botFailed(error);
    }
  }

  private toWebhook(conversationId: string, eventType: string, payload: WireObject): void {
    const text = JSON.stringify({
      event_type: eventType,
      event_id: this.nextEventId(),
      event_payload: payload,
    });
    this.settings.logger.debug?.(`→ webhook ${conversationId} ${excerpt(text, 500)}`);
    if (this.events.observed) {
      this.events.next({ type: 'webhook', at: this.now(), conversationId, eventType, text });
    }
    this.settings.webhook?.post(text);
  }

  private botFailed(error: unknown): void {
    this.settings.logger.warn?.(`bot failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Keeps an oversized reply (`bytes`: its frame's size) and answers with its link instead. */
  private tooLarge(payload: WireObject, connection: EmulatorConnection, bytes: number): WireObject {
    const id = randomUUID();
    this.largeMessages.set(id, payload['content'] ?? payload, bytes, connection.apiKey);
    const conversationId = stringField(payload, 'conversation_id');
    return {
      ...(conversationId === undefined ? {} : { conversation_id: conversationId }),
      error_code: 413,
      error_desc: 'Payload too large for the socket',
      message_link: `${this.linkBases.get(connection.id) ?? this.httpBaseUrl}/messages/${id}`,
    };
  }
}
