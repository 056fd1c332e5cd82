import { type SchedulerLike, map, merge } from '../rx.js';
import type { HubConnection } from '../connection/hub-connection.js';
import { LATE_ANSWER_WINDOW_MS } from '../defaults.js';
import type { ResolvedHubOptions } from '../options.js';
import { createRequests } from '../request/requests.js';
import type { Hub } from './hub.js';
import { openConversations } from './open-conversations.js';
import { createRouter } from './router.js';

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
  const conversations = openConversations(connection, router, { connection, request$, options });
  let closed = false;

  const statusWatch = connection.status$.subscribe((status) => {
    // A connection that gave up (reconnect attempts exhausted) ends every conversation too.
    if (status.state === 'closed') conversations.closeAll(false);
    conversations.connected(status.state === 'connected' ? status.generation : undefined);
  });

  return {
    status$: connection.status$,
    events$: router.events$,
    errors$: merge(connection.errors$, router.errors),
    startConversation$({ privateMetadata, ...start } = {}) {
      // The encoder writes the payload's known fields only.
      const payload =
        privateMetadata === undefined
          ? start
          : { ...start, metadata: { ...start.metadata, private: privateMetadata } };
      return request$({ type: 'conversation_start', payload }, (answer) => answer.conversationId).pipe(
        map((conversationId) => {
          const conversation = conversations.get(conversationId);
          if (start.userId !== undefined) conversations.own(conversationId, start.userId);
          return conversation;
        }),
      );
    },
    conversation: (conversationId) => conversations.get(conversationId),
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
      conversations.closeAll(true);
      connection.close();
      statusWatch.unsubscribe();
      router.errors.complete();
    },
  };
}
