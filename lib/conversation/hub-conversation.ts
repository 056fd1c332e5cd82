import {
  EMPTY,
  Observable,
  ReplaySubject,
  Subscription,
  catchError,
  concat,
  defer,
  exhaustMap,
  map,
  of,
  takeUntil,
  throwError,
} from 'rxjs';
import { ConnectionError, type HubError, InvalidArgumentError } from '../errors.js';
import { reconnected$ } from '../hub/reconnected.js';
import { hotRequest$, request$ } from '../hub/request.js';
import type {
  ActionEvent,
  ConversationTranscriptEvent,
  ConversationUpdateEvent,
  HubEvent,
  TranscriptEntry,
} from '../protocol/inbound.js';
import type { MetadataTarget, OutboundEvent } from '../protocol/outbound.js';
import type { UserMessageContent } from '../protocol/parts.js';
import type { WireObject } from '../protocol/wire.js';
import { chatMessageOfEntry, type ChatMessage } from './chat-message.js';
import type { ConversationContext } from './conversation-context.js';
import type { Conversation, MessageSent, OutgoingMessage } from './conversation.js';
import { ConversationInbox } from './inbox.js';

/** The `Conversation` implementation: requests out, the inbox's streams in. */
export class HubConversation implements Conversation {
  readonly id$: Observable<string>;
  readonly events$: Observable<HubEvent>;
  readonly messages$: Observable<ChatMessage>;
  readonly actions$: Observable<ActionEvent>;
  readonly updates$: Observable<ConversationUpdateEvent>;
  readonly errors$: Observable<HubError>;
  private readonly inbox: ConversationInbox;
  private readonly life = new Subscription();
  private readonly closing$ = new ReplaySubject<void>(1);
  private closed = false;

  constructor(
    readonly id: string,
    private readonly context: ConversationContext,
    private readonly onClosed: () => void = () => undefined,
  ) {
    this.inbox = new ConversationInbox(
      { fetch: context.fetch, apiKey: context.apiKey },
      context.earlyBufferLimit,
    );
    this.events$ = this.inbox.events.asObservable();
    this.messages$ = this.inbox.messages.stream$;
    this.actions$ = this.inbox.actions.stream$;
    this.updates$ = this.inbox.updates.stream$;
    this.errors$ = this.inbox.errors.asObservable();
    this.life.add(context.router.register(id, this.inbox));
    this.life.add(context.connection.hold());
    this.life.add(context.attachRouting());
    const reconnects$ = reconnected$(context.connection.status$);
    this.id$ = concat(of(id), reconnects$.pipe(map(() => id))).pipe(takeUntil(this.closing$));
    if (context.recoverOnReconnect) {
      const recoveries$ = reconnects$.pipe(
        exhaustMap(() =>
          this.recover$().pipe(
            catchError((error: HubError) => {
              this.inbox.errors.next(error);
              return EMPTY;
            }),
          ),
        ),
      );
      this.life.add(recoveries$.subscribe());
    }
  }

  sendText(text: string): Observable<MessageSent> {
    return this.sendMessage({ text });
  }

  sendMessage({ text, files }: OutgoingMessage): Observable<MessageSent> {
    const hasFiles = files !== undefined && files.length > 0;
    if (!hasFiles && !text)
      return throwError(() => new InvalidArgumentError('A message needs text or files'));
    const content: UserMessageContent = hasFiles
      ? { ...(text === undefined ? {} : { text }), files }
      : { type: 'text', text: text ?? '' };
    const clientMsgId = crypto.randomUUID();
    const event: OutboundEvent = {
      type: 'user_message',
      payload: { clientMsgId, conversationId: this.id, content },
    };
    return this.write(event, { clientMsgId });
  }

  sendAction(id: string, data?: WireObject): Observable<void> {
    if (!id) return throwError(() => new InvalidArgumentError('An action needs an id'));
    const payload = { id, conversationId: this.id, ...(data === undefined ? {} : { data }) };
    return this.write({ type: 'action', payload }, undefined);
  }

