import { Subject, Subscription } from 'rxjs';
import { type HubError, HubResponseError } from '../errors.js';
import type { ConversationSink } from '../hub/router.js';
import type {
  ActionEvent,
  ConversationUpdateEvent,
  GeneralErrorEvent,
  HubEvent,
} from '../protocol/inbound.js';
import { chatMessageOf, type ChatMessage } from './chat-message.js';
import { EarlyBuffer } from './early-buffer.js';
import { fetchLargeReply$, type LargeReplyOptions } from './large-reply.js';
import { SeenMessages } from './seen-messages.js';

/**
 * The inbound side of one conversation: the router hands it each event once, and it fans the
 * event out to the conversation's streams — normalising a message once, not per subscriber.
 */
export class ConversationInbox implements ConversationSink {
  readonly events = new Subject<HubEvent>();
  readonly messages: EarlyBuffer<ChatMessage>;
  readonly actions: EarlyBuffer<ActionEvent>;
  readonly updates: EarlyBuffer<ConversationUpdateEvent>;
  readonly errors = new Subject<HubError>();
  readonly seen = new SeenMessages();
  private readonly fetches = new Subscription();

  constructor(
    private readonly largeReplies: LargeReplyOptions,
    bufferLimit: number,
  ) {
    this.messages = new EarlyBuffer(bufferLimit);
    this.actions = new EarlyBuffer(bufferLimit);
    this.updates = new EarlyBuffer(bufferLimit);
  }

  deliver(event: HubEvent, claimed: boolean): void {
    this.events.next(event);
    switch (event.type) {
      case 'bot_message':
      case 'livechat_message': {
        const from = event.type === 'bot_message' ? 'bot' : 'agent';
        this.seen.record(from, event.eventId, event.payload.content);
        if (this.messages.wanted) this.messages.next(chatMessageOf(event));
        return;
      }
      case 'action':
        return this.actions.next(event);
      case 'conversation_update':
        return this.updates.next(event);
      case 'general_error':
        return this.onGeneralError(event, claimed);
    }
  }

  /** Messages recovered from the transcript join the live ones. */
  emitRecovered(messages: readonly ChatMessage[]): void {
    for (const message of messages) this.messages.next(message);
  }

  complete(): void {
    this.fetches.unsubscribe();
    this.events.complete();
    this.messages.complete();
    this.actions.complete();
    this.updates.complete();
    this.errors.complete();
  }

  private onGeneralError(event: GeneralErrorEvent, claimed: boolean): void {
    if (event.payload.messageLink !== undefined) return this.fetchLargeReply(event);
    // A claimed error was the answer to a request and surfaced there; report each error once.
    if (claimed) return;
    const { errorCode, errorDesc } = event.payload;
    this.errors.next(new HubResponseError(errorCode, errorDesc, event.conversationId));
  }

  private fetchLargeReply(event: GeneralErrorEvent): void {
    const fetch = fetchLargeReply$(event, this.largeReplies).subscribe({
      next: (message) => {
        this.seen.record('bot', event.eventId, message.parts);
        this.messages.next(message);
      },
      error: (error: HubError) => this.errors.next(error),
    });
    this.fetches.add(fetch);
    fetch.add(() => this.fetches.remove(fetch));
  }
}
