import { normaliseActions, normaliseParts } from './decode-parts.js';
import type { TranscriptAuthor, TranscriptEntry } from './inbound.js';
import { asString, isWireObject, objectsIn, withStrings } from './json.js';
import type { WireObject } from './wire.js';

/**
 * The entries of a `conversation_transcript`, from either of the hub's two forms:
 * `transcript: [{ event_id, messages: [entry] }]` or `messages: [entry]`.
 */
export function normaliseTranscript(payload: WireObject): readonly TranscriptEntry[] {
  // The flat form is one delivery without an event id.
  const deliveries = Array.isArray(payload.transcript)
    ? objectsIn(payload.transcript)
    : [{ messages: payload.messages }];
  return deliveries.flatMap((delivery) =>
    objectsIn(delivery.messages).map((entry) => normaliseEntry(entry, asString(delivery.event_id))),
  );
}

/** `eventId` is the delivery's; when it has none, the entry's own `event_id` (a default parameter) counts. */
function normaliseEntry(entry: WireObject, eventId = asString(entry.event_id)): TranscriptEntry {
  // A bot entry's `messages` may be `{ idChat, messages: [parts], actions }` instead of the parts.
  const nested = isWireObject(entry.messages) && 'messages' in entry.messages ? entry.messages : undefined;
  // The entry's own actions win unless empty or absent; then the nested ones, if any.
  const hasOwnActions = Array.isArray(entry.actions) && entry.actions.length > 0;
  const messageId = asString(entry.message_id) ?? asString(entry.id);
  const result = {
    from: author(entry.from),
    parts: normaliseParts(nested ? nested.messages : entry.messages),
    actions: normaliseActions(hasOwnActions ? entry.actions : nested?.actions),
    files: objectsIn(entry.files),
    ...(eventId !== undefined && { eventId }),
    ...(messageId !== undefined && { messageId }),
  };
  return withStrings(result, entry, ['channelName', 'chatbotName', 'livechatName']);
}

/**
 * Seen on the wire: `chatbot` for the bot, `livechat` and `agent ` (trailing space) for agents.
 * Anything else counts as the automated side, `bot`; the event's `raw` keeps the original.
 */
function author(from: unknown): TranscriptAuthor {
  const name = asString(from)?.trim().toLowerCase();
  return name === 'user' ? 'user' : name === 'agent' || name === 'livechat' ? 'agent' : 'bot';
}
