import { type Observable, type Subscription, share, tap } from 'rxjs';
import type { HubEvent } from '../protocol/inbound.js';
import type { PendingRequests } from './pending-requests.js';

/** Where the router delivers the events of one conversation. */
export interface ConversationSink {
  /** `claimed`: the event settled a pending request (a `general_error` then is that request's error). */
  deliver(event: HubEvent, claimed: boolean): void;
}

/**
 * Decodes nothing and scans nothing: each inbound event (decoded once by the connection) is
 * looked up in a `Map` of open conversations — routing costs the same with 1 or 10 000 of them.
 *
 * Routing rule, in order:
 * 1. The pending requests see the event first; an answer settles its request.
 * 2. An event with a `conversation_id` goes to the conversation open under that id, if any.
 * 3. A `bot_message`, `action` or large reply (`general_error` with `message_link`) without a
 *    `conversation_id` — the hub sends some — goes to the conversation when exactly one is open on
 *    this hub; with none or several open it cannot be attributed and goes to `hub.events$` only.
 * 4. Everything else (no holder, unknown events) reaches `hub.events$` only; `unrouted` sees it.
 * Every event also reaches `hub.events$`.
 */
export class EventRouter {
  readonly events$: Observable<HubEvent>;
  private readonly conversations = new Map<string, ConversationSink>();

  constructor(
    source$: Observable<HubEvent>,
    private readonly pending: PendingRequests,
    private readonly unrouted: (event: HubEvent, claimed: boolean) => void,
  ) {
    // Dispatch once per event, before and whatever the number of subscribers (share).
    this.events$ = source$.pipe(
      tap((event) => this.dispatch(event)),
      share(),
    );
  }

  /** Keeps events flowing (and the socket open) until the subscription ends. */
  attach(): Subscription {
    return this.events$.subscribe();
  }

  /** Opens `id` for routing; the returned function closes it. */
  register(id: string, sink: ConversationSink): () => void {
    this.conversations.set(id, sink);
    return () => {
      if (this.conversations.get(id) === sink) this.conversations.delete(id);
    };
  }

  get(id: string): ConversationSink | undefined {
    return this.conversations.get(id);
  }

  get openCount(): number {
    return this.conversations.size;
  }

  /** All open sinks (for `close()`), a copy so closing may unregister while iterating. */
  sinks(): readonly ConversationSink[] {
    return [...this.conversations.values()];
  }

  dispatch(event: HubEvent): void {
    const claimed = this.pending.settle(event);
    const sink = this.sinkFor(event);
    if (sink) sink.deliver(event, claimed);
    else this.unrouted(event, claimed);
  }

  private sinkFor(event: HubEvent): ConversationSink | undefined {
    if (event.conversationId !== undefined) return this.conversations.get(event.conversationId);
    if (this.conversations.size !== 1 || !carriesConversationContent(event)) return undefined;
    return this.conversations.values().next().value;
  }
}

function carriesConversationContent(event: HubEvent): boolean {
  return (
    event.type === 'bot_message' ||
    event.type === 'action' ||
    (event.type === 'general_error' && event.payload.messageLink !== undefined)
  );
}
