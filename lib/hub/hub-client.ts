import { Observable, type SchedulerLike, Subject, type Subscription, map, merge } from '../rx.js';
import type { HubConnection } from '../connection/hub-connection.js';
import type { ConversationContext } from '../conversation/conversation-context.js';
import { createConversation, type HubConversation } from '../conversation/hub-conversation.js';
import { ConnectionError, type HubError, InvalidArgumentError } from '../errors.js';
import { newClientMsgId } from '../delivery/client-msg-id.js';
import { Confirmations } from '../delivery/probe.js';
import { ConversationStore, defaultOwner } from '../delivery/store.js';
import type { HubEvent } from '../protocol/inbound.js';
import { LATE_ANSWER_WINDOW_MS } from '../defaults.js';
import type { ResolvedHubOptions } from '../options.js';
import { createRequests } from '../request/requests.js';
import { responseErrorOf } from '../request/response-error.js';
import type { Hub } from './hub.js';

/**
 * The `Hub` over any `HubConnection` (the real one, or a test double).
 *
 * Routing decodes nothing and scans nothing: each inbound event (decoded once by the connection)
 * is looked up in a `Map` of open conversations — it costs the same with 1 or 10 000 of them.
 * In order:
 * 1. The pending requests see the event first (`settle`); an answer settles its request.
 * 2. An event with a `conversation_id` goes to the conversation open under that id, if any.
 * 3. A `bot_message`, `action` or large reply (`general_error` with `message_link`) without a
 *    `conversation_id` — the hub sends some — goes to the conversation when exactly one is open;
 *    with none or several open it cannot be attributed and goes to `hub.events$` only.
 * 4. Everything else reaches `hub.events$` only; of that, a `general_error` tied to no
 *    conversation and no request is a hub error (`hub.errors$`).
 * Every event also reaches `hub.events$`.
 *
 * One plain subscriber to `connection.events$` does all this, attached while anything needs it
 * (an open conversation, a pending request, a `hub.events$` subscriber); one `hold()` keeps the
 * socket while any conversation is open; one `status$` watch tells the conversations of reconnects.
 */