  setMetadata(metadata: WireObject, target?: MetadataTarget): Observable<MessageSent> {
    const clientMsgId = crypto.randomUUID();
    const payload = { metadata, clientMsgId, conversationId: this.id, ...(target ? { target } : {}) };
    return this.ifOpen(() =>
      hotRequest$(this.context, {
        event: { type: 'metadata', payload },
        answer: 'metadata_update_success',
        idempotent: true,
        pick: () => ({ clientMsgId }),
      }),
    );
  }

  metadata$(): Observable<WireObject> {
    return this.whenOpen(() =>
      request$(this.context, {
        event: { type: 'metadata_request', payload: { conversationId: this.id } },
        answer: 'conversation_metadata',
        idempotent: true,
        pick: (answer) => answer.payload.metadata,
      }),
    );
  }

  transcript$(): Observable<readonly TranscriptEntry[]> {
    return this.transcriptEvent$().pipe(map((event) => event.payload.entries));
  }

  editMessage(messageId: string, content: string | UserMessageContent): Observable<MessageSent> {
    if (!messageId) return throwError(() => new InvalidArgumentError('editMessage needs a message id'));
    const clientMsgId = crypto.randomUUID();
    const body: UserMessageContent = typeof content === 'string' ? { type: 'text', text: content } : content;
    const payload = { clientMsgId, conversationId: this.id, messageId, content: body };
    return this.ifOpen(() =>
      hotRequest$(this.context, {
        event: { type: 'edit_message', payload },
        answer: 'message_edited_success',
        idempotent: true,
        pick: () => ({ clientMsgId }),
      }),
    );
  }

  delete$(): Observable<void> {
    return this.whenOpen(() =>
      request$(this.context, {
        event: { type: 'delete_conversation', payload: { conversationId: this.id } },
        answer: 'delete_conversation_success',
        idempotent: false,
        // Deleted on the hub whether or not the caller still listens: close here too.
        pick: () => this.close(),
      }),
    );
  }

  recover$(): Observable<readonly ChatMessage[]> {
    return this.transcriptEvent$().pipe(
      map((event) => {
        const missed = this.inbox.seen
          .unseen(event.payload.entries)
          .map((entry) => chatMessageOfEntry(entry, event.raw));
        this.inbox.emitRecovered(missed);
        return missed;
      }),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.life.unsubscribe();
    this.closing$.next();
    this.closing$.complete();
    this.inbox.complete();
    this.onClosed();
  }

  private transcriptEvent$(): Observable<ConversationTranscriptEvent> {
    return this.whenOpen(() =>
      request$(this.context, {
        event: { type: 'conversation_transcript_request', payload: { conversationId: this.id } },
        answer: 'conversation_transcript',
        idempotent: true,
        pick: (answer) => answer,
      }),
    );
  }

  /** A plain send: written at the call, its receipt replayed as `result`. */
  private write<R>(event: OutboundEvent, result: R): Observable<R> {
    return this.ifOpen(() => {
      const outcome = new ReplaySubject<R>(1);
      this.context.connection
        .send(event)
        .pipe(map(() => result))
        .subscribe(outcome);
      return outcome.asObservable();
    });
  }

  /** Hot calls run `make` now; on a closed conversation they fail. */
  private ifOpen<T>(make: () => Observable<T>): Observable<T> {
    return this.closed ? this.closedError$() : make();
  }

  /** Cold calls check at subscription time: the conversation may close in between. */
  private whenOpen<T>(make: () => Observable<T>): Observable<T> {
    return defer(() => (this.closed ? this.closedError$<T>() : make()));
  }

  private closedError$<T>(): Observable<T> {
    return throwError(() => new ConnectionError('CONNECTION_CLOSED', `Conversation ${this.id} is closed`));
  }
}
