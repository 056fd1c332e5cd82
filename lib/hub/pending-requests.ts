import { type HubError, HubResponseError } from '../errors.js';
import type { GeneralErrorEvent, HubEvent, HubEventOfType } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';

/**
 * THE correlation rule — the one place that decides which answer belongs to which request.
 *
 * The hub's answers carry no request id (docs/protocol/README.md §3), so a request and its answer meet
 * on a key: the answer type plus the conversation id, message id and user id both carry.
 * `conversation_start_success` and `user_conversations` carry nothing to tell requests apart:
 * their requests are keyed by the answer type alone (`type\0\0\0`, which every answer of that type
 * also offers) and run one at a time per socket (see `RequestLane`).
 *
 * Requests sharing a key are answered first in, first out — the hub answers a socket's frames
 * in order. A `general_error` naming a conversation fails the oldest request pending for that
 * conversation (an error is the answer to the earliest unanswered request); one with a
 * `message_link` is a large reply, never an error answer. Anything else answers nothing.
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

type AnswerType = (typeof ANSWER_OF)[keyof typeof ANSWER_OF];

/** An outbound event the hub answers. */
export type HubRequest = OutboundEvent & { readonly type: keyof typeof ANSWER_OF };

/** The event answering request `R`. */
export type AnswerTo<R extends HubRequest> = HubEventOfType<(typeof ANSWER_OF)[R['type']]>;

export interface Correlation {
  readonly key: string;
  /** The event type that answers the request. */
  readonly answer: AnswerType;
}

/** The ids a request or an answer may carry in its payload. */
interface Ids {
  readonly conversationId?: string;
  readonly messageId?: string;
  readonly userId?: string;
}

const ANSWER_TYPES: ReadonlySet<string> = new Set(Object.values(ANSWER_OF));
const NO_KEYS: readonly string[] = [];

const keyOf = (type: string, conversationId?: string, messageId?: string, userId?: string): string =>
  [type, conversationId, messageId, userId].join('\u0000');

/** The key and answer type of a request; `undefined` for events the hub does not answer. */
export function correlationOf(event: OutboundEvent): Correlation | undefined {
  const answer: AnswerType | undefined = ANSWER_OF[event.type as HubRequest['type']];
  if (!answer) return undefined;
  const { conversationId, messageId, userId }: Ids = event.payload;
  // Laned: a request naming no conversation, except a delete (which names its user).
  const laned = conversationId === undefined && answer !== 'delete_conversation_success';
  return { key: laned ? keyOf(answer) : keyOf(answer, conversationId, messageId, userId), answer };
}

/**
 * The keys an inbound event answers, most specific first (a delete by conversation before a
 * delete-all of its user, or the laned key); empty for events that answer nothing. A
 * `general_error` answers the error slot of its conversation: the conversation id itself.
 */
export function answerKeysOf(event: HubEvent): readonly string[] {
  const { type, conversationId } = event;
  if (type === 'general_error') {
    return conversationId === undefined || event.payload.messageLink !== undefined
      ? NO_KEYS
      : [conversationId];
  }
  if (!ANSWER_TYPES.has(type)) return NO_KEYS;
  // Of the answers, only `message_edited_success` has a message id, `delete_conversation_success` a
  // user id; none of the laned answers has either.
  const { messageId, userId } = event.payload as Ids;
  return [keyOf(type, conversationId, messageId), keyOf(type, undefined, undefined, userId)];
}

/** A request waiting for its answer, as the registry sees it. */
export interface PendingEntry {
  readonly key: string;
  /** A `general_error` for this conversation fails the request. */
  readonly conversationId: string | undefined;
  answer(event: HubEvent): void;
  fail(error: HubError): void;
}

/**
 * Where an entry waits: its answer key, and the slot a `general_error` for its conversation meets
 * (the conversation id, which never clashes with a key: keys hold `\0`).
 */
const slotsOf = ({ key, conversationId }: PendingEntry): readonly string[] =>
  conversationId === undefined ? [key] : [key, conversationId];

/** The error a `general_error` reports (to the request it answers, its conversation or the hub). */
export const responseErrorOf = ({ payload, conversationId }: GeneralErrorEvent): HubResponseError =>
  new HubResponseError(payload.errorCode, payload.errorDesc, conversationId);

/**
 * The requests awaiting answers, indexed by key so that settling costs one map lookup per
 * inbound event, whatever the number of conversations or requests.
 */
export class PendingRequests {
  readonly #waiting = new Map<string, Set<PendingEntry>>();

  add(entry: PendingEntry): void {
    for (const slot of slotsOf(entry)) {
      this.#waiting.set(slot, (this.#waiting.get(slot) ?? new Set()).add(entry));
    }
  }

  /** Idempotent: removing an entry no longer waiting does nothing. */
  remove(entry: PendingEntry): void {
    for (const slot of slotsOf(entry)) {
      const entries = this.#waiting.get(slot);
      // An emptied set goes: the map holds only what waits.
      if (entries?.delete(entry) && !entries.size) this.#waiting.delete(slot);
    }
  }

  /** Answers or fails the oldest request `event` settles; `true` when it settled one. */
  settle(event: HubEvent): boolean {
    for (const key of answerKeysOf(event)) {
      const entry: PendingEntry | undefined = this.#waiting.get(key)?.values().next().value;
      if (!entry) continue;
      this.remove(entry);
      if (event.type === 'general_error') entry.fail(responseErrorOf(event));
      else entry.answer(event);
      return true;
    }
    return false;
  }
}