export function createHub(
  connection: HubConnection,
  options: ResolvedHubOptions,
  scheduler: SchedulerLike,
): Hub {
  const hubErrors = new Subject<HubError>();
  const hubEvents = new Subject<HubEvent>();
  const conversations = new Map<string, HubConversation>();
  /** The user of each open conversation started here, so `deleteUserConversations$` can close theirs. */
  const owners = new Map<string, string>();
  let routing: Subscription | undefined;
  let routingUsers = 0;
  /** Released when the last open conversation closes: the socket's hold, and the routing. */
  let whileOpen: (() => void)[] = [];
  /** The generation of the socket connected now; `undefined` while none is. */
  let connected: number | undefined;
  let closed = false;

  const route = (event: HubEvent): void => {
    const claimed = settle(event);
    const { type, conversationId } = event;
    if (conversationId !== undefined) conversations.get(conversationId)?.deliver(event, claimed);
    // A `general_error` without conversation never answers a request: it is the hub's own.
    else if (type === 'general_error' && event.payload.messageLink === undefined) {
      hubErrors.next(responseErrorOf(event));
    }
    // The hub sends some replies (large ones too) without conversation id: they can be attributed
    // only while exactly one conversation is open.
    else if (
      conversations.size === 1 &&
      (type === 'bot_message' || type === 'action' || type === 'general_error')
    ) {
      conversations.values().next().value!.deliver(event, claimed);
    }
    if (hubEvents.observed) hubEvents.next(event);
  };
  /** Attaches `route` to the connection while any of its users (returned: detach, once each) needs it. */
  const attachRouting = (): (() => void) => {
    if (!routingUsers++) {
      routing = connection.events$.subscribe({ next: route, complete: () => hubEvents.complete() });
    }
    return () => {
      if (!--routingUsers) routing?.unsubscribe();
    };
  };

  const { request$, settle } = createRequests(
    connection,
    { requestTimeoutMs: options.requestTimeoutMs, lateAnswerWindowMs: LATE_ANSWER_WINDOW_MS, scheduler },
    attachRouting,
  );
  const confirmations = new Confirmations(
    (generation) => connection.recycle(generation),
    options.probe,
    scheduler,
  );
  const storeOptions = options.store;
  const store = storeOptions
    ? new ConversationStore(
        storeOptions.store,
        storeOptions.owner ?? defaultOwner(newClientMsgId),
        storeOptions.namespace,
      )
    : undefined;
  const context: ConversationContext = { connection, request$, options, confirmations, store, scheduler };

  const closeConversations = (): void => {
    // Each leaves the map as it closes: a `Map` iterates on safely.
    for (const conversation of conversations.values()) conversation.close();
  };
  const statusWatch = connection.status$.subscribe((status) => {
    // A connection that gave up (reconnect attempts exhausted) ends every conversation too.
    if (status.state === 'closed') closeConversations();
    connected = status.state === 'connected' ? status.generation : undefined;
    if (connected !== undefined) {
      confirmations.connected(connected);
      for (const conversation of conversations.values()) conversation.connected(connected);
    } else {
      confirmations.disconnected();
      for (const conversation of conversations.values()) conversation.disconnected();
    }
  });

  const hub: Hub = {
    status$: connection.status$,
    events$: new Observable<HubEvent>((subscriber) => {
      hubEvents.subscribe(subscriber);
      return attachRouting();
    }),
    errors$: merge(connection.errors$, hubErrors),

    startConversation$({ privateMetadata, ...start } = {}) {
      // The encoder writes the payload's known fields only.
      const payload =
        privateMetadata === undefined
          ? start
          : { ...start, metadata: { ...start.metadata, private: privateMetadata } };
      const event = { type: 'conversation_start', payload } as const;
      return request$(event, (answer) => answer.conversationId).pipe(
        map((conversationId) => {
          const conversation = hub.conversation(conversationId);
          (conversation as HubConversation).startedHere();
          if (start.userId !== undefined) owners.set(conversationId, start.userId);
          return conversation;
        }),
      );
    },

    conversation(conversationId) {
      if (typeof conversationId !== 'string' || conversationId === '') {
        throw new InvalidArgumentError('A conversation id must be a non-empty string');
      }
      if (closed) throw new ConnectionError('CONNECTION_CLOSED', 'The hub is closed');
      const open = conversations.get(conversationId);
      if (open) return open;
      // A conversation closes once, while it is still the one open under its id.
      const conversation = createConversation(conversationId, context, connected, () => {
        conversations.delete(conversationId);
        owners.delete(conversationId);
        if (!conversations.size) whileOpen.forEach((release) => release());
      });
      if (!conversations.size) whileOpen = [connection.hold(), attachRouting()];
      conversations.set(conversationId, conversation);
      return conversation;
    },

    storedConversations: () => store?.ids() ?? [],

    userConversations$(query) {
      const { filter, search, pagination } = query;
      const v2 = filter !== undefined || search !== undefined || pagination !== undefined;
      const type = v2 ? 'get_user_conversations_v2' : 'get_user_conversations';
      return request$({ type, payload: { ...query } }, (answer) => answer.payload);
    },

    deleteUserConversations$(userId) {
      // Deleted on the hub whether or not the caller still listens: the user's conversations close here too.
      return request$({ type: 'delete_conversation', payload: { userId } }, () => {
        for (const [conversationId, owner] of owners) {
          if (owner === userId) conversations.get(conversationId)?.close();
        }
      });
    },

    close() {
      if (closed) return;
      closed = true;
      confirmations.stop();
      closeConversations();
      connection.close();
      statusWatch.unsubscribe();
      hubErrors.complete();
    },
  };
  return hub;
}
