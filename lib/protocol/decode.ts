import { HubProtocolError } from '../errors.js';
import { PAYLOAD_DECODER_BY_TYPE } from './decode-payloads.js';
import { excerptOf, frameText } from './frame-text.js';
import type { HubEvent } from './inbound.js';
import { asObject, asString, isString, isWireObject } from './json.js';
import type { WireInboundEvent } from './wire.js';

/**
 * Decodes one hub → client WebSocket message into the normalised {@link HubEvent}.
 *
 * Never throws: a frame that is not a hub event comes back as a `HubProtocolError`
 * (code `MALFORMED_FRAME`, with an excerpt of at most 200 characters). Accepts both envelope
 * shapes, the nested `general_error`, and text or UTF-8 binary data (string, ArrayBuffer,
 * ArrayBuffer views such as Buffer/Uint8Array). Event types this version does not know arrive as
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
  if (!isString(text)) return text;
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    // Only `JSON.parse` can throw: the decoders read plain JSON values by fixed names.
    return new HubProtocolError('Frame is not JSON', excerptOf(text));
  }
  if (!isWireObject(frame)) return new HubProtocolError('Frame is not a JSON object', excerptOf(text));
  // Shape 2 wraps the event as `{ action: 'receiveMessage', event }`; the action is not checked.
  const event = isString(frame.event_type) ? frame : frame.event;
  if (isWireInboundEvent(event)) return decodeWireEvent(event);
  return new HubProtocolError('Frame has no string event_type', excerptOf(text));
}

function isWireInboundEvent(event: unknown): event is WireInboundEvent {
  return isWireObject(event) && isString(event.event_type);
}

/** The normalised event for one inner wire event; `raw` is `event` itself. */
export function decodeWireEvent(event: WireInboundEvent): HubEvent {
  let type = event.event_type;
  let payload = asObject(event.event_payload);
  let eventId = asString(event.event_id);
  // The manual also shows `general_error` nested in a `conversation_update` envelope.
  if (type === 'conversation_update' && payload.event_type === 'general_error') {
    type = 'general_error';
    eventId ??= asString(payload.event_id);
    payload = asObject(payload.event_payload);
  }
  const conversationId = asString(payload.conversation_id);
  const decodePayload = PAYLOAD_DECODER_BY_TYPE.get(type);
  // A start answer without a conversation id cannot be routed: delivered as unknown.
  return decodePayload && (type !== 'conversation_start_success' || conversationId !== undefined)
    ? ({ type, eventId, conversationId, payload: decodePayload(payload), raw: event } as HubEvent)
    : { type: 'unknown', eventType: event.event_type, eventId, conversationId, payload, raw: event };
}
