import { randomBytes } from 'node:crypto';
import { INBOUND_ROUTE, OUTBOUND_ROUTE, type WireObject } from '../protocol/wire.js';
import { isObject, objectField, stringField } from './safe-object.js';

/** A client frame the gateway routes to the hub. */
export interface ClientEvent {
  readonly eventType: string;
  readonly payload: WireObject;
  /** Set only by the HTTP compatibility endpoint (`event.socket_id`). */
  readonly socketId?: string;
}

/** Why a client frame was ignored, for the log and the event feed. */
export interface RejectedFrame {
  readonly reason: string;
}

/**
 * Reads a client frame as the gateway does: JSON, `action: "sendMessage"`, an `event` object with a
 * string `event_type`. Anything else is rejected (the caller logs and ignores it). Never throws.
 */
export function parseClientFrame(text: string): ClientEvent | RejectedFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { reason: 'not JSON' };
  }
  if (!isObject(parsed)) return { reason: Array.isArray(parsed) ? 'a JSON array' : 'not a JSON object' };
  const action = stringField(parsed, 'action');
  if (action !== OUTBOUND_ROUTE) return { reason: `unknown route action ${JSON.stringify(action ?? null)}` };
  const event = objectField(parsed, 'event');
  if (!event) return { reason: 'no event object' };
  const eventType = stringField(event, 'event_type');
  if (!eventType) return { reason: 'no event_type' };
  const socketId = stringField(event, 'socket_id');
  const payload = objectField(event, 'event_payload') ?? {};
  return socketId === undefined ? { eventType, payload } : { eventType, payload, socketId };
}

export function isRejected(frame: ClientEvent | RejectedFrame): frame is RejectedFrame {
  return 'reason' in frame;
}

const WRAPPED_HEAD = `{"action":${JSON.stringify(INBOUND_ROUTE)},"event":{"event_type":`;

/**
 * Serialises one hub → client event in the given envelope: the same text as `JSON.stringify` of
 * `{event_type, event_id, event_payload, accepts_response_payload: false}` (wrapped in
 * `{action, event}`), built around one `JSON.stringify` of the payload (a hot path: one per frame).
 */
export function encodeHubFrame(
  wrapped: boolean,
  eventType: string,
  eventId: string,
  payload: WireObject,
): string {
  const event =
    `${JSON.stringify(eventType)},"event_id":${JSON.stringify(eventId)},` +
    `"event_payload":${JSON.stringify(payload)},"accepts_response_payload":false}`;
  return wrapped ? `${WRAPPED_HEAD}${event}}` : `{"event_type":${event}`;
}

/**
 * One unmasked, unfragmented WebSocket text frame (RFC 6455 §5.2) holding `text`, header and payload
 * in a single buffer: written with one `socket.write`, where `ws.send` corks and writes two chunks.
 */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN + text
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, header, 'utf8');
  return frame;
}

/**
 * Base64-looking event ids like the hub's (`Qk3x7GxOLPEFq2A=`): 11 bytes = a random per-emulator prefix
 * and a counter, so ids are unique without drawing entropy per frame.
 */
export function eventIdSource(): () => string {
  const bytes = Buffer.alloc(11);
  randomBytes(5).copy(bytes, 0);
  let counter = 0;
  return () => {
    counter += 1;
    bytes.writeUIntBE(counter % 0x1000000000000, 5, 6);
    return bytes.toString('base64');
  };
}
