import type { HubConnection } from '../connection/hub-connection.js';
import type { ConversationContext } from '../conversation/conversation-context.js';
import type { Conversation } from '../conversation/conversation.js';
import { createConversation } from '../conversation/hub-conversation.js';
import { ConnectionError, InvalidArgumentError } from '../errors.js';
import type { Router } from './router.js';

/** The conversations a hub holds open (see `openConversations`). */
export interface OpenConversations {
  /** The one open under `id`, or a new one. */
  get(conversationId: string): Conversation;
  /** Remembers the user who started `conversationId`, for `closeUser`. */
  own(conversationId: string, userId: string): void;
  /** Closes the conversations started here for `userId`. */
  closeUser(userId: string): void;
  /** The socket connected now (`undefined`: none is); each open conversation is told of a new one. */
  connected(generation: number | undefined): void;
  /** Closes every conversation; `get` then throws `CONNECTION_CLOSED`. */
  closeAll(final: boolean): void;
}

/**
 * The hub's open conversations, in the router's map. While any is open, the socket is held and
 * the routing attached (released when the last one closes).
 */
export function openConversations(
  connection: HubConnection,
  router: Router,
  context: ConversationContext,
): OpenConversations {
  const { inboxes } = router;
  /** The user of each open conversation started here, so `deleteUserConversations$` can close theirs. */
  const owners = new Map<string, string>();
  let whileOpen: (() => void)[] = [];
  /** The generation of the socket connected now; `undefined` while none is. */
  let live: number | undefined;
  let closed = false;

  const open = (conversationId: string): Conversation => {
    // A conversation closes once, while it is still the one open under its id.
    const inbox = createConversation(conversationId, context, live, () => {
      inboxes.delete(conversationId);
      owners.delete(conversationId);
      if (!inboxes.size) whileOpen.forEach((release) => release());
    });
    if (!inboxes.size) whileOpen = [connection.hold(), router.attach()];
    inboxes.set(conversationId, inbox);
    router.opened(conversationId);
    return inbox.conversation;
  };
  const closeAll = (): void => {
    // Each leaves the map as it closes: a `Map` iterates on safely.
    for (const inbox of inboxes.values()) inbox.conversation.close();
  };
  return {
    get(conversationId) {
      if (typeof conversationId !== 'string' || conversationId === '') {
        throw new InvalidArgumentError('A conversation id must be a non-empty string');
      }
      if (closed) throw new ConnectionError('CONNECTION_CLOSED', 'The hub is closed');
      return inboxes.get(conversationId)?.conversation ?? open(conversationId);
    },
    own: (conversationId, userId) => void owners.set(conversationId, userId),
    closeUser(userId) {
      for (const [conversationId, owner] of owners) {
        if (owner === userId) inboxes.get(conversationId)?.conversation.close();
      }
    },
    connected(generation) {
      live = generation;
      if (generation !== undefined) for (const inbox of inboxes.values()) inbox.connected(generation);
    },
    closeAll(final) {
      closed ||= final;
      closeAll();
    },
  };
}
