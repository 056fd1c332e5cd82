import type { WireObject } from '../protocol/wire.js';
import type { ConversationRecord, TranscriptEntry } from './conversation-store.js';
import type { TranscriptShape } from './options.js';

const CHANNEL_NAME = 'socket';
const CHATBOT_NAME = 'Emulator bot';

/**
 * The `conversation_transcript` payload in either documented form (docs/protocol/README.md §3, and the two
 * example frames): `transcript` groups entries under event ids, `messages` nests bot/agent entries.
 */
export function transcriptPayload(conversation: ConversationRecord, shape: TranscriptShape): WireObject {
  const entries = conversation.transcript;
  if (shape === 'messages') {
    return {
      conversation_id: conversation.id,
      messages: entries.map((e) => messagesEntry(conversation.id, e)),
    };
  }
  return { conversation_id: conversation.id, transcript: entries.map(transcriptEntry) };
}

function transcriptEntry(entry: TranscriptEntry): WireObject {
  const from = entry.from === 'bot' ? 'chatbot' : entry.from === 'agent' ? 'livechat' : 'user';
  return {
    event_id: entry.eventId,
    messages: [
      {
        from,
        chatbotName: CHATBOT_NAME,
        channelName: CHANNEL_NAME,
        actions: entry.actions,
        files: entry.files,
        messages: entry.parts,
        ...(entry.messageId === undefined ? {} : { message_id: entry.messageId }),
        ...(entry.edited ? { edited: true } : {}),
      },
    ],
  };
}

function messagesEntry(conversationId: string, entry: TranscriptEntry): WireObject {
  const common = { channelName: CHANNEL_NAME, chatbotName: CHATBOT_NAME };
  if (entry.from === 'user') {
    return {
      from: 'user',
      messages: entry.parts,
      ...(entry.files.length > 0 ? { files: entry.files } : {}),
      ...(entry.actions.length > 0 ? { actions: entry.actions } : {}),
      ...(entry.edited ? { edited: true } : {}),
      ...common,
    };
  }
  return {
    from: entry.from === 'bot' ? 'bot' : 'agent',
    messages: { idChat: conversationId, messages: entry.parts, actions: entry.actions },
    actions: entry.actions,
    ...common,
  };
}
