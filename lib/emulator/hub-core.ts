import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import type { WireObject } from '../protocol/wire.js';
import type { Bot, BotInput } from './bot.js';
import { BotContextImpl } from './bot-context.js';
import type { EmulatorConnection } from './connection.js';
import { ConversationStore, type ConversationRecord } from './conversation-store.js';
import type { EmulatorEvent } from './events.js';
import { HANDLERS } from './handlers.js';
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
}

/**
 * The hub itself, without the network: reads client events, keeps conversations, runs the bot and
 * routes every answer to the socket currently bound to its conversation.
 */
export class HubCore {
  readonly conversations = new ConversationStore();
  readonly connections = new Map<string, EmulatorConnection>();
  readonly ledger: ReceivedLedger;
  readonly events = new Subject<EmulatorEvent>();
  /** Replies too large for the socket, served at GET /messages/:id. */
  readonly largeMessages = new Map<string, unknown>();
  readonly nextEventId = eventIdSource();
  /** Set by the server once it listens; used to build `message_link`s. */
  httpBaseUrl = '';
  /** Per connection, when bound to every interface: `http://<Host of its upgrade>`, reachable by that client. */
  readonly linkBases = new Map<string, string>();
  /** Where the replies of conversations go (see `HubEmulatorOptions.channelMode`). */
  channelMode: ChannelMode = 'socket';

  constructor(readonly settings: HubSettings) {
    this.ledger = new ReceivedLedger(settings.ledgerCapacity, settings.ledgerMaxBytes);
  }

  /** One text frame from a socket (or the HTTP compatibility endpoint). Never throws. */
  receiveText(connection: EmulatorConnection, text: string, via: 'socket' | 'http'): void {
    if (this.events.observed) {
      this.events.next({ type: 'frame-in', at: Date.now(), connectionId: connection.id, via, text });
    }
    this.settings.logger.debug?.(`← ${connection.id} ${excerpt(text, 500)}`);
    const frame = parseClientFrame(text);
    if (isRejected(frame)) this.ignore(connection.id, `${frame.reason}: ${excerpt(text)}`);
    else this.dispatch(connection, frame, via, text.length);
  }

  /** Routes a parsed client event to its handler, after recording it in the ledger. */
  dispatch(connection: EmulatorConnection, event: ClientEvent, via: 'socket' | 'http', bytes = 0): void {
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
    try {
      handler(this, connection, payload, entry);
    } catch (error) {
      this.settings.logger.warn?.(`handler for ${eventType} failed: ${String(error)}`);
    }
  }

  /** Logs and reports a client frame the hub does not act on. */
  ignore(connectionId: string, reason: string): void {
    this.settings.logger.warn?.(`ignored frame from ${connectionId}: ${reason}`);
    if (this.events.observed) this.events.next({ type: 'ignored', at: Date.now(), connectionId, reason });
  }

  /** Sends one event on one socket; a frame over the limit becomes `general_error` 413 + link. */
  send(connection: EmulatorConnection, eventType: string, payload: WireObject): void {
    let text = connection.encode(eventType, this.nextEventId(), payload);
    const max = this.settings.limits.maxMessageBytes;
    // UTF-8 needs at most 3 bytes per UTF-16 unit, so most frames skip the byte count.
    if (text.length * 3 > max && Buffer.byteLength(text) > max) {
      text = connection.encode('general_error', this.nextEventId(), this.tooLarge(payload, connection.id));
      eventType = 'general_error';
    }
    connection.write(eventType, text);
  }

  /**
   * Sends to the connection bound to the conversation; `false` when none is open (not replayed).
   * In Webhook mode the reply goes to the webhook instead (`true`: it left the hub).
   */
  deliver(conversation: ConversationRecord, eventType: string, payload: WireObject): boolean {
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

  /** `general_error` 400, the hub's answer to an unknown or deleted conversation. */
  invalidConversation(connection: EmulatorConnection, conversationId: string | undefined): void {
    this.send(connection, 'general_error', {
      ...(conversationId === undefined ? {} : { conversation_id: conversationId }),
      error_code: 400,
      error_desc: 'Invalid conversation_id',
    });
  }

  /** Runs the bot; a throw or rejection is logged, never fatal. */
  runBot(conversation: ConversationRecord, input: BotInput): void {
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
      this.events.next({ type: 'webhook', at: Date.now(), conversationId, eventType, text });
    }
    this.settings.webhook?.post(text);
  }

  private botFailed(error: unknown): void {
    this.settings.logger.warn?.(`bot failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  private tooLarge(payload: WireObject, connectionId: string): WireObject {
    const id = randomUUID();
    this.largeMessages.set(id, payload['content'] ?? payload);
    const conversationId = stringField(payload, 'conversation_id');
    return {
      ...(conversationId === undefined ? {} : { conversation_id: conversationId }),
      error_code: 413,
      error_desc: 'Payload too large for the socket',
      message_link: `${this.linkBases.get(connectionId) ?? this.httpBaseUrl}/messages/${id}`,
    };
  }
}
