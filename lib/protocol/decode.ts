import { HubProtocolError } from '../errors.js';
import { PAYLOAD_DECODERS } from './decode-payloads.js';
import { excerptOf, frameText } from './frame-text.js';
import type { HubEvent } from './inbound.js';
import { EMPTY_OBJECT, asObject, asString, isWireObject, ownEntry } from './json.js';
import type { WireInboundEvent } from './wire.js';

/**
 * Decodes one hub → client WebSocket message into the normalised {@link HubEvent}.
 *
 * Never throws: a frame that is not a hub event comes back as a `HubProtocolError`
 * (code `MALFORMED_FRAME`, with an excerpt of at most 200 characters). Accepts both envelope
 * shapes, the nested `general_error`, and text or UTF-8 binary data (string, ArrayBuffer,
 * Buffer/Uint8Array, `Buffer[]` fragments). Event types this version does not know arrive as
 * `{ type: 'unknown', eventType, … }`. One `JSON.parse` per frame, no clone: `raw` is the
 * parsed wire event itself.
 *
 * @example
 * const event = decodeFrame(message.data);
 * if (event instanceof HubProtocolError) log.warn(event.message, { excerpt: event.excerpt });
 * else if (event.type === 'bot_message') render(event.payload.content);
 */
export function decodeFrame(data: unknown): HubEvent | HubProtocolError {
  const text = frameText(data);
  if (typeof text !== 'string') return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new HubProtocolError('Frame is not JSON', excerptOf(text));
  }
  try {
    const event = decodeWireFrame(parsed);
    if (event) return event;
    const reason = isWireObject(parsed) ? 'has no string event_type' : 'is not a JSON object';
    return new HubProtocolError(`Frame ${reason}`, excerptOf(text));
  } catch (error) {
    // Unreachable by design (the decoders read plain JSON only); kept so no frame can kill a stream.
    return new HubProtocolError(`Frame could not be decoded: ${String(error)}`, excerptOf(text));
  }
}

/**
 * Decodes an already parsed frame (either envelope). `undefined` when it is not a hub event:
 * not an object, or no string `event_type`.
 */
export function decodeWireFrame(frame: unknown): HubEvent | undefined {
  if (!isWireObject(frame)) return undefined;
  // Shape 2 wraps the event as `{ action: 'receiveMessage', event }`; the action is not checked.
  const event = typeof frame.event_type !== 'string' && isWireObject(frame.event) ? frame.event : frame;
  return isWireInboundEvent(event) ? decodeWireEvent(event) : undefined;
}

function isWireInboundEvent(event: unknown): event is WireInboundEvent {
  return isWireObject(event) && typeof event.event_type === 'string';
}

/** The normalised event for one inner wire event; `raw` is `event` itself. */
export function decodeWireEvent(event: WireInboundEvent): HubEvent {
  let type = event.event_type;
  let payload = asObject(event.event_payload) ?? EMPTY_OBJECT;
  let eventId = asString(event.event_id);
  // The manual also shows `general_error` nested in a `conversation_update` envelope.
  if (type === 'conversation_update' && payload.event_type === 'general_error') {
    type = 'general_error';
    eventId ??= asString(payload.event_id);
    payload = asObject(payload.event_payload) ?? EMPTY_OBJECT;
  }
  const conversationId = asString(payload.conversation_id);
  const decodePayload = ownEntry(PAYLOAD_DECODERS, type);
  if (
    decodePayload === undefined ||
    (type === 'conversation_start_success' && conversationId === undefined)
  ) {
    return { type: 'unknown', eventType: event.event_type, eventId, conversationId, payload, raw: event };
  }
  return { type, eventId, conversationId, payload: decodePayload(payload), raw: event } as HubEvent;
}
