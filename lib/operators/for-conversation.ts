import { type MonoTypeOperatorFunction, filter } from '../rx.js';

/**
 * Keeps the events of one conversation (by their `conversation_id`). Events without one
 * (`socket_connected`, some `bot_message`s) are dropped; `Conversation.events$` applies the
 * hub's routing rule instead and is usually what you want.
 *
 * @example
 * hub.events$.pipe(forConversation(conversationId), ofType('conversation_update')).subscribe(console.log);
 */
export function forConversation<
  E extends {
    /** The conversation the event belongs to, if any. */
    readonly conversationId: string | undefined;
  },
>(conversationId: string): MonoTypeOperatorFunction<E> {
  return filter((event) => event.conversationId === conversationId);
}
