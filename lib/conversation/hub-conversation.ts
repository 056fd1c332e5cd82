import { Observable, Subscription, map, throwError } from '../rx.js';
import { HUB_DEFAULTS } from '../defaults.js';
import { newClientMsgId } from '../delivery/client-msg-id.js';
import { ConnectionError, type HubError } from '../errors.js';
import type { ChatMessage } from './chat-message.js';
import { type ConversationCalls, conversationCalls, invalid$ } from './calls.js';
import type { ConversationContext } from './conversation-context.js';
import type { Conversation, OutgoingMessage } from './conversation.js';
import { ConversationInbox } from './inbox.js';
import { fetchLargeReply$ } from './large-reply.js';
import type { GeneralErrorEvent } from '../protocol/inbound.js';
import { Outgoing } from './outgoing.js';

type Sends = Pick<Conversation, 'sendText' | 'sendMessage' | 'sendAction'>;
type Asks = Pick<
  Conversation,
  'setMetadata' | 'metadata$' | 'transcript$' | 'editMessage' | 'delete$' | 'recover$'
>;

/**
 * Conversation `id`: its inbox (what the hub routes to; see `ConversationInbox`) with the public
 * `Conversation` on it. `socket`: the generation of the socket connected now, if any (a reconnect
 * is a later one). `onClosed`: it closed (once).
 */
export function createConversation(
  id: string,
  context: ConversationContext,
  socket: number | undefined,
  onClosed: () => void,
): ConversationInbox {
  /** What the open conversation runs: recoveries, large-reply fetches. (The hub holds the socket and routing.) */
  const life = new Subscription();
  const calls = conversationCalls(id, context.request$, life);
  const report = (error: HubError): void => inbox.errors.next(error);
  let recovery: Subscription | undefined;
  const inbox: ConversationInbox = new ConversationInbox(id, socket, HUB_DEFAULTS.earlyBufferLimit, {
    largeReply: (event, link) => life.add(fetchLinked(id, context, inbox, event, link, report)),
    rejected: (error) => outgoing.rejected(error),
    reconnected: () => {
      // Off by default (`recoverOnReconnect`); one at a time, a reconnect during one adds none.
      if (!context.options.recoverOnReconnect || recovery?.closed === false) return;
      recovery = asks.recover$().subscribe({ error: report });
      life.add(recovery);
    },
  });
  const outgoing = new Outgoing(id, context, life, report);
  const close = (): void => {
    if (life.closed) return;
    life.unsubscribe();
    onClosed(); // routed no more, and `hub.conversation(id)` now makes a new one
    inbox.end();
    // Closed on purpose: its messages fail here and are no longer kept for a later run.
    outgoing.close(new ConnectionError('CONNECTION_CLOSED', `Conversation ${id} is closed`));
    context.store?.put(id, undefined);
  };
  const asks = conversationAsks(id, calls, inbox, close);
  inbox.conversation = {
    id,
    id$: new Observable<string>((subscriber) => {
      if (!life.closed) subscriber.next(id);
      return inbox.ids.subscribe(subscriber);
    }),
    events$: new Observable((subscriber) => inbox.eventStream().subscribe(subscriber)),
    messages$: inbox.messages,
    actions$: inbox.actions,
    updates$: inbox.updates,
    errors$: inbox.errors,
    restored: outgoing.restored,
    ...conversationSends(id, context, calls, outgoing, life),
    ...asks,
    close,
  };
  outgoing.bind(inbox.conversation);
  return inbox;
}

/**
 * Fetches a `message_link` (aborted when the returned subscription ends: the conversation closed).
 * A link may hold a bot reply or the answer of the transcript request in flight: the body tells,
 * and each goes where it belongs.
 */
