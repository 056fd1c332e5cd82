import type { Observable } from '../rx.js';
import type { ConnectionStatus } from '../connection/hub-connection.js';
import type { Conversation } from '../conversation/conversation.js';
import type { HubError, HubProtocolError } from '../errors.js';
import type { ConversationSummary, HubEvent, Pagination } from '../protocol/inbound.js';
import type { PaginationRequest, UserBasicInfo } from '../protocol/outbound.js';
import type { WireObject } from '../protocol/wire.js';

/**
 * Who starts a conversation and what the bot should know.
 *
 * @example
 * hub.startConversation$({ userId: 'user-42', userBasicInfo: { firstName: 'Ada' }, metadata: { plan: 'pro' } });
 */
export interface StartConversationOptions {
  /** The hub uses `"anon"` when absent and prefixes the conversation id with it. */
  readonly userId?: string | undefined;
  /** Name and e-mail of the user, shown to bots and agents. */
  readonly userBasicInfo?: UserBasicInfo | undefined;
  /** Any data about the user the flow uses. */
  readonly userData?: WireObject | undefined;
  /** The conversation's initial metadata. */
  readonly metadata?: WireObject | undefined;
  /** Sent as `metadata.private` (shown to agents, not to the bot's public context). */
  readonly privateMetadata?: WireObject | undefined;
  /**
   * Sends the hub's start trigger, an empty text message, right after the start, as the vendor's
   * client does by default: the production hub's bot says nothing at the start itself and greets in
   * answer to this trigger. The trigger is not one of the user's messages: it has no delivery state,
   * is not re-sent after a reconnect, and the hub keeps it out of the transcript.
   * @default false
   * @example
   * ```ts
   * hub.startConversation$({ userId: 'user-42', botFirst: true }).subscribe((conversation) =>
   *   conversation.messages$.subscribe((message) => render(message)), // the greeting comes first
   * );
   * ```
   */
  readonly botFirst?: boolean | undefined;
}

/**
 * A user's conversations; any of `filter`, `search`, `pagination` selects the v2 request.
 *
 * @example
 * hub.userConversations$({ userId: 'user-42', search: { topic: 'invoice*' }, pagination: { page: 1, limit: 20 } });
 */
export interface UserConversationsQuery {
  /** Whose conversations. */
  readonly userId: string;
  /** Exact match on metadata fields. */
  readonly filter?: WireObject | undefined;
  /** Wildcard match on metadata fields. */
  readonly search?: WireObject | undefined;
  /** Which page, e.g. `{ page: 1, limit: 20 }`. */
  readonly pagination?: PaginationRequest | undefined;
}

/** The answer to {@link Hub.userConversations$}: one page of a user's conversations. */
export interface UserConversations {
  /** The conversations of this page. */
  readonly conversations: readonly ConversationSummary[];
  /** Where the page sits in the whole list (paginated requests only). */
  readonly pagination?: Pagination;
}

/**
 * One logical link to a Captivate Hub channel in Socket Mode: one socket (reconnected as needed),
 * shared by every conversation and subscriber, each frame decoded once.
 *
 * **Routing**: an event with a `conversation_id` goes to the conversation open under that id on
 * this hub. A `bot_message`, `action` or large reply without one goes to a conversation only if it
 * is the one conversation ever opened on this hub and is open now, else to `events$` only: a hub
 * serving many users never hands one user's late reply to another's conversation. Events for conversations nobody holds, unknown
 * events (`type: 'unknown'`) and every other event reach `events$`; a malformed frame reaches
 * `errors$`. Nothing a frame carries can end a stream or disturb another conversation.
 *
 * **Lifetime**: subscribing to `events$`, an open conversation and a pending request keep the
 * socket open; once all are gone (or after `close()`) a Node process can exit.
 */
export interface Hub {
  /** The connection status, current first. */
  readonly status$: Observable<ConnectionStatus>;
  /** Every inbound event, typed and shared. Subscribing opens the socket. */
  readonly events$: Observable<HubEvent>;
  /**
   * Malformed frames (`HubProtocolError`), connection errors, `general_error`s tied to no
   * conversation and failed large-reply fetches with no conversation to report them on.
   */
  readonly errors$: Observable<HubError | HubProtocolError>;

  /**
   * Cold: each subscription sends one `conversation_start` and emits the new `Conversation`, then
   * completes. The hub's answer carries no request id, so starts run one at a time per socket
   * (the start lane) — concurrent starts queue and each gets its own conversation, whoever asked.
   * Unsubscribing or timing out while queued takes the start off the queue: it is never sent.
   * Once sent, a start that timed out or was cancelled keeps the lane and swallows its late answer
   * (never handed to the next start); if none comes within 30 s of the write, the socket is
   * recycled (see docs/reconnection.md). Fails with `REQUEST_TIMEOUT` (after `requestTimeoutMs`,
   * time queued included), or `CONNECTION_LOST` when the socket dies after the start was written
   * (a start is never re-sent: it would create a second conversation).
   * @example
   * hub.startConversation$({ userId: 'user-42' }).pipe(
   *   switchMap((conversation) => conversation.messages$),
   * ).subscribe((message) => console.log(message.from, message.parts));
   */
  startConversation$(options?: StartConversationOptions): Observable<Conversation>;
  /**
   * Resumes an existing conversation by id (the open one if this hub already holds it).
   * @example
   * const conversation = hub.conversation(localStorage.getItem('conversationId')!);
   */
  conversation(conversationId: string): Conversation;
  /**
   * Ids of the conversations the store kept open in an earlier run of this tab or process (empty
   * without `store`). Resume each with `hub.conversation(id)`: its kept messages are delivered
   * exactly once (`conversation.restored`).
   * @example
   * const [kept] = hub.storedConversations();
   * const conversation = kept ? hub.conversation(kept) : await firstValueFrom(hub.startConversation$());
   */
  storedConversations(): readonly string[];
  /**
   * Cold: lists a user's conversations (`get_user_conversations`, or `_v2` with filter, search or
   * pagination). Runs one at a time per socket in its own lane, like starts (a late answer to a
   * list that timed out is swallowed, never handed to another user's list); re-sent once after a
   * reconnect.
   * @example
   * const { conversations } = await firstValueFrom(hub.userConversations$({ userId: 'user-42' }));
   */
  userConversations$(query: UserConversationsQuery): Observable<UserConversations>;
  /**
   * Cold: deletes every conversation of a user; emits once confirmed, and closes the user's open
   * conversations started by this hub (a conversation resumed with `conversation(id)` has no known
   * user: close it yourself). Not re-sent after a reconnect.
   * @example
   * await firstValueFrom(hub.deleteUserConversations$('user-42'));
   */
  deleteUserConversations$(userId: string): Observable<void>;
  /**
   * Closes the socket (1000), closes every conversation, fails pending requests with
   * `CONNECTION_CLOSED` and completes every stream. Leaves no timer or handle behind.
   * @example
   * hub.close();
   */
  close(): void;
}
