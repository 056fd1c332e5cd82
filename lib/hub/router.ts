import { Observable, Subject, type Subscription } from '../rx.js';
import type { HubConnection } from '../connection/hub-connection.js';
import type { ConversationInbox } from '../conversation/inbox.js';
import type { HubError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import { responseErrorOf } from '../request/response-error.js';

/** The routing of one hub's inbound events (see `createRouter`). */
export interface Router {
  /** The open conversations by id: what events are routed to. */
  readonly inboxes: Map<string, ConversationInbox>;
  /** `hub.events$`: every inbound event; subscribing attaches the routing. */
  readonly events$: Observable<HubEvent>;
  /** Hub errors: `general_error`s tied to no conversation and no request. */
  readonly errors: Subject<HubError>;
  /** Attaches the routing to the connection while a user needs it; returns the (once) detach. */
  attach(): () => void;
  /** Notes that a conversation was opened under `conversationId` (see rule 3 of `createRouter`). */
  opened(conversationId: string): void;
}

/**
 * Routing decodes nothing and scans nothing: each inbound event (decoded once by the connection)
 * is looked up in a `Map` of open conversations — it costs the same with 1 or 10 000 of them.
 * In order:
 * 1. The requests see the event first (`settle`); an answer settles its request.
 * 2. An event with a `conversation_id` goes to the conversation open under that id, if any.
 * 3. A `bot_message`, `action` or large reply (`general_error` with `message_link`) without a
 *    `conversation_id` — the hub sends some — goes to a conversation only when exactly one
 *    conversation id has ever been opened on this hub and it is open now. Otherwise it cannot be
 *    attributed and goes to `hub.events$` only: in a service serving many users, a late reply to
 *    A's closed conversation must never reach B's.
 * 4. Everything else reaches `hub.events$` only; of that, a `general_error` tied to no
 *    conversation and no request is a hub error.
 * Every event also reaches `hub.events$`.
 *
 * One plain subscriber to `connection.events$` does all this, attached while anything needs it
 * (an open conversation, a request in its lane, a `hub.events$` subscriber).
 */
export function createRouter(connection: HubConnection, settle: (event: HubEvent) => boolean): Router {
  const inboxes = new Map<string, ConversationInbox>();
  const errors = new Subject<HubError>();
  const events = new Subject<HubEvent>();
  let routing: Subscription | undefined;
  let users = 0;
  /** The one conversation id ever opened here; `null` once a second one was. */
  let sole: string | null | undefined;

  const route = (event: HubEvent): void => {
    const claimed = settle(event);
    const { type, conversationId } = event;
    if (conversationId !== undefined) inboxes.get(conversationId)?.deliver(event, claimed);
    // A `general_error` without conversation never answers a request: it is the hub's own.
    else if (type === 'general_error' && event.payload.messageLink === undefined) {
      errors.next(responseErrorOf(event));
    }
    // Attributable only to the one conversation ever opened here, while it is open.
    else if (sole && (type === 'bot_message' || type === 'action' || type === 'general_error')) {
      inboxes.get(sole)?.deliver(event, claimed);
    }
    if (events.observed) events.next(event);
  };
  const attach = (): (() => void) => {
    if (!users++) routing = connection.events$.subscribe({ next: route, complete: () => events.complete() });
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      if (!--users) routing?.unsubscribe();
    };
  };
  return {
    inboxes,
    errors,
    attach,
    opened(conversationId) {
      sole = sole === undefined || sole === conversationId ? conversationId : null;
    },
    events$: new Observable<HubEvent>((subscriber) => {
      events.subscribe(subscriber);
      return attach();
    }),
  };
}
