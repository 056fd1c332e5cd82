import type { HubAction, MessagePart } from './parts.js';
import type { WireInboundEvent, WireObject } from './wire.js';

/**
 * The one normalised shape of every hub → client event, whatever envelope it came in.
 * `payload` fields are camelCase; `raw` is the inner wire event, untouched.
 */
export interface HubEventOf<T extends string, P> {
  /** The event type (the wire's `event_type`), or `'unknown'` for types this version does not know. */
  readonly type: T;
  /** Unique per delivered event; absent on a few hub answers. */
  readonly eventId: string | undefined;
  /** The `conversation_id` of the payload, lifted up for routing. */
  readonly conversationId: string | undefined;
  /** The decoded payload, camelCase and validated. */
  readonly payload: P;
  /** The inner wire event as received (envelope removed), for fields the model does not carry. */
  readonly raw: WireInboundEvent;
}

/** The hub's greeting after the upgrade; the socket is usable from here on. */
export type SocketConnectedEvent = HubEventOf<
  'socket_connected',
  {
    /** The hub's id of this socket (changes on every reconnect). */
    readonly socketId: string;
  }
>;

/** The answer to `conversation_start`: the new conversation's id. */
export interface ConversationStartSuccessEvent extends HubEventOf<'conversation_start_success', object> {
  /** The id of the conversation just started (the hub prefixes it with the user id). */
  readonly conversationId: string;
}

/** A message of the bot to the conversation. */
export type BotMessageEvent = HubEventOf<
  'bot_message',
  {
    /** The hub's id of this message (`ch_msg_id`). */
    readonly chMsgId: string | undefined;
    /** What the hub says about the bot that answered (name, …), as sent. */
    readonly bot: WireObject;
    /** The message, as parts (text, buttons, cards, files, …). */
    readonly content: readonly MessagePart[];
  }
>;

/** A message of a human agent (live chat) to the conversation. */
export type LivechatMessageEvent = HubEventOf<
  'livechat_message',
  {
    /** The message, as parts. */
    readonly content: readonly MessagePart[];
  }
>;

/** Outgoing actions of the flow; legacy `{type, title}` / `{type, action}` entries arrive as `{ id, data }`. */
export type ActionEvent = HubEventOf<
  'action',
  {
    /** The actions, in the order the flow emitted them. */
    readonly actions: readonly HubAction[];
  }
>;

/** The answer to a metadata request: the conversation's metadata. */
export type ConversationMetadataEvent = HubEventOf<
  'conversation_metadata',
  {
    /** The metadata as the hub holds it. */
    readonly metadata: WireObject;
  }
>;

/** The hub's confirmation of a metadata update. */
export type MetadataUpdateSuccessEvent = HubEventOf<'metadata_update_success', object>;

/** Who wrote a transcript entry; the wire's `chatbot`, `livechat` and `agent ` are folded in. */
export type TranscriptAuthor = 'user' | 'bot' | 'agent';

/** One message in a transcript, whichever of the hub's two transcript forms it came from. */
export interface TranscriptEntry {
  /** Who wrote it. */
  readonly from: TranscriptAuthor;
  /** The message, as parts (empty when the entry carries only actions or files). */
  readonly parts: readonly MessagePart[];
  /** Actions the entry carried. */
  readonly actions: readonly HubAction[];
  /** Files the entry carried, as sent. */
  readonly files: readonly WireObject[];
  /** The event id of the delivery this entry belongs to, when the hub gives it. */
  readonly eventId?: string;
  /**
   * The entry's own id (`message_id`, or `id`), when the hub gives one. For a user entry it may be
   * the `client_msg_id` the message was sent with; the protocol does not promise it.
   */
  readonly messageId?: string;
  /** The channel's name, when the hub gives it. */
  readonly channelName?: string;
  /** The bot's name, for a bot entry, when the hub gives it. */
  readonly chatbotName?: string;
  /** The agent's name, for an agent entry, when the hub gives it. */
  readonly livechatName?: string;
}

/** The answer to a transcript request: the conversation's messages in order. */
export type ConversationTranscriptEvent = HubEventOf<
  'conversation_transcript',
  {
    /** The messages, oldest first. */
    readonly entries: readonly TranscriptEntry[];
  }
>;

/** One conversation in a `user_conversations` answer. */
export interface ConversationSummary {
  /** Its id. */
  readonly conversationId: string;
  /** Its metadata as the hub holds it. */
  readonly metadata: WireObject;
  /** The channel key the hub lists with it (the hub's own field; the library never sends it anywhere). */
  readonly apiKey?: string;
}

/** Where a page of `user_conversations` sits in the whole list. */
export interface Pagination {
  /** Whether a page follows this one. */
  readonly hasNextPage: boolean;
  /** Whether a page precedes this one. */
  readonly hasPrevPage: boolean;
  /** This page's number (from 1). */
  readonly page: number;
  /** Conversations per page. */
  readonly pageSize: number;
  /** Conversations in the whole list. */
  readonly total: number;
  /** Pages in the whole list. */
  readonly totalPages: number;
}

/** The answer to `get_user_conversations` (v1 or v2): a user's conversations. */
export type UserConversationsEvent = HubEventOf<
  'user_conversations',
  {
    /** The conversations of this page. */
    readonly conversations: readonly ConversationSummary[];
    /** Present in answers to the paginated (v2) request. */
    readonly pagination?: Pagination;
  }
>;

/** The hub's confirmation of a delete (one conversation, or all of a user's). */
export type DeleteConversationSuccessEvent = HubEventOf<
  'delete_conversation_success',
  {
    /** The user whose conversations were deleted, for a delete of all of them. */
    readonly userId?: string;
  }
>;

/** The hub's confirmation of an `edit_message`. */
export type MessageEditedSuccessEvent = HubEventOf<
  'message_edited_success',
  {
    /** The id of the message edited. */
    readonly messageId: string;
  }
>;

/** Known `conversation_update` types; the hub may send others. */
export type ConversationUpdateType =
  'failedAgentAssignment' | 'livechatAgentConnected' | 'livechatAgentDisconnected' | (string & {});

/** A change in the conversation: an agent joined or left, an assignment failed, … */
export type ConversationUpdateEvent = HubEventOf<
  'conversation_update',
  {
    /** What changed. */
    readonly type: ConversationUpdateType;
    /** The details the hub sent with it, as sent. */
    readonly data: WireObject;
  }
>;

/**
 * An error from the hub. Arrives flat or nested in a `conversation_update`; both decode to this.
 * Numeric codes sent as strings (`"400"`) are numbers here.
 */
export type GeneralErrorEvent = HubEventOf<
  'general_error',
  {
    /** The hub's code, e.g. 400 or 413. */
    readonly errorCode: number | string;
    /** The hub's description, e.g. "Invalid conversation_id". */
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
export type HubEventOfType<T extends HubEventType> = Extract<
  HubEvent,
  {
    /** One of the types asked for. */
    type: T;
  }
>;
