import { Observable, ReplaySubject, Subscription, defer, map, throwError, timer } from '../rx.js';
import { newClientMsgId } from '../delivery/client-msg-id.js';
import type { MessageStatus } from '../delivery/message-state.js';
import { Outbox } from '../delivery/outbox.js';
import { ConnectionError, type HubError, InvalidArgumentError } from '../errors.js';
import { HUB_DEFAULTS } from '../defaults.js';
import type { AnswerTo, HubRequest } from '../request/correlation.js';
import { responseErrorOf } from '../request/response-error.js';
import type { ActionEvent, ConversationUpdateEvent, HubEvent } from '../protocol/inbound.js';
import type { ChatMessage } from './chat-message.js';
import { chatMessageOf } from './chat-message.js';
import type { ConversationContext } from './conversation-context.js';
import type { Conversation, MessageSent, OutgoingMessage, RestoredMessage } from './conversation.js';
import { HotStream } from './hot-stream.js';
import { fetchLargeReply$ } from './large-reply.js';
import { SeenMessages } from './seen-messages.js';

/** A `Conversation` as its hub sees it. */
export interface HubConversation extends Conversation {
  /**
   * The hub's router hands each event routed here to this, once; it is fanned out to the streams,
   * a message normalised once, not per subscriber. `claimed`: it settled a pending request.
   */
  deliver(event: HubEvent, claimed: boolean): void;
  /**
   * The hub hands each socket that reached `connected` (its generation) to every open conversation;
   * a generation other than the last one seen (or the one it was created on) is a reconnect.
   */
  connected(generation: number): void;
  /** No socket is connected now. */
  disconnected(): void;
  /** This conversation was just started here: the hub holds no user message of it yet. */
  startedHere(): void;
}

/** How long a failed check of the transcript waits before it is tried again on the same socket. */
const CHECK_RETRY_MS = 1_000;

const invalid$ = (message: string): Observable<never> => throwError(() => new InvalidArgumentError(message));

/**
 * Requests out; inbound events, large replies and recovered messages in. `socket`: the generation
 * of the socket connected now, if any (a reconnect is a later one).
 */
