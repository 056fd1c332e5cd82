import type { WireObject } from '../protocol/wire.js';
import type { EmulatorConnection } from './connection.js';
import { publicMetadata, type ConversationRecord } from './conversation-store.js';
import { requestedKeys, userConversationsPayload } from './conversation-query.js';
import type { HubCore } from './hub-core.js';
import { isObject, objectField, safeClone, safeMerge, stringField } from './safe-object.js';
import { transcriptPayload } from './transcript.js';

/** The ledger entry of the event being handled; a start fills in the conversation it created. */
export interface HandledEntry {
  conversationId: string | undefined;
}

/** Sends one answer to whoever asked. */
export type Answer = (eventType: string, payload: WireObject) => void;

/** The event being handled: who sent it, how, and where its answers go. */
export interface HandledRequest {
  readonly connection: EmulatorConnection;
  readonly via: 'socket' | 'http';
  readonly entry: HandledEntry;
  /**
   * Answers the sender: on its socket, or — for an event posted over HTTP — in the response body
   * ("direct response, no WebSocket", as the vendor's client reads it).
   */
  readonly answer: Answer;
}

export type Handler = (hub: HubCore, request: HandledRequest, payload: WireObject) => void;

/**
 * The conversation an event names, re-bound to the socket that sent it (a reconnected client carries on
 * with its conversation_id on a new socket; the most recent sender gets the answers). Unknown,
 * deleted or of another API key's channel → `general_error` 400 on the sending socket, as the hub
 * answers an unknown conversation (so another channel's ids are not even confirmed to exist).
 */
function conversationOf(
  hub: HubCore,
  request: HandledRequest,
  payload: WireObject,
): ConversationRecord | undefined {
  const id = stringField(payload, 'conversation_id');
  const conversation = hub.conversations.get(id);
  if (!conversation || !hub.inChannel(request.connection, conversation)) {
    hub.invalidConversation(request, id);
    return undefined;
  }
  conversation.boundConnectionId = request.connection.id;
  return conversation;
}

function clonedObject(payload: WireObject, key: string): WireObject {
  return (safeClone(objectField(payload, key)) as WireObject | undefined) ?? {};
}

const conversationStart: Handler = (hub, request, payload) => {
  const { connection } = request;
  const userId = stringField(payload, 'userId') || undefined;
  const metadataKey = objectField(payload, 'metadata') ? 'metadata' : 'userMetadata';
  const conversation = hub.conversations.create({
    userId,
    userBasicInfo: clonedObject(payload, 'userBasicInfo'),
    userData: clonedObject(payload, 'userData'),
    metadata: clonedObject(payload, metadataKey),
    connectionId: connection.id,
    apiKey: connection.apiKey,
  });
  request.entry.conversationId = conversation.id;
  const started = { conversation_id: conversation.id };
  // Posted over HTTP, the start is still confirmed on the socket: the vendor's client waits there.
  if (request.via === 'http') request.answer('conversation_start_success', started);
  hub.send(connection, 'conversation_start_success', started);
  hub.runBot(
    conversation,
    {
      kind: 'conversation_start',
      userId,
      userBasicInfo: conversation.userBasicInfo,
      userData: conversation.userData,
      metadata: conversation.metadata,
    },
    request.via,
  );
};

function textParts(content: WireObject): WireObject[] {
  const text = stringField(content, 'text');
  return text === undefined || text === '' ? [] : [{ type: 'text', text }];
}

function filesOf(content: WireObject): WireObject[] {
  const files = Object.hasOwn(content, 'files') ? content['files'] : undefined;
  return Array.isArray(files) ? (files.filter(isObject).map(safeClone) as WireObject[]) : [];
}

