import type { UserMessageContent } from './parts.js';
import type { WireObject } from './wire.js';

/** A client → hub event in the library's model; `encodeEvent` turns it into the wire frame. */
export interface OutboundEventOf<T extends string, P> {
  readonly type: T;
  readonly payload: P;
}

/** Basic facts about the user, shown to bots and agents. */
export interface UserBasicInfo {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly [key: string]: unknown;
}

export type ConversationStartEvent = OutboundEventOf<
  'conversation_start',
  {
    /** The hub uses `"anon"` when absent and prefixes the conversation id with it. */
    readonly userId?: string;
    readonly userBasicInfo?: UserBasicInfo;
    readonly userData?: WireObject;
    /** Private metadata goes under `metadata.private`. */
    readonly metadata?: WireObject;
  }
>;

export type UserMessageEvent = OutboundEventOf<
  'user_message',
  {
    readonly clientMsgId: string;
    readonly conversationId: string;
    readonly content: UserMessageContent;
  }
>;

/** Who receives metadata: the bot, the live agent, both, or the hub's default. */
export type MetadataTarget = 'default' | 'bot' | 'live' | 'bot_live';

export type MetadataEvent = OutboundEventOf<
  'metadata',
  {
    readonly metadata: WireObject;
    readonly target?: MetadataTarget;
    readonly clientMsgId: string;
    readonly conversationId: string;
  }
>;

export type MetadataRequestEvent = OutboundEventOf<'metadata_request', { readonly conversationId: string }>;

export type OutboundActionEvent = OutboundEventOf<
  'action',
  {
    /** @default 'normal' */
    readonly type?: string;
    /** The action id, e.g. the reserved `escalateToHuman`. */
    readonly id: string;
    readonly data?: WireObject;
    readonly conversationId: string;
  }
>;

export type TranscriptRequestEvent = OutboundEventOf<
  'conversation_transcript_request',
  { readonly conversationId: string }
>;

/** Page numbers travel as the caller gives them; the vendor's client sends strings. */
export interface PaginationRequest {
  readonly page: number | string;
  readonly limit: number | string;
}

export type GetUserConversationsEvent = OutboundEventOf<
  'get_user_conversations' | 'get_user_conversations_v2' | 'get_conversations',
  {
    readonly userId: string;
    /** Exact match on metadata fields (v2). */
    readonly filter?: WireObject;
    /** Wildcard match on metadata fields (v2). */
    readonly search?: WireObject;
    readonly pagination?: PaginationRequest;
  }
>;

export type DeleteConversationEvent = OutboundEventOf<
  'delete_conversation',
  { readonly conversationId: string } | { readonly userId: string }
>;

export type EditMessageEvent = OutboundEventOf<
  'edit_message',
  {
    readonly clientMsgId: string;
    readonly conversationId: string;
    readonly messageId: string;
    readonly content: UserMessageContent;
  }
>;

/** Every client → hub event. */
export type OutboundEvent =
  | ConversationStartEvent
  | UserMessageEvent
  | MetadataEvent
  | MetadataRequestEvent
  | OutboundActionEvent
  | TranscriptRequestEvent
  | GetUserConversationsEvent
  | DeleteConversationEvent
  | EditMessageEvent;

export type OutboundEventType = OutboundEvent['type'];
