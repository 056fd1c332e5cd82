import { type HubError, HubResponseError } from '../errors.js';
import type { HubEvent, HubEventType } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';

/**
 * THE correlation rule — the one place that decides which answer belongs to which request.
 *
 * The hub's answers carry no request id (protocol README §3), so a request and its answer meet
 * on a key built from what both carry:
 *
 * | request                          | answer                        | key                          |
 * |----------------------------------|-------------------------------|------------------------------|
 * | `conversation_start`             | `conversation_start_success`  | type only (one in flight per socket, see `RequestLane`) |
 * | `metadata`                       | `metadata_update_success`     | conversation id              |
 * | `metadata_request`               | `conversation_metadata`       | conversation id              |
 * | `conversation_transcript_request`| `conversation_transcript`     | conversation id              |
 * | `edit_message`                   | `message_edited_success`      | conversation id + message id |
 * | `delete_conversation` (one)      | `delete_conversation_success` | conversation id              |
 * | `delete_conversation` (userId)   | `delete_conversation_success` | userId                       |
 * | `get_user_conversations[_v2]`    | `user_conversations`          | type only (one in flight per socket) |
 *
 * Requests sharing a key are answered first in, first out — the hub answers a socket's frames
 * in order. A `general_error` naming a conversation fails the oldest request pending for that
 * conversation (an error is the answer to the earliest unanswered request); one with a
 * `message_link` is a large reply, never an error answer. Anything else answers nothing.
 */
export interface Correlation {
  readonly key: string;
  /** The event type that answers the request. */
  readonly answer: HubEventType;
}

const key = (...parts: readonly string[]): string => parts.join('\u0000');

/** The key and answer type of a request; `undefined` for events the hub does not answer. */
export function correlationOf(event: OutboundEvent): Correlation | undefined {
  switch (event.type) {
    case 'conversation_start':
      return { key: key('conversation_start_success'), answer: 'conversation_start_success' };
    case 'metadata':
      return keyed('metadata_update_success', event.payload.conversationId);
    case 'metadata_request':
      return keyed('conversation_metadata', event.payload.conversationId);
    case 'conversation_transcript_request':
      return keyed('conversation_transcript', event.payload.conversationId);
    case 'edit_message':
      return keyed('message_edited_success', event.payload.conversationId, event.payload.messageId);
    case 'delete_conversation':
      return 'conversationId' in event.payload
        ? keyed('delete_conversation_success', 'conversation', event.payload.conversationId)
        : keyed('delete_conversation_success', 'user', event.payload.userId);
    case 'get_user_conversations':
    case 'get_user_conversations_v2':
    case 'get_conversations':
      return { key: key('user_conversations'), answer: 'user_conversations' };
    default:
      return undefined;
  }
}

function keyed(answer: HubEventType, ...parts: readonly string[]): Correlation {
  return { key: key(answer, ...parts), answer };
}

/** The keys an inbound event answers, most specific first; empty for events that answer nothing. */
export function answerKeysOf(event: HubEvent): readonly string[] {
  const id = event.conversationId;
  switch (event.type) {
    case 'conversation_start_success':
    case 'user_conversations':
      return [key(event.type)];
    case 'metadata_update_success':
    case 'conversation_metadata':
    case 'conversation_transcript':
      return id === undefined ? [] : [key(event.type, id)];
    case 'message_edited_success':
      return id === undefined ? [] : [key(event.type, id, event.payload.messageId)];
    case 'delete_conversation_success': {
      const keys: string[] = [];
      if (id !== undefined) keys.push(key(event.type, 'conversation', id));
      if (event.payload.userId !== undefined) keys.push(key(event.type, 'user', event.payload.userId));
      return keys;
    }
    default:
      return [];
  }
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
 * The requests awaiting answers, indexed by key and by conversation so that settling costs one
 * map lookup per inbound event, whatever the number of conversations or requests.
 */
export class PendingRequests {
  private readonly byKey = new Map<string, Set<PendingEntry>>();
  private readonly byConversation = new Map<string, Set<PendingEntry>>();

  get size(): number {
    let size = 0;
    for (const entries of this.byKey.values()) size += entries.size;
    return size;
  }

  add(entry: PendingEntry): void {
    addTo(this.byKey, entry.key, entry);
    if (entry.conversationId !== undefined) addTo(this.byConversation, entry.conversationId, entry);
  }

  remove(entry: PendingEntry): void {
    removeFrom(this.byKey, entry.key, entry);
    if (entry.conversationId !== undefined) removeFrom(this.byConversation, entry.conversationId, entry);
  }

  /** Answers or fails the request `event` settles; `true` when it settled one. */
  settle(event: HubEvent): boolean {
    if (event.type === 'general_error') {
      if (event.payload.messageLink !== undefined || event.conversationId === undefined) return false;
      const entry = first(this.byConversation.get(event.conversationId));
      if (!entry) return false;
      this.remove(entry);
      const { errorCode, errorDesc } = event.payload;
      entry.fail(new HubResponseError(errorCode, errorDesc, event.conversationId));
      return true;
    }
    for (const answerKey of answerKeysOf(event)) {
      const entry = first(this.byKey.get(answerKey));
      if (!entry) continue;
      this.remove(entry);
      entry.answer(event);
      return true;
    }
    return false;
  }
}

function first(entries: Set<PendingEntry> | undefined): PendingEntry | undefined {
  return entries?.values().next().value;
}

function addTo(map: Map<string, Set<PendingEntry>>, mapKey: string, entry: PendingEntry): void {
  const entries = map.get(mapKey);
  if (entries) entries.add(entry);
  else map.set(mapKey, new Set([entry]));
}

function removeFrom(map: Map<string, Set<PendingEntry>>, mapKey: string, entry: PendingEntry): void {
  const entries = map.get(mapKey);
  if (!entries?.delete(entry)) return;
  if (entries.size === 0) map.delete(mapKey);
}
