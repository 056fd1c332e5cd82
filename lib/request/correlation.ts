import type { HubEvent, HubEventOfType } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';

/**
 * THE correlation rule: which answer a request awaits, and the lane it runs in.
 *
 * The hub's answers carry no request id, so a request and its answer meet in a **lane**: at most
 * one request of a lane is on the wire at a time, and an answer can only settle the request at
 * the head of a lane it names. The lanes:
 * - `start`: every `conversation_start` (its answer names nothing of the request);
 * - `listing`: every `get_user_conversations[_v2]` (likewise);
 * - `c<id>`: every request naming conversation `<id>` (metadata, transcript, edit, delete) — one
 *   per conversation, so a `general_error` naming the conversation is the answer of the one
 *   request in flight for it;
 * - `u<id>`: deleting every conversation of user `<id>`.
 * With one request per lane in flight, answers may come in any order across lanes and still meet
 * their own request: the hub answering slowly, or out of order, cannot swap two answers.
 */
const ANSWER_OF = {
  conversation_start: 'conversation_start_success',
  metadata: 'metadata_update_success',
  metadata_request: 'conversation_metadata',
  conversation_transcript_request: 'conversation_transcript',
  edit_message: 'message_edited_success',
  delete_conversation: 'delete_conversation_success',
  get_user_conversations: 'user_conversations',
  get_user_conversations_v2: 'user_conversations',
} as const;

/** An event type that answers a request. */
export type AnswerType = (typeof ANSWER_OF)[keyof typeof ANSWER_OF];

/** An outbound event the hub answers. */
export type HubRequest = OutboundEvent & { readonly type: keyof typeof ANSWER_OF };

/** The event answering request `R`. */
export type AnswerTo<R extends HubRequest> = HubEventOfType<(typeof ANSWER_OF)[R['type']]>;

/** How a request meets its answer. */
export interface Correlation {
  /** The lane it runs in (see above). */
  readonly lane: string;
  /** The event type that answers it. */
  readonly awaits: AnswerType;
  /** An edit's message id: an answer naming another message is not its answer. */
  readonly messageId: string | undefined;
  /**
   * Whether it may be written again on the next socket when the one that carried it died before
   * the answer: not a start (a second conversation) nor a delete.
   */
  readonly resendable: boolean;
}

/** The lanes; the `\0` keeps the fixed ones apart from any id. */
export const START_LANE = '\u0000start';
export const LISTING_LANE = '\u0000listing';
export const conversationLane = (conversationId: string): string => `c${conversationId}`;
export const userLane = (userId: string): string => `u${userId}`;

/** The ids a request or an answer may carry in its payload. */
interface Ids {
  readonly conversationId?: string;
  readonly messageId?: string;
  readonly userId?: string;
}

/** How a request of `event`'s kind meets its answer. */
export function correlationOf(event: HubRequest): Correlation {
  const awaits = ANSWER_OF[event.type];
  const { conversationId, messageId, userId }: Ids = event.payload;
  const lane =
    awaits === 'conversation_start_success'
      ? START_LANE
      : awaits === 'user_conversations'
        ? LISTING_LANE
        : conversationId !== undefined
          ? conversationLane(conversationId)
          : userLane(userId ?? '');
  const resendable = event.type !== 'conversation_start' && event.type !== 'delete_conversation';
  return { lane, awaits, messageId, resendable };
}

const NO_LANES: readonly string[] = [];
const ANSWER_TYPES: ReadonlySet<string> = new Set(Object.values(ANSWER_OF));
const START_LANES = [START_LANE];
const LISTING_LANES = [LISTING_LANE];

/**
 * The lanes whose request `event` may settle, most specific first (a delete by conversation
 * before a delete-all of its user); empty for the events that answer nothing — most of them, so
 * this is one `Set` lookup on the hot path. A `general_error` naming a conversation answers that
 * conversation's lane (one with a `message_link` only a transcript request: see `settlementOf`).
 */
export function lanesOf(event: HubEvent): readonly string[] {
  const { type, conversationId } = event;
  if (type === 'general_error') {
    return conversationId === undefined ? NO_LANES : [conversationLane(conversationId)];
  }
  if (!ANSWER_TYPES.has(type)) return NO_LANES;
  if (type === 'conversation_start_success') return START_LANES;
  if (type === 'user_conversations') return LISTING_LANES;
  const { userId } = event.payload as Ids;
  const lanes = conversationId === undefined ? [] : [conversationLane(conversationId)];
  if (userId !== undefined) lanes.push(userLane(userId));
  return lanes;
}

/** The message id an answer names (`message_edited_success`), if any. */
export const answeredMessageOf = (event: HubEvent): string | undefined => (event.payload as Ids).messageId;
