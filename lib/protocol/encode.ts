import { InvalidArgumentError, PayloadTooLargeError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from './limits.js';
import type { OutboundEvent, OutboundEventType } from './outbound.js';
import type { UserMessageContent } from './parts.js';
import { utf8ByteLength } from './utf8.js';
import { OUTBOUND_ROUTE, type WireObject } from './wire.js';

/** Options of {@link encodeEvent}. */
export interface EncodeOptions {
  /**
   * Largest frame, in UTF-8 bytes, the caller may send.
   * @default HUB_LIMITS.maxMessageBytes (128 KiB)
   */
  readonly maxBytes?: number | undefined;
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
  const maxBytes = options?.maxBytes ?? MAX_MESSAGE_BYTES;
  let text: string;
  try {
    text = JSON.stringify({
      action: OUTBOUND_ROUTE,
      event: { event_type: event.type, event_payload: wirePayload(event) },
    });
  } catch (error) {
    // Only reachable from untyped callers: an unknown type, a null payload, a cycle, a BigInt.
    throw new InvalidArgumentError(`Cannot encode ${String(event?.type)}: ${String(error)}`);
  }
  // A UTF-16 unit never takes more than 3 UTF-8 bytes: short frames need no byte count.
  if (text.length * 3 > maxBytes) {
    const bytes = utf8ByteLength(text);
    if (bytes > maxBytes) throw new PayloadTooLargeError(bytes, maxBytes);
  }
  return text;
}

const LIST_KEYS = 'userId filter search pagination';

/**
 * The wire keys of each payload, in the hub's documented order. Each value is read from the
 * model key of the same name, camelCase (`client_msg_id` ← `clientMsgId`; `userId` is `userId`
 * on both sides), so no other field of the caller's object reaches the wire. A `Map`, as the
 * type may come from an untyped caller: `constructor` or `__proto__` simply miss.
 */
const WIRE_KEYS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    conversation_start: 'userId userBasicInfo userData metadata',
    user_message: 'type client_msg_id conversation_id content',
    edit_message: 'type client_msg_id conversation_id message_id content',
    metadata: 'metadata target client_msg_id conversation_id',
    metadata_request: 'conversation_id',
    conversation_transcript_request: 'conversation_id',
    action: 'type id data conversation_id',
    get_user_conversations: LIST_KEYS,
    get_user_conversations_v2: LIST_KEYS,
    get_conversations: LIST_KEYS,
    delete_conversation: 'conversation_id userId',
  } satisfies { readonly [T in OutboundEventType]: string }),
);

/**
 * The wire `event_payload` of a model event, built key by key: the key order is the hub's and
 * `undefined` fields vanish in `JSON.stringify`.
 */
function wirePayload({ type, payload }: OutboundEvent): WireObject {
  const keys = WIRE_KEYS.get(type);
  if (keys === undefined) throw new TypeError('unknown event type');
  const wire = pick(payload, keys);
  // The few fields that are not copied as they are. A user message's `type` is fixed.
  if (type === 'action') {
    wire.type ??= 'normal';
    wire.data ??= {};
  } else if ('type' in wire) {
    wire.type = 'message_create';
  }
  if ('content' in wire) wire.content = wireContent(wire.content as UserMessageContent);
  if (wire.pagination) wire.pagination = pick(wire.pagination, 'page limit');
  return wire;
}

/** The `keys` (wire names, space-separated, in wire order) of `model`, read by their model names. */
function pick(model: object, keys: string): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const key of keys.split(' ')) {
    wire[key] = (model as WireObject)[key.replace(/_./g, (match) => match[1]!.toUpperCase())];
  }
  return wire;
}

function wireContent(content: UserMessageContent): WireObject {
  if (!('files' in content)) return { type: 'text', text: content.text };
  return {
    text: content.text,
    files: content.files.map((file) => pick(file, 'url type filename textContent')),
  };
}
