import {
  EMPTY,
  type Observable,
  ReplaySubject,
  Subject,
  Subscription,
  catchError,
  defer,
  exhaustMap,
  map,
  startWith,
  takeUntil,
  throwError,
} from 'rxjs';
import { ConnectionError, type HubError, HubResponseError, InvalidArgumentError } from '../errors.js';
import { HUB_DEFAULTS } from '../hub/defaults.js';
import type { AnswerTo, HubRequest } from '../hub/pending-requests.js';
import { reconnected$ } from '../hub/reconnected.js';
import { hot, request$ } from '../hub/request.js';
import { ofType } from '../operators/of-type.js';
import type { HubEvent } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';
import type { UserMessageContent } from '../protocol/parts.js';
import { type ChatMessage, chatMessageOf, chatMessageOfEntry } from './chat-message.js';
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

/** Requests out; inbound events, large replies and recovered messages in. */
export function createConversation(
  id: string,
  context: ConversationContext,
  onClosed: () => void,
): HubConversation {
  const { connection } = context;
  const limit = HUB_DEFAULTS.earlyBufferLimit;
  const events = new Subject<HubEvent>();
  const messages = new Subject<ChatMessage>();
  const errors = new Subject<HubError>();
  const closing = new ReplaySubject<void>(1);
  const seen = new SeenMessages();
  const life = new Subscription();
  let closed = false;

  /** Checked at subscription: a cold call's conversation may close in between. */
  const ifOpen$ = <T>(make: () => Observable<T>): Observable<T> =>
    defer(() =>
      closed
        ? throwError(() => new ConnectionError('CONNECTION_CLOSED', `Conversation ${id} is closed`))
        : make(),
    );
  const ask$ = <R extends HubRequest, T>(event: R, pick: (answer: AnswerTo<R>) => T): Observable<T> =>
    ifOpen$(() => request$(context, event, pick));
  /** A plain send: written at the call, its receipt replayed as `result`. */
  const send = <R>(event: OutboundEvent, result: R): Observable<R> =>
    hot(ifOpen$(() => connection.send(event)).pipe(map(() => result)));
  const transcript$ = () =>
    ask$({ type: 'conversation_transcript_request', payload: { conversationId: id } }, (answer) => answer);

  const recover$ = (): Observable<readonly ChatMessage[]> =>
    transcript$().pipe(
      map(({ payload, raw }) => {
        const missed = seen.unseen(payload.entries).map((entry) => chatMessageOfEntry(entry, raw));
        for (const message of missed) messages.next(message);
        return missed;
      }),
    );

  const sendMessage = ({ text, files }: OutgoingMessage): Observable<MessageSent> => {
    const hasFiles = files !== undefined && files.length > 0;
    if (!hasFiles && !text)
      return throwError(() => new InvalidArgumentError('A message needs text or files'));
    const content: UserMessageContent = hasFiles
      ? text === undefined
        ? { files }
        : { text, files }
      : { type: 'text', text: text ?? '' };
    const clientMsgId = crypto.randomUUID();
    return send(
      { type: 'user_message', payload: { clientMsgId, conversationId: id, content } },
      { clientMsgId },
    );
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    onClosed(); // routed no more, and `hub.conversation(id)` now makes a new one
    life.unsubscribe();
    closing.next();
    closing.complete();
    events.complete();
    messages.complete();
    errors.complete();
  };

  life.add(connection.hold());
  life.add(context.attachRouting());
  const reconnects$ = reconnected$(connection.status$);
  if (context.options.recoverOnReconnect ?? HUB_DEFAULTS.recoverOnReconnect) {
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
        if (event.payload.messageLink !== undefined) {
          fetchLargeReply$(event, context.options)
            .pipe(takeUntil(closing))
            .subscribe({
              next: (message) => {
                seen.record('bot', event.eventId, message.parts);
                messages.next(message);
              },
              error: (error: HubError) => errors.next(error),
            });
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
      if (!actionId) return throwError(() => new InvalidArgumentError('An action needs an id'));
      const payload = { id: actionId, conversationId: id, ...(data === undefined ? {} : { data }) };
      return send({ type: 'action', payload }, undefined);
    },

    setMetadata(metadata, target) {
      const clientMsgId = crypto.randomUUID();
      const payload = { metadata, clientMsgId, conversationId: id, ...(target ? { target } : {}) };
      return hot(ask$({ type: 'metadata', payload }, () => ({ clientMsgId })));
    },

    metadata$() {
      return ask$(
        { type: 'metadata_request', payload: { conversationId: id } },
        (answer) => answer.payload.metadata,
      );
    },

    transcript$() {
      return transcript$().pipe(map((answer) => answer.payload.entries));
    },

    editMessage(messageId, content) {
      if (!messageId) return throwError(() => new InvalidArgumentError('editMessage needs a message id'));
      const clientMsgId = crypto.randomUUID();
      const body: UserMessageContent =
        typeof content === 'string' ? { type: 'text', text: content } : content;
      const payload = { clientMsgId, conversationId: id, messageId, content: body };
      return hot(ask$({ type: 'edit_message', payload }, () => ({ clientMsgId })));
    },

    delete$() {
      // Deleted on the hub whether or not the caller still listens: close here too.
      return ask$({ type: 'delete_conversation', payload: { conversationId: id } }, close);
    },

    recover$,
    close,
  };
}
