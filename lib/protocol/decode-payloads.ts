import { normaliseActions, normaliseParts } from './decode-parts.js';
import type { ConversationSummary, HubEventOfType, HubEventType, Pagination } from './inbound.js';
import { EMPTY_OBJECT, asObject, asString, isString, isWireObject, objectsIn, withStrings } from './json.js';
import { normaliseTranscript } from './transcript.js';
import type { WireObject } from './wire.js';

/** Every event type this version models (all but `unknown`). */
export type KnownHubEventType = Exclude<HubEventType, 'unknown'>;

type PayloadDecoders = {
  readonly [T in KnownHubEventType]: (payload: WireObject) => HubEventOfType<T>['payload'];
};

/**
 * Wire payload (snake_case, untrusted) → model payload (camelCase), one function per event type.
 * Absent or wrong-typed fields fall back to empty values instead of failing the event; `raw`
 * keeps the original. `conversation_id` is not repeated here: the decoder lifts it to the event.
 */
const PAYLOAD_DECODERS: PayloadDecoders = {
  socket_connected: (p) => ({ socketId: asString(p.socket_id) ?? '' }),
  conversation_start_success: () => EMPTY_OBJECT,
  bot_message: (p) => ({
    chMsgId: asString(p.ch_msg_id),
    bot: asObject(p.bot),
    content: normaliseParts(p.content),
  }),
  livechat_message: (p) => ({ content: normaliseParts(p.content) }),
  action: (p) => ({ actions: normaliseActions(p.actions) }),
  conversation_metadata: (p) => ({ metadata: asObject(p.content) }),
  metadata_update_success: () => EMPTY_OBJECT,
  conversation_transcript: (p) => ({ entries: normaliseTranscript(p) }),
  user_conversations: decodeUserConversations,
  delete_conversation_success: (p) => withStrings({}, p, ['userId']),
  message_edited_success: (p) => ({ messageId: asString(p.message_id) ?? '' }),
  conversation_update: (p) => ({ type: asString(p.type) ?? '', data: asObject(p.data) }),
  general_error: (p) => ({
    errorCode: errorCode(p.error_code),
    errorDesc: asString(p.error_desc) ?? '',
    ...(isString(p.message_link) && { messageLink: p.message_link }),
  }),
};

/**
 * The same decoders by event type, for the hot path: a `Map` lookup by an untrusted string is
 * cheaper than an own-key check on an object, and `constructor` or `__proto__` simply miss.
 */
export const PAYLOAD_DECODER_BY_TYPE: ReadonlyMap<string, (payload: WireObject) => object> = new Map(
  Object.entries(PAYLOAD_DECODERS),
);

/** The hub sends `error_code` as a number or as a numeric string (`"400"`); both become numbers. */
function errorCode(value: unknown): number | string {
  if (typeof value === 'number') return value;
  if (!isString(value)) return '';
  return /^\d{1,15}$/.test(value) ? Number(value) : value;
}

function decodeUserConversations(p: WireObject): HubEventOfType<'user_conversations'>['payload'] {
  const conversations = objectsIn(p.conversations).flatMap((entry) => {
    // An entry without an id cannot be used; `raw` still holds it.
    if (!isString(entry.conversation_id)) return [];
    const summary = { conversationId: entry.conversation_id, metadata: asObject(entry.metadata) };
    return withStrings<ConversationSummary>(summary, entry, ['apiKey']);
  });
  return { conversations, ...(isWireObject(p.pagination) && { pagination: pagination(p.pagination) }) };
}

function pagination(p: WireObject): Pagination {
  return {
    hasNextPage: isTrue(p.hasNextPage),
    hasPrevPage: isTrue(p.hasPrevPage),
    page: count(p.page),
    pageSize: count(p.pageSize),
    total: count(p.total),
    totalPages: count(p.totalPages),
  };
}

/** Page flags may arrive as booleans or as `"true"` / `"false"`. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Page counters may arrive as numbers or numeric strings; anything else is 0 (as `Number('')` is). */
function count(value: unknown): number {
  const n = isString(value) ? Number(value) : value;
  return Number.isFinite(n) ? (n as number) : 0;
}
