import { InvalidArgumentError, PayloadTooLargeError } from '../errors.js';
import { HUB_LIMITS } from './limits.js';
import type { OutboundEvent } from './outbound.js';
import type { UserMessageContent } from './parts.js';
import { utf8ByteLength } from './utf8.js';
import { OUTBOUND_ROUTE, type WireObject } from './wire.js';

/** Options of {@link encodeEvent}. */
export interface EncodeOptions {
  /**
   * Largest frame, in UTF-8 bytes, the caller may send.
   * @default HUB_LIMITS.maxMessageBytes (128 KiB)
   */
  readonly maxBytes?: number;
}

/**
 * Encodes a client → hub event as the exact wire text (`{"action":"sendMessage","event":…}`,
 * snake_case, keys in the hub's documented order; absent optional fields are left out).
 *
 * @throws PayloadTooLargeError (`PAYLOAD_TOO_LARGE`) when the UTF-8 text exceeds `maxBytes`.
 * @throws InvalidArgumentError (`INVALID_ARGUMENT`) for an event that is not in the model or
 *   cannot be serialised (a cycle, a BigInt).
 * @example
 * socket.send(encodeEvent({ type: 'metadata_request', payload: { conversationId } }));
 */
export function encodeEvent(event: OutboundEvent, options?: EncodeOptions): string {
  const maxBytes = options?.maxBytes ?? HUB_LIMITS.maxMessageBytes;
  let text: string;
  try {
    const frame = {
      action: OUTBOUND_ROUTE,
      event: { event_type: event.type, event_payload: wirePayload(event) },
    };
    text = JSON.stringify(frame);
  } catch (error) {
    // Only reachable from untyped callers: a null payload, a cycle, a BigInt, an unknown type.
    if (error instanceof InvalidArgumentError) throw error;
    throw new InvalidArgumentError(`Cannot encode ${String(event?.type)}: ${String(error)}`);
  }
  // A UTF-16 unit never takes more than 3 UTF-8 bytes: short frames need no byte count.
  if (text.length * 3 > maxBytes) {
    const bytes = utf8ByteLength(text);
    if (bytes > maxBytes) throw new PayloadTooLargeError(bytes, maxBytes);
  }
  return text;
}

/**
 * The wire `event_payload` of a model event. Objects are built field by field, so the key order
 * is the hub's and `undefined` fields vanish in `JSON.stringify`.
 */
function wirePayload(event: OutboundEvent): WireObject {
  switch (event.type) {
    case 'conversation_start': {
      const { userId, userBasicInfo, userData, metadata } = event.payload;
      return { userId, userBasicInfo, userData, metadata };
    }
    case 'user_message': {
      const p = event.payload;
      return message(p.clientMsgId, p.conversationId, undefined, p.content);
    }
    case 'edit_message': {
      const p = event.payload;
      return message(p.clientMsgId, p.conversationId, p.messageId, p.content);
    }
    case 'metadata': {
      const p = event.payload;
      return {
        metadata: p.metadata,
        target: p.target,
        client_msg_id: p.clientMsgId,
        conversation_id: p.conversationId,
      };
    }
    case 'metadata_request':
    case 'conversation_transcript_request':
      return { conversation_id: event.payload.conversationId };
    case 'action': {
      const p = event.payload;
      return { type: p.type ?? 'normal', id: p.id, data: p.data ?? {}, conversation_id: p.conversationId };
    }
    case 'get_user_conversations':
    case 'get_user_conversations_v2':
    case 'get_conversations': {
      const { userId, filter, search, pagination } = event.payload;
      const page = pagination && { page: pagination.page, limit: pagination.limit };
      return { userId, filter, search, pagination: page };
    }
    case 'delete_conversation': {
      const p = event.payload as { conversationId?: string; userId?: string };
      return { conversation_id: p.conversationId, userId: p.userId };
    }
    default:
      throw new InvalidArgumentError(
        `Unknown outbound event type: ${String((event as { type: unknown }).type)}`,
      );
  }
}

function message(
  clientMsgId: string,
  conversationId: string,
  messageId: string | undefined,
  content: UserMessageContent,
): WireObject {
  return {
    type: 'message_create',
    client_msg_id: clientMsgId,
    conversation_id: conversationId,
    message_id: messageId,
    content: wireContent(content),
  };
}

function wireContent(content: UserMessageContent): WireObject {
  if (!('files' in content)) return { type: 'text', text: content.text };
  return {
    text: content.text,
    files: content.files.map((file) => ({
      url: file.url,
      type: file.type,
      filename: file.filename,
      textContent: file.textContent,
    })),
  };
}
