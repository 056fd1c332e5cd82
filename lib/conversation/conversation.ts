import type { Observable } from '../rx.js';
import type { HubError } from '../errors.js';
import type { ActionEvent, ConversationUpdateEvent, HubEvent, TranscriptEntry } from '../protocol/inbound.js';
import type { MetadataTarget } from '../protocol/outbound.js';
import type { UserFile, UserMessageContent } from '../protocol/parts.js';
import type { WireObject } from '../protocol/wire.js';
import type { MessageStatus } from '../delivery/message-state.js';
import type { ChatMessage } from './chat-message.js';

/** What `sendText` / `sendMessage` / `setMetadata` resolve to once their frame is written. */
export interface MessageSent {
  /** The `client_msg_id` sent: a `crypto.randomUUID()`. */
  readonly clientMsgId: string;
}

/** A message kept by a store from an earlier run of the app, resumed with its conversation. */
export interface RestoredMessage {
  /** The `client_msg_id` it was (or will be) sent with. */
  readonly clientMsgId: string;
  /** What the message says (text, files). */
  readonly content: UserMessageContent;
  /** Its state from now on, as `sendMessage` would emit it. */
  readonly status$: Observable<MessageStatus>;
}

/** A message with text, files, or both (at least one). */
export interface OutgoingMessage {
  /** The text of the message. */
  readonly text?: string | undefined;
  /** Files attached (uploaded first; the hub gets their URLs). */
  readonly files?: readonly UserFile[] | undefined;
}

/**
 * One conversation on the hub, kept across reconnects (its id never changes; it never starts a
 * new conversation by itself). Obtained from `hub.startConversation$()` or `hub.conversation(id)`.
 *
 * **Streams** are hot and complete when the conversation closes (`close()`, `delete$()`,
 * `hub.close()`). `messages$`, `actions$` and `updates$` keep what arrives before their first
 * subscriber (up to 100 each) and hand it to that subscriber, so a greeting is never lost.
 *
 * **Sends** (`sendText`, `sendMessage`, `sendAction`, `setMetadata`, `editMessage`) happen at the
 * call, whether or not anyone subscribes; the returned observable replays the outcome. Methods
 * ending in `$` (`metadata$`, `transcript$`, `delete$`, `recover$`) are cold: each subscription
 * sends one request, like `hub.startConversation$`.
 *
 * **Requests** of one conversation run one at a time (its lane; see docs/reconnection.md), so an
 * answer — or a `general_error` naming the conversation — settles exactly the request it belongs to.
 *
 * **Requests across a reconnect**: idempotent ones (`setMetadata`, `editMessage`, `metadata$`,
 * `transcript$`, `recover$`) whose frame went out on a socket that died before the answer are
 * re-sent once on the next socket; `delete$` then fails with `CONNECTION_LOST`.
 *
 * Holding a conversation keeps the connection open (and reconnecting) until it is closed.
 */
export interface Conversation {
  /** The hub's id of the conversation; it never changes. */
  readonly id: string;
  /** The id now, and again after every reconnect (`socket_connected`), so apps can re-sync. */
  readonly id$: Observable<string>;
  /** Every event routed to this conversation (see the routing rule on `Hub`). */
  readonly events$: Observable<HubEvent>;
  /** Bot and agent messages, normalised; large replies and recovered messages included. */
  readonly messages$: Observable<ChatMessage>;
  /** Outgoing actions of the flow (`redirectToContactUs`, …). */
  readonly actions$: Observable<ActionEvent>;
  /** `conversation_update` events (agent connected, assignment failed, …). */
  readonly updates$: Observable<ConversationUpdateEvent>;
  /**
   * Hub errors for this conversation that no pending request claimed (`HubResponseError`),
   * failed large-reply fetches (`MessageFetchError`) and failed automatic recoveries.
   */
  readonly errors$: Observable<HubError>;

  /**
   * Messages of this conversation that a store kept from an earlier run (page reload, process
   * restart), queued or unconfirmed then; they are being delivered again, exactly once (see
   * docs/reconnection.md). Empty without a store.
   */
  readonly restored: readonly RestoredMessage[];

  /**
   * Sends a text message. Emits its state as it changes: `queued`, `written` (with the socket's
   * generation; again if it is re-sent), `confirmed` (the hub has it), then completes; or errors
   * with a typed error (`UNCONFIRMED_LIMIT`, `CONNECTION_CLOSED`, `PAYLOAD_TOO_LARGE`, …). Sent at
   * the call, whether or not anyone subscribes; the states replay to late subscribers. Closing the
   * conversation ends tracking: a message written by then completes in `written`, one never
   * written fails with `CONNECTION_CLOSED`.
   * @example
   * conversation.sendText('Opening hours?').subscribe(({ state }) => showMarker(state));
   */
  sendText(text: string): Observable<MessageStatus>;
  /**
   * Sends text, files or both; emits its states like `sendText`.
   * @example
   * conversation.sendMessage({ text: 'My invoice', files: [{ type: 'file', filename: 'a.pdf', url }] });
   */
  sendMessage(message: OutgoingMessage): Observable<MessageStatus>;
  /**
   * Triggers a flow action, e.g. the reserved `escalateToHuman`. Emits once written.
   * @example
   * conversation.sendAction('escalateToHuman');
   */
  sendAction(id: string, data?: WireObject): Observable<void>;
  /**
   * Sets the conversation's metadata; emits once the hub confirms (`metadata_update_success`).
   * @example
   * conversation.setMetadata({ plan: 'pro' }, 'bot').subscribe();
   */
  setMetadata(metadata: WireObject, target?: MetadataTarget): Observable<MessageSent>;
  /**
   * Reads the conversation's metadata.
   * @example
   * const metadata = await firstValueFrom(conversation.metadata$());
   */
  metadata$(): Observable<WireObject>;
  /**
   * Reads the conversation's transcript.
   * @example
   * const entries = await firstValueFrom(conversation.transcript$());
   */
  transcript$(): Observable<readonly TranscriptEntry[]>;
  /**
   * Edits a message the user sent; emits once the hub confirms (`message_edited_success`).
   * @example
   * conversation.editMessage(clientMsgId, 'Opening hours on Sunday?').subscribe();
   */
  editMessage(messageId: string, content: string | UserMessageContent): Observable<MessageSent>;
  /**
   * Deletes the conversation on the hub, then closes it here.
   * @example
   * await firstValueFrom(conversation.delete$());
   */
  delete$(): Observable<void>;
  /**
   * Fetches the transcript and emits on `messages$` (with `source: 'transcript'`) the bot and
   * agent messages this object has not shown — those the hub sent while the socket was down,
   * which it never replays. Emits the recovered messages, then completes. Matching uses event
   * ids where the transcript has them, else author + text, counted (see docs/reconnection.md).
   * @example
   * conversation.id$.pipe(skip(1), switchMap(() => conversation.recover$())).subscribe();
   */
  recover$(): Observable<readonly ChatMessage[]>;
  /**
   * Stops routing, completes the streams and releases the connection (the hub keeps the
   * conversation; `hub.conversation(id)` resumes it).
   * @example
   * conversation.close();
   */
  close(): void;
}