export function createConversation(
  id: string,
  context: ConversationContext,
  socket: number | undefined,
  onClosed: () => void,
): HubConversation {
  const { connection, options, request$, confirmations, store, scheduler } = context;
  const limit = HUB_DEFAULTS.earlyBufferLimit;
  // Cheap plain-array streams (HotStream); those with a limit keep what arrives before their first subscriber.
  const events = new HotStream<HubEvent>();
  const messages = new HotStream<ChatMessage>(limit);
  const actions = new HotStream<ActionEvent>(limit);
  const updates = new HotStream<ConversationUpdateEvent>(limit);
  const errors = new HotStream<HubError>();
  const ids = new HotStream<string>();
  const seen = new SeenMessages();
  const report = (error: HubError): void => errors.next(error);
  /** What the open conversation runs: recoveries, large-reply fetches. (The hub holds the socket and routing.) */
  const life = new Subscription();
  let recovery: Subscription | undefined;
  const self = { conversationId: id };

  /** Checked at subscription: a cold call's conversation may close in between. */
  const ifOpen$ = <T>(make: () => Observable<T>): Observable<T> =>
    defer(() =>
      life.closed
        ? throwError(() => new ConnectionError('CONNECTION_CLOSED', `Conversation ${id} is closed`))
        : make(),
    );
  const ask$ = <R extends HubRequest, T>(event: R, pick: (answer: AnswerTo<R>) => T): Observable<T> =>
    ifOpen$(() => request$(event, pick));
  /** Written at the call, whether or not anyone subscribes; replays `result` once done (or the error). */
  const now$ = <T>(write$: () => Observable<unknown>, result: T): Observable<T> => {
    const outcome = new ReplaySubject<T>(1);
    ifOpen$(write$)
      .pipe(map(() => result))
      .subscribe(outcome);
    return outcome.asObservable();
  };
  /** Like `now$`, for a frame that carries a new `client_msg_id`, which it resolves to. */
  const sent$ = (write$: (clientMsgId: string) => Observable<unknown>): Observable<MessageSent> => {
    const clientMsgId = newClientMsgId();
    return now$(() => write$(clientMsgId), { clientMsgId });
  };
  const transcriptRequest = { type: 'conversation_transcript_request', payload: self } as const;
  const outbox = new Outbox({
    write: (clientMsgId, content) =>
      connection.enqueue({ type: 'user_message', payload: { clientMsgId, ...self, content } }),
    transcript$: () => request$(transcriptRequest, (answer) => answer.payload.entries),
    nextSeq: confirmations.nextSeq,
    written: confirmations.written,
    changed: () => store?.put(id, outbox.snapshot()),
    report,
    later: (retry) => life.add(timer(CHECK_RETRY_MS, scheduler).subscribe(retry)),
    limit: options.maxUnconfirmed ?? HUB_DEFAULTS.maxUnconfirmed,
  });
  // Kept by an earlier run of the app (a reload, a restart): resumed, written ones checked first.
  const kept = store?.get(id);
  const restored: RestoredMessage[] = [];
  if (kept) {
    const statuses = outbox.restore(kept);
    kept.messages.forEach(({ clientMsgId, content }, i) =>
      restored.push({ clientMsgId, content, status$: statuses[i] as Observable<MessageStatus> }),
    );
  } else store?.put(id, outbox.snapshot());
  if (socket !== undefined) outbox.connected(socket);
  life.add(
    confirmations.add({
      unconfirmedOn: (generation) => outbox.unconfirmedOn(generation),
      confirmUpTo: (generation, seq) => outbox.confirmUpTo(generation, seq),
      probe$: () => request$({ type: 'metadata_request', payload: self }, () => 0),
    }),
  );

  const recover$ = (): Observable<readonly ChatMessage[]> =>
    ask$(transcriptRequest, (answer) => answer).pipe(
      // Not in the request's `pick`, which runs even for a caller gone: a cancelled recovery shows nothing.
      map(({ payload, raw }) => {
        const missed = seen.unseen(payload.entries).map(({ from, eventId, parts }): ChatMessage => ({
          from,
          id: eventId,
          parts,
          source: 'transcript',
          raw,
        }));
        for (const message of missed) messages.next(message);
        return missed;
      }),
    );

  const sendMessage = ({ text, files }: OutgoingMessage): Observable<MessageStatus> => {
    const hasFiles = !!files?.length;
    if (!hasFiles && !text) return invalid$('A message needs text or files');
    if (life.closed)
      return throwError(() => new ConnectionError('CONNECTION_CLOSED', `Conversation ${id} is closed`));
    // `text` is set here when there are no files.
    const content = hasFiles ? { text, files } : { type: 'text' as const, text: text! };
    return outbox.push(newClientMsgId(), content);
  };

  const close = (): void => {
    if (life.closed) return;
    life.unsubscribe();
    // Closed on purpose: its messages fail here and are no longer kept for a later run.
    outbox.close(new ConnectionError('CONNECTION_CLOSED', `Conversation ${id} is closed`));
    store?.put(id, undefined);
    onClosed(); // routed no more, and `hub.conversation(id)` now makes a new one
    for (const stream of [ids, events, messages, actions, updates, errors]) stream.end();
  };

  return {
    id,
    id$: new Observable<string>((subscriber) => {
      if (!life.closed) subscriber.next(id);
      return ids.subscribe(subscriber);
    }),
    events$: events,
    messages$: messages,
    actions$: actions,
    updates$: updates,
    errors$: errors,

    connected(generation) {
      const reconnected = socket !== undefined && generation !== socket;
      socket = generation;
      outbox.connected(generation);
      if (!reconnected) return;
      // Off by default (HUB_DEFAULTS.recoverOnReconnect); one at a time, a reconnect during one adds none.
      if (options.recoverOnReconnect && recovery?.closed !== false) {
        recovery = recover$().subscribe({ error: report });
        life.add(recovery);
      }
      ids.next(id);
    },

    disconnected: () => outbox.disconnected(),
    startedHere: () => outbox.startedHere(),
    restored,

    deliver(event, claimed) {
      events.next(event);
      if (event.type === 'bot_message' || event.type === 'livechat_message') {
        seen.record(event.type === 'bot_message' ? 'bot' : 'agent', event.eventId, event.payload.content);
        if (messages.wanted) messages.next(chatMessageOf(event));
      } else if (event.type === 'action') actions.next(event);
      else if (event.type === 'conversation_update') updates.next(event);
      else if (event.type === 'general_error') {
        const link = event.payload.messageLink;
        if (link !== undefined) {
          // Aborted if the conversation closes first.
          life.add(
            fetchLargeReply$(event, link, options).subscribe({
              next: (message) => {
                seen.record('bot', event.eventId, message.parts);
                messages.next(message);
              },
              error: report,
            }),
          );
        } else if (!claimed) {
          // A claimed error was the answer to a request and surfaced there; report each error once.
          report(responseErrorOf(event));
        }
      }
    },

    sendText: (text) => sendMessage({ text }),
    sendMessage,
    sendAction(actionId, data) {
      if (!actionId) return invalid$('An action needs an id');
      return now$(
        () => connection.send({ type: 'action', payload: { id: actionId, ...self, data } }),
        undefined,
      );
    },

    setMetadata(metadata, target) {
      return sent$((clientMsgId) =>
        request$({ type: 'metadata', payload: { metadata, clientMsgId, ...self, target } }, () => 0),
      );
    },

    metadata$() {
      return ask$({ type: 'metadata_request', payload: self }, (answer) => answer.payload.metadata);
    },

    transcript$() {
      return ask$(transcriptRequest, (answer) => answer.payload.entries);
    },

    editMessage(messageId, content) {
      if (!messageId) return invalid$('editMessage needs a message id');
      const body = typeof content === 'string' ? { type: 'text' as const, text: content } : content;
      return sent$((clientMsgId) =>
        request$(
          { type: 'edit_message', payload: { clientMsgId, ...self, messageId, content: body } },
          () => 0,
        ),
      );
    },

    delete$() {
      // Deleted on the hub whether or not the caller still listens: close here too.
      return ask$({ type: 'delete_conversation', payload: self }, close);
    },

    recover$,
    close,
  };
}
