import { normaliseActions, normaliseParts } from './decode-parts.js';
import type { TranscriptAuthor, TranscriptEntry } from './inbound.js';
import { asString, isWireObject, objectsIn, ownEntry } from './json.js';
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
      for (const entry of objectsIn(delivery.messages)) entries.push(normaliseEntry(entry, eventId));
    }
  } else {
    for (const entry of objectsIn(payload.messages)) entries.push(normaliseEntry(entry, undefined));
  }
  return entries;
}

// Seen on the wire: `chatbot` for the bot, `livechat` and `agent ` (trailing space) for agents.
const AUTHORS: { readonly [from: string]: TranscriptAuthor } = {
  user: 'user',
  bot: 'bot',
  chatbot: 'bot',
  livechat: 'agent',
  agent: 'agent',
};

type MutableEntry = { -readonly [K in keyof TranscriptEntry]: TranscriptEntry[K] };

function normaliseEntry(entry: WireObject, deliveryEventId: string | undefined): TranscriptEntry {
  // A bot entry's `messages` may be `{ idChat, messages: [parts], actions }` instead of the parts.
  const nested = isWireObject(entry.messages) && 'messages' in entry.messages ? entry.messages : undefined;
  const ownActions = Array.isArray(entry.actions) && entry.actions.length > 0 ? entry.actions : undefined;
  const result: MutableEntry = {
    // Unknown authors count as the automated side (`bot`); `raw` of the event keeps the original.
    from: (typeof entry.from === 'string' && ownEntry(AUTHORS, entry.from.trim().toLowerCase())) || 'bot',
    parts: normaliseParts(nested ? nested.messages : entry.messages),
    actions: normaliseActions(ownActions ?? nested?.actions ?? entry.actions),
    files: objectsIn(entry.files),
  };
  const eventId = deliveryEventId ?? asString(entry.event_id);
  if (eventId !== undefined) result.eventId = eventId;
  if (typeof entry.channelName === 'string') result.channelName = entry.channelName;
  if (typeof entry.chatbotName === 'string') result.chatbotName = entry.chatbotName;
  if (typeof entry.livechatName === 'string') result.livechatName = entry.livechatName;
  return result;
}