function fetchLinked(
  id: string,
  context: ConversationContext,
  inbox: ConversationInbox,
  event: GeneralErrorEvent,
  link: string,
  report: (error: HubError) => void,
): Subscription {
  // Bound now: a transcript request written after this link came is not what it may answer.
  const linkFailed = context.requests.linkArrived(id);
  return fetchLargeReply$(event, link, context.options).subscribe({
    next: (reply) => {
      if ('type' in reply) {
        if (!context.requests.settle(reply)) inbox.deliver(reply, false);
        return;
      }
      inbox.record('bot', event.eventId, reply.parts);
      inbox.messages.next(reply);
    },
    error: (error: HubError) => {
      linkFailed(error);
      report(error);
    },
  });
}

/**
 * The sends: user messages go through the outbox (tracked until the hub has them); an action is
 * written at the call (queued while disconnected), no answer awaited.
 */
function conversationSends(
  id: string,
  { connection }: ConversationContext,
  calls: ConversationCalls,
  outgoing: Outgoing,
  life: Subscription,
): Sends {
  const self = { conversationId: id };
  const sendMessage = ({ text, files }: OutgoingMessage): ReturnType<Sends['sendMessage']> => {
    const hasFiles = !!files?.length;
    if (!hasFiles && !text) return invalid$('A message needs text or files');
    if (life.closed) {
      return throwError(() => new ConnectionError('CONNECTION_CLOSED', `Conversation ${id} is closed`));
    }
    // `text` is set here when there are no files.
    const content = hasFiles ? { text, files } : { type: 'text' as const, text: text! };
    return outgoing.push(newClientMsgId(), content);
  };
  return {
    sendText: (text) => sendMessage({ text }),
    sendMessage,
    sendAction(actionId, data) {
      if (!actionId) return invalid$('An action needs an id');
      const action = { type: 'action', payload: { id: actionId, ...self, data } } as const;
      return calls.now$(() => connection.send(action), undefined);
    },
  };
}

/** The requests of the conversation (each answered by the hub; see `createRequests`). */
function conversationAsks(
  id: string,
  { ask$, sent$ }: ConversationCalls,
  inbox: ConversationInbox,
  close: () => void,
): Asks {
  const self = { conversationId: id };
  const transcriptRequest = { type: 'conversation_transcript_request', payload: self } as const;
  return {
    setMetadata: (metadata, target) =>
      sent$((clientMsgId) =>
        ask$({ type: 'metadata', payload: { metadata, clientMsgId, ...self, target } }, () => 0),
      ),
    metadata$: () => ask$({ type: 'metadata_request', payload: self }, (answer) => answer.payload.metadata),
    transcript$: () => ask$(transcriptRequest, (answer) => answer.payload.entries),
    editMessage(messageId, content) {
      if (!messageId) return invalid$('editMessage needs a message id');
      const body = typeof content === 'string' ? { type: 'text' as const, text: content } : content;
      const edit = (clientMsgId: string) =>
        ({ type: 'edit_message', payload: { clientMsgId, ...self, messageId, content: body } }) as const;
      return sent$((clientMsgId) => ask$(edit(clientMsgId), () => 0));
    },
    // Deleted on the hub whether or not the caller still listens: close here too.
    delete$: () => ask$({ type: 'delete_conversation', payload: self }, close),
    recover$: () =>
      // Not in the request's `pick`, which runs even for a caller gone: a cancelled recovery shows nothing.
      ask$(transcriptRequest, (answer) => answer).pipe(
        map(({ payload, raw }) => recovered(inbox, payload.entries, raw)),
      ),
  };
}

/** The transcript entries `inbox` has not shown, emitted on its `messages$` (as `transcript`). */
function recovered(
  inbox: ConversationInbox,
  entries: Parameters<ConversationInbox['unseen']>[0],
  raw: ChatMessage['raw'],
): ChatMessage[] {
  const missed = inbox.unseen(entries).map(({ from, eventId, parts }): ChatMessage => ({
    from,
    id: eventId,
    parts,
    source: 'transcript',
    raw,
  }));
  for (const message of missed) inbox.messages.next(message);
  return missed;
}
