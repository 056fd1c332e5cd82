import type { HubAction, MessagePart } from './parts.js';
import type { WireInboundEvent, WireObject } from './wire.js';

/**
 * The one normalised shape of every hub → client event, whatever envelope it came in.
 * `payload` fields are camelCase; `raw` is the inner wire event, untouched.
 */
export interface HubEventOf<T extends string, P> {
  readonly type: T;
  /** Unique per delivered event; absent on a few hub answers. */
  readonly eventId: string | undefined;
  /** The `conversation_id` of the payload, lifted up for routing. */
  readonly conversationId: string | undefined;
  readonly payload: P;
  readonly raw: WireInboundEvent;
}

export type SocketConnectedEvent = HubEventOf<'socket_connected', { readonly socketId: string }>;

export interface ConversationStartSuccessEvent extends HubEventOf<'conversation_start_success', object> {
  readonly conversationId: string;
}

export type BotMessageEvent = HubEventOf<
  'bot_message',
  {
    /** The hub's id of this message (`ch_msg_id`). */
    readonly chMsgId: string | undefined;
    readonly bot: WireObject;
    readonly content: readonly MessagePart[];
  }
>;

export type LivechatMessageEvent = HubEventOf<
  'livechat_message',
  { readonly content: readonly MessagePart[] }
>;

/** Outgoing actions of the flow; legacy `{type, title}` / `{type, action}` entries arrive as `{ id, data }`. */
export type ActionEvent = HubEventOf<'action', { readonly actions: readonly HubAction[] }>;

export type ConversationMetadataEvent = HubEventOf<
  'conversation_metadata',
  { readonly metadata: WireObject }
>;

export type MetadataUpdateSuccessEvent = HubEventOf<'metadata_update_success', object>;

/** Who wrote a transcript entry; the wire's `chatbot`, `livechat` and `agent ` are folded in. */
export type TranscriptAuthor = 'user' | 'bot' | 'agent';

/** One message in a transcript, whichever of the hub's two transcript forms it came from. */
export interface TranscriptEntry {
  readonly from: TranscriptAuthor;
  readonly parts: readonly MessagePart[];
  readonly actions: readonly HubAction[];
  readonly files: readonly WireObject[];
  /** The event id of the delivery this entry belongs to, when the hub gives it. */
  readonly eventId?: string;
  /**
   * The entry's own id (`message_id`, or `id`), when the hub gives one. For a user entry it may be
   * the `client_msg_id` the message was sent with; the protocol does not promise it.
   */
  readonly messageId?: string;
  readonly channelName?: string;
  readonly chatbotName?: string;
  readonly livechatName?: string;
}

export type ConversationTranscriptEvent = HubEventOf<
  'conversation_transcript',
  { readonly entries: readonly TranscriptEntry[] }
>;

export interface ConversationSummary {
  readonly conversationId: string;
  readonly metadata: WireObject;
  readonly apiKey?: string;
}

export interface Pagination {
  readonly hasNextPage: boolean;
  readonly hasPrevPage: boolean;
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly totalPages: number;
}

export type UserConversationsEvent = HubEventOf<
  'user_conversations',
  { readonly conversations: readonly ConversationSummary[]; readonly pagination?: Pagination }
>;

export type DeleteConversationSuccessEvent = HubEventOf<
  'delete_conversation_success',
  { readonly userId?: string }
>;

export type MessageEditedSuccessEvent = HubEventOf<'message_edited_success', { readonly messageId: string }>;

/** Known `conversation_update` types; the hub may send others. */
export type ConversationUpdateType =
  'failedAgentAssignment' | 'livechatAgentConnected' | 'livechatAgentDisconnected' | (string & {});

export type ConversationUpdateEvent = HubEventOf<
  'conversation_update',
  { readonly type: ConversationUpdateType; readonly data: WireObject }
>;

/**
 * An error from the hub. Arrives flat or nested in a `conversation_update`; both decode to this.
 * Numeric codes sent as strings (`"400"`) are numbers here.
 */
export type GeneralErrorEvent = HubEventOf<
  'general_error',
  {
    readonly errorCode: number | string;
    readonly errorDesc: string;
    /** For answers too large for the socket (413): GET it with header `x-api-key`. */
    readonly messageLink?: string;
  }
>;

/** An event type this version does not know. Kept and delivered, never dropped. */
export interface UnknownHubEvent extends HubEventOf<'unknown', WireObject> {
  /** The `event_type` the hub sent. */
  readonly eventType: string;
}

/** Every hub → client event, discriminated on `type`. */
export type HubEvent =
  | SocketConnectedEvent
  | ConversationStartSuccessEvent
  | BotMessageEvent
  | LivechatMessageEvent
  | ActionEvent
  | ConversationMetadataEvent
  | MetadataUpdateSuccessEvent
  | ConversationTranscriptEvent
  | UserConversationsEvent
  | DeleteConversationSuccessEvent
  | MessageEditedSuccessEvent
  | ConversationUpdateEvent
  | GeneralErrorEvent
  | UnknownHubEvent;

/** The `type` of any hub event. */
export type HubEventType = HubEvent['type'];

/** The event of the given type(s), for narrowing. */
export type HubEventOfType<T extends HubEventType> = Extract<HubEvent, { type: T }>;
