import type { HubError } from '../errors.js';
import type {
  ActionEvent,
  ConversationUpdateEvent,
  GeneralErrorEvent,
  HubEvent,
} from '../protocol/inbound.js';
import { responseErrorOf } from '../request/response-error.js';
import { type ChatMessage, chatMessageOf } from './chat-message.js';
import type { Conversation } from './conversation.js';
import { HotStream } from './hot-stream.js';
import { SEEN_WINDOW, SeenMessages } from './seen-messages.js';

/** What an inbox asks of its conversation on the rare paths. */
export interface InboxHooks {
  /** A large reply (`general_error` with `message_link`) arrived: fetch it (see `fetchLargeReply$`). */
  largeReply(event: GeneralErrorEvent, link: string): void;
  /**
   * A `general_error` naming the conversation answered no request: the hub rejected a message or
   * action of it, so `error` goes to `errors$` and its written, unconfirmed messages fail with it.
   */
  rejected(error: HubError): void;
  /** A socket after the first one reached `connected`. */
  reconnected(): void;
}

/**
 * The inbound side of one conversation — what the hub's router touches on every frame — as one
 * object: its streams, what it has shown and its message stream (it is its own `SeenMessages`, for
 * recovery, which is its own `messages$`), and `deliver` on the prototype. Routing a message thus
 * reads this object, its seen-window array and the subscriber's function, and no closure: with
 * thousands of conversations, each frame lands on a cold conversation, and every object it touches
 * is a likely cache miss. `events` is made on first subscription (it keeps nothing early), so an
 * unobserved one costs a field check.
 */
export class ConversationInbox extends SeenMessages {
  events: HotStream<HubEvent> | undefined;
  readonly actions: HotStream<ActionEvent>;
  readonly updates: HotStream<ConversationUpdateEvent>;
  readonly errors = new HotStream<HubError>();
  readonly ids = new HotStream<string>();
  /** The public face, set once made (the hub hands it out for `hub.conversation(id)`). */
  conversation!: Conversation;

  /** The generation of the socket connected when it opened, then of the last one seen. */
  #socket: number | undefined;
  readonly #hooks: InboxHooks;

  constructor(
    readonly id: string,
    socket: number | undefined,
    earlyLimit: number,
    hooks: InboxHooks,
  ) {
    super(SEEN_WINDOW, earlyLimit);
    this.#socket = socket;
    this.#hooks = hooks;
    this.actions = new HotStream(earlyLimit);
    this.updates = new HotStream(earlyLimit);
  }

  /**
   * Each event routed here, once: fanned out to the streams, a message normalised once (not per
   * subscriber). `claimed`: it settled a request (a large-reply link that did is not fetched).
   */
  deliver(event: HubEvent, claimed: boolean): void {
    this.events?.next(event);
    switch (event.type) {
      case 'bot_message':
      case 'livechat_message':
        this.record(event.type === 'bot_message' ? 'bot' : 'agent', event.eventId, event.payload.content);
        if (this.wanted) this.next(chatMessageOf(event));
        return;
      case 'action':
        return this.actions.next(event);
      case 'conversation_update':
        return this.updates.next(event);
      case 'general_error': {
        const link = event.payload.messageLink;
        // A link settles no request by itself (see `settlementOf`): its body tells what it is.
        if (link !== undefined) return this.#hooks.largeReply(event, link);
        // A request it failed reported it to its caller (once); answering none, it rejected what
        // else was written for the conversation (docs/reconnection.md).
        if (!claimed) this.#hooks.rejected(responseErrorOf(event));
        return;
      }
    }
  }

  /**
   * The hub hands each socket that reached `connected` (its generation) to every open conversation;
   * a generation other than the last one seen (or the one it opened on) is a reconnect.
   */
  connected(generation: number): void {
    const reconnected = this.#socket !== undefined && generation !== this.#socket;
    this.#socket = generation;
    if (!reconnected) return;
    this.#hooks.reconnected();
    this.ids.next(this.id);
  }

  /** `events$` of the conversation: the stream, made on first use. */
  eventStream(): HotStream<HubEvent> {
    return (this.events ??= new HotStream<HubEvent>());
  }

  /** The message stream (`messages$`): the inbox itself (see `SeenMessages`). */
  get messages(): HotStream<ChatMessage> {
    return this;
  }

  /** Completes every stream (late subscribers too), its own message stream last. */
  override end(): void {
    this.eventStream();
    for (const stream of [this.ids, this.events!, this.actions, this.updates, this.errors]) stream.end();
    super.end();
  }
}
