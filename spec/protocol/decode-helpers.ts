import { HubProtocolError } from '../../lib/errors';
import { decodeFrame } from '../../lib/protocol/decode';
import type { HubEventOfType, HubEventType } from '../../lib/protocol/inbound';

/** Every modelled inbound event type, written out here independently of the codec's own table. */
export const MODELLED_TYPES = [
  'socket_connected',
  'conversation_start_success',
  'bot_message',
  'livechat_message',
  'action',
  'conversation_metadata',
  'metadata_update_success',
  'conversation_transcript',
  'user_conversations',
  'delete_conversation_success',
  'message_edited_success',
  'conversation_update',
  'general_error',
];

/** A plain-envelope hub frame with event id `e-1`. */
export const frame = (eventType: string, payload: unknown, extra: object = {}) =>
  JSON.stringify({ event_type: eventType, event_id: 'e-1', event_payload: payload, ...extra });

/** Decodes `text`, asserting the event type. */
export function decodeAs<T extends HubEventType>(type: T, text: string): HubEventOfType<T> {
  const event = decodeFrame(text);
  if (event instanceof HubProtocolError) throw event;
  expect(event.type).toBe(type);
  return event as HubEventOfType<T>;
}
