import type { WireObject } from '../protocol/wire.js';
import type { EmulatorConnection } from './connection.js';
import type { ConversationRecord } from './conversation-store.js';
import { userConversationsPayload } from './conversation-query.js';
import type { HubCore } from './hub-core.js';
import { isObject, objectField, safeClone, safeMerge, stringField } from './safe-object.js';
import { transcriptPayload } from './transcript.js';

/** The ledger entry of the event being handled; a start fills in the conversation it created. */
export interface HandledEntry {
  conversationId: string | undefined;
}

export type Handler = (
  hub: HubCore,
  connection: EmulatorConnection,
  payload: WireObject,
  entry: HandledEntry,
) => void;

/**
 * The conversation an event names, re-bound to the socket that sent it (a reconnected client carries on
 * with its conversation_id on a new socket; the most recent sender gets the answers). Unknown or
 * deleted → `general_error` 400 on the sending socket, as the hub answers.
 */
function conversationOf(
  hub: HubCore,
  connection: EmulatorConnection,
  payload: WireObject,
): ConversationRecord | undefined {
  const id = stringField(payload, 'conversation_id');
  const conversation = hub.conversations.get(id);
  if (!conversation) {
    hub.invalidConversation(connection, id);
    return undefined;
  }
  conversation.boundConnectionId = connection.id;
  return conversation;
}

function clonedObject(payload: WireObject, key: string): WireObject {
  return (safeClone(objectField(payload, key)) as WireObject | undefined) ?? {};
}

const conversationStart: Handler = (hub, connection, payload, entry) => {
  const userId = stringField(payload, 'userId') || undefined;
  const metadataKey = objectField(payload, 'metadata') ? 'metadata' : 'userMetadata';
  const conversation = hub.conversations.create({
    userId,
    userBasicInfo: clonedObject(payload, 'userBasicInfo'),
    userData: clonedObject(payload, 'userData'),
    metadata: clonedObject(payload, metadataKey),
    connectionId: connection.id,
  });
  entry.conversationId = conversation.id;
  hub.send(connection, 'conversation_start_success', { conversation_id: conversation.id });
  hub.runBot(conversation, {
    kind: 'conversation_start',
    userId,
    userBasicInfo: conversation.userBasicInfo,
    userData: conversation.userData,
    metadata: conversation.metadata,
  });
};

function textParts(content: WireObject): WireObject[] {
  const text = stringField(content, 'text');
  return text === undefined || text === '' ? [] : [{ type: 'text', text }];
}

function filesOf(content: WireObject): WireObject[] {
  const files = Object.hasOwn(content, 'files') ? content['files'] : undefined;
  return Array.isArray(files) ? (files.filter(isObject).map(safeClone) as WireObject[]) : [];
}

const userMessage: Handler = (hub, connection, payload) => {
  const conversation = conversationOf(hub, connection, payload);
  if (!conversation) return;
  const content = objectField(payload, 'content') ?? {};
  const clientMsgId = stringField(payload, 'client_msg_id');
  conversation.transcript.push({
    from: 'user',
    eventId: hub.nextEventId(),
    at: Date.now(),
    parts: textParts(content),
    actions: [],
    files: filesOf(content),
    ...(clientMsgId === undefined ? {} : { messageId: clientMsgId }),
  });
  hub.runBot(conversation, {
    kind: 'user_message',
    text: stringField(content, 'text') ?? '',
    content,
    clientMsgId,
  });
};

const metadata: Handler = (hub, connection, payload) => {
  const conversation = conversationOf(hub, connection, payload);
  if (!conversation) return;
  conversation.metadata = safeMerge(conversation.metadata, objectField(payload, 'metadata') ?? {});
  hub.send(connection, 'metadata_update_success', { conversation_id: conversation.id });
};

const metadataRequest: Handler = (hub, connection, payload) => {
  const conversation = conversationOf(hub, connection, payload);
  if (!conversation) return;
  hub.send(connection, 'conversation_metadata', {
    conversation_id: conversation.id,
    content: conversation.metadata,
  });
};

const action: Handler = (hub, connection, payload) => {
  const conversation = conversationOf(hub, connection, payload);
  if (!conversation) return;
  const id = stringField(payload, 'id');
  if (!id) {
    hub.ignore(connection.id, 'action without an id');
    return;
  }
  const actionType = stringField(payload, 'type') ?? 'normal';
  const data = clonedObject(payload, 'data');
  conversation.transcript.push({
    from: 'user',
    eventId: hub.nextEventId(),
    at: Date.now(),
    parts: [],
    actions: [{ type: actionType, id, data }],
    files: [],
  });
  hub.runBot(conversation, { kind: 'action', id, actionType, data });
};

const transcriptRequest: Handler = (hub, connection, payload) => {
  const conversation = conversationOf(hub, connection, payload);
  if (!conversation) return;
  hub.send(
    connection,
    'conversation_transcript',
    transcriptPayload(conversation, hub.settings.transcriptShape),
  );
};

function userConversations(paginated: boolean): Handler {
  return (hub, connection, payload) => {
    const userId = stringField(payload, 'userId');
    const owned = userId === undefined ? [] : hub.conversations.ofUser(userId);
    hub.send(connection, 'user_conversations', userConversationsPayload(owned, payload, paginated));
  };
}

const deleteConversation: Handler = (hub, connection, payload) => {
  const conversationId = stringField(payload, 'conversation_id');
  const userId = stringField(payload, 'userId');
  if (conversationId !== undefined || userId === undefined) {
    if (!hub.conversations.delete(conversationId ?? '')) {
      hub.invalidConversation(connection, conversationId);
      return;
    }
    hub.send(connection, 'delete_conversation_success', { conversation_id: conversationId });
    return;
  }
  for (const conversation of hub.conversations.ofUser(userId)) hub.conversations.delete(conversation.id);
  hub.send(connection, 'delete_conversation_success', { userId });
};

const editMessage: Handler = (hub, connection, payload) => {
  const conversation = conversationOf(hub, connection, payload);
  if (!conversation) return;
  const messageId = stringField(payload, 'message_id');
  const entry = conversation.transcript.find((e) => e.from === 'user' && e.messageId === messageId);
  if (!entry || messageId === undefined) {
    hub.send(connection, 'general_error', {
      conversation_id: conversation.id,
      error_code: 400,
      error_desc: 'Invalid message_id',
    });
    return;
  }
  entry.parts = textParts(objectField(payload, 'content') ?? {});
  entry.edited = true;
  hub.send(connection, 'message_edited_success', { conversation_id: conversation.id, message_id: messageId });
};

/** Client event types the hub acts on; anything else is logged and ignored (docs/protocol/README.md §3). */
export const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['conversation_start', conversationStart],
  ['user_message', userMessage],
  ['metadata', metadata],
  ['metadata_request', metadataRequest],
  ['action', action],
  ['conversation_transcript_request', transcriptRequest],
  ['get_user_conversations', userConversations(false)],
  ['get_user_conversations_v2', userConversations(true)],
  ['get_conversations', userConversations(false)],
  ['delete_conversation', deleteConversation],
  ['delete_user_conversations', deleteConversation],
  ['edit_message', editMessage],
]);
