import fc from 'fast-check';
import { HubProtocolError } from '../../lib/errors';
import { decodeFrame } from '../../lib/protocol/decode';
import type { HubEvent } from '../../lib/protocol/inbound';
import { MODELLED_TYPES } from './decode-helpers';

const PART_TYPES = ['text', 'buttons', 'cards', 'files', 'unknown'];
const RUNS = { numRuns: 300 };

/** Never throws; a valid-looking result has the model's invariants. */
function checkDecodes(data: unknown): HubEvent | HubProtocolError {
  const result = decodeFrame(data);
  if (result instanceof HubProtocolError) {
    expect(result.code).toBe('MALFORMED_FRAME');
    expect(result.excerpt.length).toBeLessThanOrEqual(200);
    return result;
  }
  expect([...MODELLED_TYPES, 'unknown']).toContain(result.type);
  expect(['string', 'undefined']).toContain(typeof result.eventId);
  expect(['string', 'undefined']).toContain(typeof result.conversationId);
  expect(typeof result.payload).toBe('object');
  expect(typeof result.raw.event_type).toBe('string');
  if (result.type === 'bot_message' || result.type === 'livechat_message') {
    for (const part of result.payload.content) expect(PART_TYPES).toContain(part.type);
  }
  if (result.type === 'conversation_transcript') {
    for (const entry of result.payload.entries) {
      expect(['user', 'bot', 'agent']).toContain(entry.from);
      for (const part of entry.parts) expect(PART_TYPES).toContain(part.type);
      for (const action of entry.actions) expect(typeof action.id).toBe('string');
    }
  }
  if (result.type === 'action')
    for (const action of result.payload.actions) expect(typeof action.id).toBe('string');
  if (result.type === 'general_error')
    expect(['number', 'string']).toContain(typeof result.payload.errorCode);
  return result;
}

/** JSON built from the field names the decoders read, so the normalisers see near-valid shapes. */
const FIELD = fc.constantFrom(
  ...[
    'type',
    'text',
    'buttons',
    'button',
    'options',
    'label',
    'value',
    'title',
    'cards',
    'items',
    'files',
    'url',
  ],
  ...['id', 'data', 'action', 'actions', 'from', 'messages', 'idChat', 'event_id', 'transcript', 'content'],
  ...['conversation_id', 'conversations', 'metadata', 'pagination', 'page', 'error_code', 'event_type'],
  ...['event_payload', 'socket_id', 'message_link', 'userId', 'filename', 'mimetype', '__proto__'],
);
const { soup } = fc.letrec((tie) => ({
  soup: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constantFrom(
      ...MODELLED_TYPES,
      ...PART_TYPES,
      'button',
      'chatbot',
      'agent ',
      'livechat',
      'general_error',
      '400',
    ),
    fc.array(tie('soup'), { maxLength: 4 }),
    fc.dictionary(FIELD, tie('soup'), { maxKeys: 6 }),
  ),
}));

const wireEvent = fc.record(
  {
    event_type: fc.constantFrom(...MODELLED_TYPES, 'typing_indicator'),
    event_id: fc.oneof(fc.string(), fc.jsonValue()),
    event_payload: fc.oneof(soup, fc.jsonValue(), fc.anything()),
    accepts_response_payload: fc.boolean(),
  },
  { requiredKeys: ['event_type'] },
);

describe('decodeFrame never throws', () => {
  it('for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => void checkDecodes(text)),
      RUNS,
    );
  });

  it('for any bytes, as Uint8Array, ArrayBuffer or (unsupported) ws fragments', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        checkDecodes(bytes);
        checkDecodes(bytes.slice().buffer);
        const fragments = [Buffer.from(bytes.subarray(0, cut)), Buffer.from(bytes.subarray(cut))];
        expect(checkDecodes(fragments)).toBeInstanceOf(HubProtocolError);
      }),
      RUNS,
    );
  });

  it('for any JSON value (non-objects are MALFORMED_FRAME)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = checkDecodes(JSON.stringify(value));
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        if (!isObject) expect(result).toBeInstanceOf(HubProtocolError);
      }),
      RUNS,
    );
  });

  it('for events of every known type with random payloads, in both envelopes', () => {
    fc.assert(
      fc.property(wireEvent, fc.boolean(), (event, wrapped) => {
        const frame = wrapped ? { action: 'receiveMessage', event } : event;
        const result = checkDecodes(JSON.stringify(frame));
        expect(result).not.toBeInstanceOf(HubProtocolError);
      }),
      { numRuns: 1000 },
    );
  });

  it('for a nested general_error with a random inner payload', () => {
    fc.assert(
      fc.property(soup, (inner) => {
        const text = JSON.stringify({
          event_type: 'conversation_update',
          event_payload: { event_type: 'general_error', event_payload: inner },
        });
        expect(checkDecodes(text)).toMatchObject({ type: 'general_error' });
      }),
      RUNS,
    );
  });
});
