import { type SchedulerLike, type Subscription, map, merge } from '../rx.js';
import type { HubConnection } from '../connection/hub-connection.js';
import { LATE_ANSWER_WINDOW_MS } from '../defaults.js';
import type { ResolvedHubOptions } from '../options.js';
import type { OutboundEvent } from '../protocol/outbound.js';
import { type Request$, createRequests } from '../request/requests.js';
import { newClientMsgId } from '../delivery/client-msg-id.js';
import { Confirmations } from '../delivery/probe.js';
import type { ConversationStore } from '../delivery/store.js';
import { markStartedHere } from '../conversation/outgoing.js';
import type { Hub } from './hub.js';
import { type OpenConversations, openConversations } from './open-conversations.js';
import { type Router, createRouter } from './router.js';

/** The empty text message after which a production hub's bot speaks first. */
function startTrigger(conversationId: string): OutboundEvent {
  return {
    type: 'user_message',
    payload: { conversationId, clientMsgId: newClientMsgId(), content: { type: 'text', text: '' } },
  };
}

/** The parts a hub is wired from (see `createHub`). */
interface HubParts {
  readonly router: Router;
  readonly request$: Request$;
  readonly confirmations: Confirmations;
  readonly store: ConversationStore | undefined;
  readonly conversations: OpenConversations;
}

/**
 * Builds the parts: the router (`createRouter`: inbound events to conversations, requests and
 * `events$`), the request layer (`createRequests`), the delivery confirmations, the optional
 * store and the open conversations (`openConversations`).
 */
function hubParts(
  connection: HubConnection,
  options: ResolvedHubOptions,
  scheduler: SchedulerLike,
): HubParts {
  const router = createRouter(connection, (event) => requests.settle(event));
  const requests = createRequests(
    connection,
    { requestTimeoutMs: options.requestTimeoutMs, lateAnswerWindowMs: LATE_ANSWER_WINDOW_MS, scheduler },
    router.attach,
  );
  const { request$ } = requests;
  // Before any conversation: the status watch tells it of each new socket before their outboxes write.
  const confirmations = new Confirmations(
    (generation) => connection.recycle(generation),
    options.probe,
    scheduler,
  );
  const store = options.store?.open();
  const context = { connection, request$, requests, options, confirmations, store, scheduler };
  return {
    router,
    request$,
    confirmations,
    store,
    conversations: openConversations(connection, router, context),
  };
}

/**
 * The one `status$` watch: tells the confirmations and the conversations of each new socket and
 * closes the conversations when the connection gives up.
 */
function watchStatus(connection: HubConnection, parts: HubParts): Subscription {
  const { confirmations, conversations } = parts;
  return connection.status$.subscribe((status) => {
    if (status.state === 'connected') confirmations.connected(status.generation);
    else confirmations.disconnected();
    // A connection that gave up (reconnect attempts exhausted) ends every conversation too.
    if (status.state === 'closed') conversations.closeAll(false);
    conversations.connected(status.state === 'connected' ? status.generation : undefined);
  });
}

/** `hub.startConversation$`: the start request, then the conversation it opened. */
function startConversation(connection: HubConnection, parts: HubParts): Hub['startConversation$'] {
  const { request$, conversations } = parts;
  return ({ privateMetadata, botFirst, ...start } = {}) => {
    // The encoder writes the payload's known fields only.
    const payload =
      privateMetadata === undefined
        ? start
        : { ...start, metadata: { ...start.metadata, private: privateMetadata } };
    return request$({ type: 'conversation_start', payload }, (answer) => answer.conversationId).pipe(
      map((conversationId) => {
        const conversation = conversations.get(conversationId);
        markStartedHere(conversation);
        // Written before the caller gets the conversation: the greeting it prompts is at least one
        // round trip away, so the caller's listeners are attached when it comes.
        if (botFirst) connection.send(startTrigger(conversationId));
        if (start.userId !== undefined) conversations.own(conversationId, start.userId);
        return conversation;
      }),
    );
  };
}

/**
 * The `Hub` over any `HubConnection` (the real one, or a test double): wiring of its parts
 * (`hubParts`), the `status$` watch (`watchStatus`) and the start of conversations
 * (`startConversation`).
 */
export function createHub(
  connection: HubConnection,
  options: ResolvedHubOptions,
  scheduler: SchedulerLike,
): Hub {
  const parts = hubParts(connection, options, scheduler);
  const { router, request$, confirmations, conversations } = parts;
  const statusWatch = watchStatus(connection, parts);
  let closed = false;
  return {
    status$: connection.status$,
    events$: router.events$,
    errors$: merge(connection.errors$, router.errors),
    startConversation$: startConversation(connection, parts),
    conversation: (conversationId) => conversations.get(conversationId),
    storedConversations: () => parts.store?.ids() ?? [],
    userConversations$(query) {
      const { filter, search, pagination } = query;
      const v2 = filter !== undefined || search !== undefined || pagination !== undefined;
      const type = v2 ? 'get_user_conversations_v2' : 'get_user_conversations';
      return request$({ type, payload: { ...query } }, (answer) => answer.payload);
    },
    // Deleted on the hub whether or not the caller still listens: the user's conversations close here too.
    deleteUserConversations$: (userId) =>
      request$({ type: 'delete_conversation', payload: { userId } }, () => conversations.closeUser(userId)),
    close() {
      if (closed) return;
      closed = true;
      confirmations.stop();
      conversations.closeAll(true);
      // Adopts no more and lets go of its locks: another tab may adopt what this one leaves.
      parts.store?.close();
      connection.close();
      statusWatch.unsubscribe();
      router.errors.complete();
    },
  };
}