const userMessage: Handler = (hub, request, payload) => {
  const conversation = conversationOf(hub, request, payload);
  if (!conversation) return;
  const content = objectField(payload, 'content') ?? {};
  const clientMsgId = stringField(payload, 'client_msg_id');
  const parts = textParts(content);
  const files = filesOf(content);
  // An empty message (the vendor's bot-first start trigger) says nothing: kept out of the transcript.
  if (parts.length > 0 || files.length > 0) {
    conversation.transcript.push({
      from: 'user',
      eventId: hub.nextEventId(),
      at: hub.now(),
      parts,
      actions: [],
      files,
      ...(clientMsgId === undefined ? {} : { messageId: clientMsgId }),
    });
  }
  const text = stringField(content, 'text') ?? '';
  hub.runBot(conversation, { kind: 'user_message', text, content, clientMsgId }, request.via);
};

const metadata: Handler = (hub, request, payload) => {
  const conversation = conversationOf(hub, request, payload);
  if (!conversation) return;
  conversation.metadata = safeMerge(conversation.metadata, objectField(payload, 'metadata') ?? {});
  request.answer('metadata_update_success', { conversation_id: conversation.id });
};

/** The metadata as the client may see it: `metadata.private` is never returned. */
const metadataRequest: Handler = (hub, request, payload) => {
  const conversation = conversationOf(hub, request, payload);
  if (!conversation) return;
  request.answer('conversation_metadata', {
    conversation_id: conversation.id,
    content: publicMetadata(conversation.metadata),
  });
};

const action: Handler = (hub, request, payload) => {
  const conversation = conversationOf(hub, request, payload);
  if (!conversation) return;
  const id = stringField(payload, 'id');
  if (!id) {
    hub.ignore(request.connection.id, 'action without an id');
    return;
  }
  const actionType = stringField(payload, 'type') ?? 'normal';
  const data = clonedObject(payload, 'data');
  conversation.transcript.push({
    from: 'user',
    eventId: hub.nextEventId(),
    at: hub.now(),
    parts: [],
    actions: [{ type: actionType, id, data }],
    files: [],
  });
  hub.runBot(conversation, { kind: 'action', id, actionType, data }, request.via);
};

const transcriptRequest: Handler = (hub, request, payload) => {
  const conversation = conversationOf(hub, request, payload);
  if (!conversation) return;
  request.answer('conversation_transcript', transcriptPayload(conversation, hub.settings.transcriptShape));
};

function userConversations(paginated: boolean): Handler {
  return (hub, request, payload) => {
    const userId = stringField(payload, 'userId');
    const named = requestedKeys(payload);
    const owned = userId === undefined ? [] : hub.conversations.ofUser(userId);
    const visible = owned.filter((c) => hub.inChannel(request.connection, c, named));
    request.answer('user_conversations', userConversationsPayload(visible, payload, paginated));
  };
}

/** Deletes one conversation (by id) or all of a user's, only ever in the sender's channel. */
const deleteConversation: Handler = (hub, request, payload) => {
  const conversationId = stringField(payload, 'conversation_id');
  const userId = stringField(payload, 'userId');
  const mine = (c: ConversationRecord) => hub.inChannel(request.connection, c);
  if (conversationId !== undefined || userId === undefined) {
    const conversation = hub.conversations.get(conversationId);
    if (!conversation || !mine(conversation)) {
      hub.invalidConversation(request, conversationId);
      return;
    }
    hub.conversations.delete(conversation.id);
    request.answer('delete_conversation_success', { conversation_id: conversationId });
    return;
  }
  for (const conversation of hub.conversations.ofUser(userId).filter(mine)) {
    hub.conversations.delete(conversation.id);
  }
  request.answer('delete_conversation_success', { userId });
};

const editMessage: Handler = (hub, request, payload) => {
  const conversation = conversationOf(hub, request, payload);
  if (!conversation) return;
  const messageId = stringField(payload, 'message_id');
  const entry = conversation.transcript.find((e) => e.from === 'user' && e.messageId === messageId);
  if (!entry || messageId === undefined) {
    request.answer('general_error', {
      conversation_id: conversation.id,
      error_code: 400,
      error_desc: 'Invalid message_id',
    });
    return;
  }
  entry.parts = textParts(objectField(payload, 'content') ?? {});
  entry.edited = true;
  request.answer('message_edited_success', { conversation_id: conversation.id, message_id: messageId });
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
