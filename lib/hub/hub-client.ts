import { type Observable, type SchedulerLike, Subject, type Subscription, map, merge } from 'rxjs';
import type { ConnectionStatus, HubConnection } from '../connection/hub-connection.js';
import type { ConversationContext } from '../conversation/conversation-context.js';
import type { Conversation } from '../conversation/conversation.js';
import { HubConversation } from '../conversation/hub-conversation.js';
import {
  ConnectionError,
  type HubError,
  type HubProtocolError,
  HubResponseError,
  InvalidArgumentError,
} from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import type { GetUserConversationsEvent } from '../protocol/outbound.js';
import { HUB_DEFAULTS } from './defaults.js';
import type { Hub, StartConversationOptions, UserConversations, UserConversationsQuery } from './hub.js';
import type { HubOptions } from './hub-options.js';
import { PendingRequests } from './pending-requests.js';
import { request$ } from './request.js';
import { RequestLane } from './request-lane.js';
import { EventRouter } from './router.js';

/** The `Hub` implementation over any `HubConnection` (the real one, or a test double). */
export class HubClient implements Hub {
  readonly status$: Observable<ConnectionStatus>;
  readonly events$: Observable<HubEvent>;
  readonly errors$: Observable<HubError | HubProtocolError>;
  private readonly pending = new PendingRequests();
  private readonly router: EventRouter;
  private readonly hubErrors = new Subject<HubError>();
  private readonly conversations = new Map<string, HubConversation>();
  /** `conversation_start_success` names no request: one start in flight per socket. */
  private readonly startLane = new RequestLane();
  /** `user_conversations` names no user: one listing in flight per socket. */
  private readonly listingLane = new RequestLane();
  private readonly context: ConversationContext;
  private readonly statusWatch: Subscription;
  private closed = false;

  constructor(
    private readonly connection: HubConnection,
    options: HubOptions,
    scheduler: SchedulerLike,
  ) {
    this.router = new EventRouter(connection.events$, this.pending, (event, claimed) =>
      this.unrouted(event, claimed),
    );
    this.status$ = connection.status$;
    this.events$ = this.router.events$;
    this.errors$ = merge(connection.errors$, this.hubErrors);
    this.context = {
      connection,
      pending: this.pending,
      router: this.router,
      scheduler,
      attachRouting: () => this.router.attach(),
      requestTimeoutMs: options.requestTimeoutMs ?? HUB_DEFAULTS.requestTimeoutMs,
      recoverOnReconnect: options.recoverOnReconnect ?? HUB_DEFAULTS.recoverOnReconnect,
      earlyBufferLimit: HUB_DEFAULTS.earlyBufferLimit,
      apiKey: options.apiKey,
      fetch: options.fetch,
    };
    // A connection that gave up (reconnect attempts exhausted) ends every conversation too.
    this.statusWatch = connection.status$.subscribe((status) => {
      if (status.state === 'closed') this.closeConversations();
    });
  }

  startConversation$(options: StartConversationOptions = {}): Observable<Conversation> {
    const { userId, userBasicInfo, userData, metadata, privateMetadata } = options;
    const withPrivate = privateMetadata === undefined ? metadata : { ...metadata, private: privateMetadata };
    return request$(
      this.context,
      {
        event: {
          type: 'conversation_start',
          payload: { userId, userBasicInfo, userData, metadata: withPrivate },
        },
        answer: 'conversation_start_success',
        idempotent: false,
        pick: (answer) => answer.conversationId,
      },
      this.startLane,
    ).pipe(map((conversationId) => this.conversation(conversationId)));
  }

  conversation(conversationId: string): Conversation {
    if (typeof conversationId !== 'string' || conversationId === '') {
      throw new InvalidArgumentError('A conversation id must be a non-empty string');
    }
    if (this.closed) throw new ConnectionError('CONNECTION_CLOSED', 'The hub is closed');
    const open = this.conversations.get(conversationId);
    if (open) return open;
    const conversation = new HubConversation(conversationId, this.context, () => {
      if (this.conversations.get(conversationId) === conversation) this.conversations.delete(conversationId);
    });
    this.conversations.set(conversationId, conversation);
    return conversation;
  }

  userConversations$(query: UserConversationsQuery): Observable<UserConversations> {
    const { userId, filter, search, pagination } = query;
    const v2 = filter !== undefined || search !== undefined || pagination !== undefined;
    const event: GetUserConversationsEvent = v2
      ? { type: 'get_user_conversations_v2', payload: { userId, filter, search, pagination } }
      : { type: 'get_user_conversations', payload: { userId } };
    return request$(
      this.context,
      { event, answer: 'user_conversations', idempotent: true, pick: (answer) => answer.payload },
      this.listingLane,
    );
  }

  deleteUserConversations$(userId: string): Observable<void> {
    return request$(this.context, {
      event: { type: 'delete_conversation', payload: { userId } },
      answer: 'delete_conversation_success',
      idempotent: false,
      pick: () => undefined,
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeConversations();
    this.connection.close();
    this.statusWatch.unsubscribe();
    this.hubErrors.complete();
  }

  private closeConversations(): void {
    for (const conversation of [...this.conversations.values()]) conversation.close();
  }

  /** Events no open conversation took. Only hub errors tied to no conversation are errors here. */
  private unrouted(event: HubEvent, claimed: boolean): void {
    if (event.type !== 'general_error' || claimed || event.conversationId !== undefined) return;
    if (event.payload.messageLink !== undefined) return;
    this.hubErrors.next(new HubResponseError(event.payload.errorCode, event.payload.errorDesc));
  }
}
