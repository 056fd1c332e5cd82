import { type HubError, HubResponseError } from '../errors.js';
import type { HubEvent, HubEventOfType } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';

/**
 * THE correlation rule — the one place that decides which answer belongs to which request.
 *
 * The hub's answers carry no request id (protocol README §3), so a request and its answer meet
 * on a key: the answer type plus the conversation id, message id and user id both carry.
 * `conversation_start_success` and `user_conversations` carry nothing to tell requests apart:
 * they are keyed by type alone and run one at a time per socket (see `RequestLane`).
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
  get_conversations: 'user_conversations',
} as const;

type AnswerType = (typeof ANSWER_OF)[keyof typeof ANSWER_OF];

/** An outbound event the hub answers. */
export type HubRequest = Extract<OutboundEvent, { readonly type: keyof typeof ANSWER_OF }>;

/** The event answering request `R`. */
export type AnswerTo<R extends HubRequest> = HubEventOfType<(typeof ANSWER_OF)[R['type']]>;

export interface Correlation {
  readonly key: string;
  /** The event type that answers the request. */
  readonly answer: AnswerType;
}

const ANSWER_TYPES: ReadonlySet<string> = new Set(Object.values(ANSWER_OF));
const NO_KEYS: readonly string[] = [];

const isLaned = (type: string): boolean =>
  type === 'conversation_start_success' || type === 'user_conversations';

const keyOf = (
  answer: string,
  conversationId: string | undefined,
  messageId?: string,
  userId?: string,
): string => [answer, conversationId, messageId, userId].join('\u0000');

/** The key and answer type of a request; `undefined` for events the hub does not answer. */
export function correlationOf(event: OutboundEvent): Correlation | undefined {
  const answer: AnswerType | undefined = ANSWER_OF[event.type as HubRequest['type']];
  if (!answer) return undefined;
  const ids = event.payload as { conversationId?: string; messageId?: string; userId?: string };
  const key = isLaned(answer) ? answer : keyOf(answer, ids.conversationId, ids.messageId, ids.userId);
  return { key, answer };
}

/** The keys an inbound event answers, most specific first; empty for events that answer nothing. */
export function answerKeysOf(event: HubEvent): readonly string[] {
  const { type, conversationId } = event;
  if (!ANSWER_TYPES.has(type)) return NO_KEYS;
  if (isLaned(type)) return [type];
  const keys: string[] = [];
  if (conversationId !== undefined) {
    const messageId = event.type === 'message_edited_success' ? event.payload.messageId : undefined;
    keys.push(keyOf(type, conversationId, messageId));
  }
  if (event.type === 'delete_conversation_success' && event.payload.userId !== undefined) {
    keys.push(keyOf(type, undefined, undefined, event.payload.userId));
  }
  return keys;
}

/** A request waiting for its answer, as the registry sees it. */
export interface PendingEntry {
  readonly key: string;
  /** A `general_error` for this conversation fails the request. */
  readonly conversationId: string | undefined;
  answer(event: HubEvent): void;
  fail(error: HubError): void;
}

/** Where an entry waits: its answer key, and the key a `general_error` for its conversation meets. */
const slotsOf = (entry: PendingEntry): readonly string[] =>
  entry.conversationId === undefined
    ? [entry.key]
    : [entry.key, keyOf('general_error', entry.conversationId)];

/**
 * The requests awaiting answers, indexed by key so that settling costs one map lookup per
 * inbound event, whatever the number of conversations or requests.
 */
export class PendingRequests {
  readonly #waiting = new Map<string, Set<PendingEntry>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(entry: PendingEntry): void {
    this.#size++;
    for (const slot of slotsOf(entry)) {
      const entries = this.#waiting.get(slot);
      if (entries) entries.add(entry);
      else this.#waiting.set(slot, new Set([entry]));
    }
  }

  /** Idempotent: removing an entry no longer waiting does nothing. */
  remove(entry: PendingEntry): void {
    for (const slot of slotsOf(entry)) {
      const entries = this.#waiting.get(slot);
      if (!entries?.delete(entry)) return;
      if (slot === entry.key) this.#size--;
      if (entries.size === 0) this.#waiting.delete(slot);
    }
  }

  /** Answers or fails the request `event` settles; `true` when it settled one. */
  settle(event: HubEvent): boolean {
    if (event.type === 'general_error') {
      const { conversationId, payload } = event;
      if (payload.messageLink !== undefined || conversationId === undefined) return false;
      const entry = this.#take(keyOf('general_error', conversationId));
      entry?.fail(new HubResponseError(payload.errorCode, payload.errorDesc, conversationId));
      return entry !== undefined;
    }
    for (const key of answerKeysOf(event)) {
      const entry = this.#take(key);
      if (!entry) continue;
      entry.answer(event);
      return true;
    }
    return false;
  }

  /** Removes and returns the oldest entry waiting in `slot`. */
  #take(slot: string): PendingEntry | undefined {
    const entry: PendingEntry | undefined = this.#waiting.get(slot)?.values().next().value;
    if (entry) this.remove(entry);
    return entry;
  }
}
