import {
  EMPTY,
  type Observable,
  ReplaySubject,
  Subject,
  Subscription,
  catchError,
  defer,
  distinctUntilChanged,
  exhaustMap,
  filter,
  map,
  skip,
  startWith,
  takeUntil,
  throwError,
} from 'rxjs';
import { ConnectionError, type HubError, HubResponseError, InvalidArgumentError } from '../errors.js';
import { HUB_DEFAULTS } from '../hub/defaults.js';
import type { AnswerTo, HubRequest } from '../hub/pending-requests.js';
import { hot } from '../hub/request.js';
import { ofType } from '../operators/of-type.js';
import type { HubEvent } from '../protocol/inbound.js';
import type { ChatMessage } from './chat-message.js';
import { chatMessageOf } from './chat-message.js';
import type { ConversationContext } from './conversation-context.js';
import type { Conversation, MessageSent, OutgoingMessage } from './conversation.js';
import { keepEarly } from './early-buffer.js';
import { fetchLargeReply$ } from './large-reply.js';
import { SeenMessages } from './seen-messages.js';

/** A `Conversation` as its hub sees it. */
export interface HubConversation extends Conversation {
  /**
   * The hub's router hands each event routed here to this, once; it is fanned out to the streams,
   * a message normalised once, not per subscriber. `claimed`: it settled a pending request.
   */
  deliver(event: HubEvent, claimed: boolean): void;
}

const invalid$ = (message: string): Observable<never> => throwError(() => new InvalidArgumentError(message));

/** Requests out; inbound events, large replies and recovered messages in. */
export function createConversation(
  id: string,
  context: ConversationContext,
  onClosed: () => void,
): HubConversation {
  const { connection, options, request$ } = context;
  const limit = HUB_DEFAULTS.earlyBufferLimit;
  const events = new Subject<HubEvent>();
  const messages = new Subject<ChatMessage>();
  const errors = new Subject<HubError>();
  const closing = new ReplaySubject<void>(1);
  const seen = new SeenMessages();
  /** Everything the open conversation holds: the socket, the routing, recoveries, large-reply fetches. */
  const life = new Subscription();
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
  /** Written at the call (whether or not anyone subscribes); resolves to its `clientMsgId` once done. */
  const sent$ = (write$: (clientMsgId: string) => Observable<unknown>): Observable<MessageSent> => {
    const clientMsgId = crypto.randomUUID();
    return hot(ifOpen$(() => write$(clientMsgId)).pipe(map(() => ({ clientMsgId }))));
  };
  const transcript$ = () =>
    ask$({ type: 'conversation_transcript_request', payload: self }, (answer) => answer);

  const recover$ = (): Observable<readonly ChatMessage[]> =>
    transcript$().pipe(
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

  const sendMessage = ({ text, files }: OutgoingMessage): Observable<MessageSent> => {
    const hasFiles = files !== undefined && files.length > 0;
    if (!hasFiles && !text) return invalid$('A message needs text or files');
    // `text` is set here when there are no files.
    const content = hasFiles ? { text, files } : { type: 'text' as const, text: text! };
    return sent$((clientMsgId) =>
      connection.send({ type: 'user_message', payload: { clientMsgId, ...self, content } }),
    );
  };

  const close = (): void => {
    if (life.closed) return;
    life.unsubscribe();
    onClosed(); // routed no more, and `hub.conversation(id)` now makes a new one
    closing.next();
    for (const subject of [closing, events, messages, errors]) subject.complete();
  };

  life.add(connection.hold());
  life.add(context.attachRouting());
  // The generation of every socket that reached `connected` after the first one this sees: one
  // emission per reconnect (after its `socket_connected`), none for the first connect.
  const reconnects$ = connection.status$.pipe(
    filter((status) => status.state === 'connected'),
    map((status) => status.generation),
    distinctUntilChanged(),
    skip(1),
  );
  // Off by default (HUB_DEFAULTS.recoverOnReconnect).
  if (options.recoverOnReconnect) {
    const recoveries$ = reconnects$.pipe(
      exhaustMap(() =>
        recover$().pipe(
          catchError((error: HubError) => {
            errors.next(error);
            return EMPTY;
          }),
        ),
      ),
    );
    life.add(recoveries$.subscribe());
  }

  return {
    id,
    id$: reconnects$.pipe(
      map(() => id),
      startWith(id),
      takeUntil(closing),
    ),
    events$: events.asObservable(),
    messages$: keepEarly(messages, limit),
    actions$: keepEarly(events.pipe(ofType<HubEvent, 'action'>('action')), limit),
    updates$: keepEarly(events.pipe(ofType<HubEvent, 'conversation_update'>('conversation_update')), limit),
    errors$: errors.asObservable(),

    deliver(event, claimed) {
      events.next(event);
      if (event.type === 'bot_message' || event.type === 'livechat_message') {
        seen.record(event.type === 'bot_message' ? 'bot' : 'agent', event.eventId, event.payload.content);
        if (messages.observed) messages.next(chatMessageOf(event));
      } else if (event.type === 'general_error') {
        const link = event.payload.messageLink;
        if (link !== undefined) {
          // Aborted if the conversation closes first.
          life.add(
            fetchLargeReply$(event, link, options).subscribe({
              next: (message) => {
                seen.record('bot', event.eventId, message.parts);
                messages.next(message);
              },
              error: (error: HubError) => errors.next(error),
            }),
          );
        } else if (!claimed) {
          // A claimed error was the answer to a request and surfaced there; report each error once.
          const { errorCode, errorDesc } = event.payload;
          errors.next(new HubResponseError(errorCode, errorDesc, id));
        }
      }
    },

    sendText: (text) => sendMessage({ text }),
    sendMessage,
    sendAction(actionId, data) {
      if (!actionId) return invalid$('An action needs an id');
      const event = { type: 'action', payload: { id: actionId, ...self, data } } as const;
      return hot(ifOpen$(() => connection.send(event)).pipe(map(() => undefined)));
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
      return transcript$().pipe(map((answer) => answer.payload.entries));
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
