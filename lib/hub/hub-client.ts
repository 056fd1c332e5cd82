import { type SchedulerLike, map, merge } from '../rx.js';
import type { HubConnection } from '../connection/hub-connection.js';
import { LATE_ANSWER_WINDOW_MS } from '../defaults.js';
import type { ResolvedHubOptions } from '../options.js';
import type { OutboundEvent } from '../protocol/outbound.js';
import { createRequests } from '../request/requests.js';
import { newClientMsgId } from '../delivery/client-msg-id.js';
import { Confirmations } from '../delivery/probe.js';
import { ConversationStore, defaultOwner } from '../delivery/store.js';
import { markStartedHere } from '../conversation/outgoing.js';
import type { Hub } from './hub.js';
import { openConversations } from './open-conversations.js';
import { createRouter } from './router.js';

/** The empty text message after which a production hub's bot speaks first. */
function startTrigger(conversationId: string): OutboundEvent {
  return {
    type: 'user_message',
    payload: { conversationId, clientMsgId: newClientMsgId(), content: { type: 'text', text: '' } },
  };
}

/**
 * The `Hub` over any `HubConnection` (the real one, or a test double): wiring of its parts —
 * the router (`createRouter`: inbound events to conversations, requests and `events$`), the
 * request layer (`createRequests`), the open conversations (`openConversations`) and one
 * `status$` watch that tells the conversations of reconnects and closes them when the
 * connection gives up.
 */
export function createHub(
  connection: HubConnection,
  options: ResolvedHubOptions,
  scheduler: SchedulerLike,
): Hub {
  const router = createRouter(connection, (event) => requests.settle(event));
  const requests = createRequests(
    connection,
    { requestTimeoutMs: options.requestTimeoutMs, lateAnswerWindowMs: LATE_ANSWER_WINDOW_MS, scheduler },
    router.attach,
  );
  const { request$ } = requests;
  // Subscribed before any conversation: it learns of each new socket before their outboxes write.
  const confirmations = new Confirmations(
    (generation) => connection.recycle(generation),
    options.probe,
    scheduler,
  );
  const store = options.store
    ? new ConversationStore(
        options.store.store,
        options.store.owner ?? defaultOwner(newClientMsgId),
        options.store.namespace,
      )
    : undefined;
  const context = { connection, request$, options, confirmations, store, scheduler };
  const conversations = openConversations(connection, router, context);
  let closed = false;

  const statusWatch = connection.status$.subscribe((status) => {
    if (status.state === 'connected') confirmations.connected(status.generation);
    else confirmations.disconnected();
    // A connection that gave up (reconnect attempts exhausted) ends every conversation too.
    if (status.state === 'closed') conversations.closeAll(false);
    conversations.connected(status.state === 'connected' ? status.generation : undefined);
  });

  return {
    status$: connection.status$,
    events$: router.events$,
    errors$: merge(connection.errors$, router.errors),
    startConversation$({ privateMetadata, botFirst, ...start } = {}) {
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
    },
    conversation: (conversationId) => conversations.get(conversationId),
    storedConversations: () => store?.ids() ?? [],
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
      connection.close();
      statusWatch.unsubscribe();
      router.errors.complete();
    },
  };
}
