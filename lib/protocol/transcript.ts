import { normaliseActions, normaliseParts } from './decode-parts.js';
import type { TranscriptAuthor, TranscriptEntry } from './inbound.js';
import { EMPTY_ARRAY, asString, isWireObject } from './json.js';
import type { WireObject } from './wire.js';

/**
 * The entries of a `conversation_transcript`, from either of the hub's two forms:
 * `transcript: [{ event_id, messages: [entry] }]` or `messages: [entry]`.
 */
export function normaliseTranscript(payload: WireObject): readonly TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  if (Array.isArray(payload.transcript)) {
    for (const delivery of payload.transcript) {
      if (!isWireObject(delivery)) continue;
      const eventId = asString(delivery.event_id);
      for (const entry of asEntries(delivery.messages)) entries.push(normaliseEntry(entry, eventId));
    }
  } else {
    for (const entry of asEntries(payload.messages)) entries.push(normaliseEntry(entry, undefined));
  }
  return entries;
}

function asEntries(value: unknown): readonly WireObject[] {
  return Array.isArray(value) ? value.filter(isWireObject) : EMPTY_ARRAY;
}

// Seen on the wire: `chatbot` for the bot, `livechat` and `agent ` (trailing space) for agents.
const AUTHORS: ReadonlyMap<string, TranscriptAuthor> = new Map<string, TranscriptAuthor>([
  ['user', 'user'],
  ['bot', 'bot'],
  ['chatbot', 'bot'],
  ['livechat', 'agent'],
  ['agent', 'agent'],
]);

/** Unknown authors count as the automated side (`bot`); `raw` of the event keeps the original. */
function normaliseAuthor(from: unknown): TranscriptAuthor {
  return (typeof from === 'string' && AUTHORS.get(from.trim().toLowerCase())) || 'bot';
}

function normaliseEntry(entry: WireObject, deliveryEventId: string | undefined): TranscriptEntry {
  // A bot entry's `messages` may be `{ idChat, messages: [parts], actions }` instead of the parts.
  const nested = isWireObject(entry.messages) && 'messages' in entry.messages ? entry.messages : undefined;
  const ownActions = Array.isArray(entry.actions) && entry.actions.length > 0 ? entry.actions : undefined;
  const result: {
    -readonly [K in keyof TranscriptEntry]: TranscriptEntry[K];
  } = {
    from: normaliseAuthor(entry.from),
    parts: normaliseParts(nested ? nested.messages : entry.messages),
    actions: normaliseActions(ownActions ?? nested?.actions ?? entry.actions),
    files: asEntries(entry.files),
  };
  const eventId = deliveryEventId ?? asString(entry.event_id);
  if (eventId !== undefined) result.eventId = eventId;
  const channelName = asString(entry.channelName);
  if (channelName !== undefined) result.channelName = channelName;
  const chatbotName = asString(entry.chatbotName);
  if (chatbotName !== undefined) result.chatbotName = chatbotName;
  const livechatName = asString(entry.livechatName);
  if (livechatName !== undefined) result.livechatName = livechatName;
  return result;
}
