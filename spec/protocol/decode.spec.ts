import { runInNewContext } from 'node:vm';
import { HubProtocolError } from '../../lib/errors';
import { decodeFrame } from '../../lib/protocol/decode';
import { decodeAs, frame } from './decode-helpers';

function protocolError(data: unknown): HubProtocolError {
  const result = decodeFrame(data);
  expect(result).toBeInstanceOf(HubProtocolError);
  const error = result as HubProtocolError;
  expect(error.code).toBe('MALFORMED_FRAME');
  return error;
}

describe('decodeFrame: frames that are not hub events', () => {
  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['truncated JSON', '{"event_type":"bot_message"', /not JSON/],
    ['a JSON array', '[1,2]', /not a JSON object/],
    ['a JSON string', '"bot_message"', /not a JSON object/],
    ['null', 'null', /not a JSON object/],
    ['no event type', '{"event_payload":{}}', /no string event_type/],
    ['a numeric event type', '{"event_type":7}', /no string event_type/],
    [
      'a wrapped event without type',
      '{"action":"receiveMessage","event":{"event_id":"x"}}',
      /no string event_type/,
    ],
    ['an empty frame', '', /not JSON/],
  ])('%s → MALFORMED_FRAME', (_label, text, message) => {
    const error = protocolError(text);
    expect(error.message).toMatch(message);
    expect(error.excerpt).toBe(text);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a plain object', { event_type: 'bot_message' }],
    ['an array of strings', ['{"event_type":"x"}']],
  ])('refuses unsupported data: %s', (_label, data) => {
    expect(protocolError(data).message).toMatch(/Unsupported frame data/);
  });

  it('refuses exotic objects without throwing (revoked or throwing proxies)', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const throwing = new Proxy([], {
      get: () => {
        throw new Error('trap');
      },
    });
    expect(protocolError(revocable.proxy).message).toMatch(/Unsupported frame data/);
    expect(protocolError(throwing).message).toMatch(/Unsupported frame data/);
  });

  it('refuses a binary frame that is not valid UTF-8', () => {
    const bytes = Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect(protocolError(bytes).message).toMatch(/not valid UTF-8/);
  });

  it('keeps at most 200 characters of a long bad frame', () => {
    const text = `{"event_type": 1, "padding": "${'x'.repeat(100_000)}"}`;
    const error = protocolError(text);
    expect(error.excerpt.length).toBeLessThanOrEqual(200);
    expect(text.startsWith(error.excerpt.slice(0, -1))).toBe(true);
    expect(error.message.length).toBeLessThan(200);
    const binary = protocolError(Uint8Array.from({ length: 5000 }, () => 0xff));
    expect(binary.excerpt.length).toBeLessThanOrEqual(200);
  });
});

describe('decodeFrame: input data', () => {
  const text = frame('socket_connected', { socket_id: 's-1' });

  it('decodes UTF-8 binary frames (a proxy may send binary) including multibyte text', () => {
    const bytes = new TextEncoder().encode(
      frame('livechat_message', { content: [{ type: 'text', text: 'héllo €😀' }] }),
    );
    expect(decodeAs('livechat_message', bytes as unknown as string).payload.content).toEqual([
      { type: 'text', text: 'héllo €😀' },
    ]);
  });

  it('decodes a DataView and a Buffer slice of a larger pool', () => {
    const pool = Buffer.from(`xxxx${text}yyyy`);
    const slice = pool.subarray(4, 4 + Buffer.byteLength(text));
    expect(decodeFrame(slice)).toMatchObject({ type: 'socket_connected', payload: { socketId: 's-1' } });
    const view = new DataView(pool.buffer, pool.byteOffset + 4, Buffer.byteLength(text));
    expect(decodeFrame(view)).toMatchObject({ type: 'socket_connected' });
  });

  it('decodes views from another realm (ArrayBuffer.isView is realm-independent)', () => {
    const foreign = runInNewContext('new Uint8Array(bytes)', { bytes: [...Buffer.from(text)] }) as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(decodeFrame(foreign)).toMatchObject({ type: 'socket_connected' });
  });

  it('refuses a foreign ArrayBuffer and ws Buffer[] fragments as unsupported data, without throwing', () => {
    const context = { bytes: [...Buffer.from(text)] };
    const foreignBuffer = runInNewContext('new Uint8Array(bytes).buffer', context) as ArrayBuffer;
    expect(foreignBuffer instanceof ArrayBuffer).toBe(false);
    const bytes = Buffer.from(text);
    for (const data of [foreignBuffer, [bytes.subarray(0, 9), bytes.subarray(9)], [bytes]]) {
      const error = protocolError(data);
      expect(error.message).toBe('Unsupported frame data (object)');
      expect(error.excerpt).toBe('object');
    }
  });
});

describe('decodeFrame: envelopes and ids', () => {
  it('lifts conversation_id, keeps raw as the parsed inner event', () => {
    const event = decodeAs(
      'metadata_update_success',
      frame('metadata_update_success', { conversation_id: 'c-1' }),
    );
    expect(event.conversationId).toBe('c-1');
    expect(event.eventId).toBe('e-1');
    expect(event.raw).toEqual({
      event_type: 'metadata_update_success',
      event_id: 'e-1',
      event_payload: { conversation_id: 'c-1' },
    });
  });

  it('accepts the wrapped envelope whatever its action, and prefers a top-level event_type', () => {
    const inner = { event_type: 'socket_connected', event_payload: { socket_id: 'a' } };
    expect(decodeFrame(JSON.stringify({ action: 'other', event: inner }))).toMatchObject({
      payload: { socketId: 'a' },
    });
    const both = { event_type: 'metadata_update_success', event: inner };
    expect(decodeFrame(JSON.stringify(both))).toMatchObject({ type: 'metadata_update_success' });
  });

  it('tolerates a missing or wrong-typed payload and ids', () => {
    const event = decodeAs('bot_message', JSON.stringify({ event_type: 'bot_message', event_id: 5 }));
    expect(event.eventId).toBeUndefined();
    expect(event.payload).toEqual({ chMsgId: undefined, bot: {}, content: [] });
    const arrayPayload = decodeAs('action', JSON.stringify({ event_type: 'action', event_payload: [1] }));
    expect(arrayPayload.payload.actions).toEqual([]);
    expect(decodeAs('socket_connected', frame('socket_connected', 'x')).payload.socketId).toBe('');
  });

  it('treats conversation_start_success without a conversation id as unknown (not usable as an answer)', () => {
    const event = decodeAs('unknown', frame('conversation_start_success', {}));
    expect(event.eventType).toBe('conversation_start_success');
  });

  it('keeps unknown event types with their wire payload', () => {
    const payload = { conversation_id: 'c', nested: { a: [1] } };
    const event = decodeAs('unknown', frame('brand_new_event', payload));
    expect(event).toMatchObject({ eventType: 'brand_new_event', conversationId: 'c', payload });
    expect(event.payload).toBe((event.raw as { event_payload: unknown }).event_payload);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'treats the event type %s as unknown (no prototype lookup)',
    (type) => {
      expect(decodeAs('unknown', frame(type, { a: 1 })).eventType).toBe(type);
    },
  );
});

describe('decodeFrame: general_error', () => {
  it.each([
    [400, 400],
    ['400', 400],
    ['E_BAD', 'E_BAD'],
    ['4e2', '4e2'],
    [undefined, ''],
  ])('error_code %p → %p', (wire, model) => {
    const event = decodeAs('general_error', frame('general_error', { error_code: wire, error_desc: 'd' }));
    expect(event.payload).toStrictEqual({ errorCode: model, errorDesc: 'd' });
  });

  it('unwraps the nested form, taking the outer event id first', () => {
    const nested = {
      event_type: 'general_error',
      event_id: 'inner',
      event_payload: { error_code: '413', error_desc: 'big', message_link: 'https://x' },
    };
    const event = decodeAs('general_error', frame('conversation_update', nested));
    expect(event.eventId).toBe('e-1');
    expect(event.payload).toEqual({ errorCode: 413, errorDesc: 'big', messageLink: 'https://x' });
    expect(event.raw.event_type).toBe('conversation_update');
  });

  it('nested form without inner payload still decodes', () => {
    const event = decodeAs('general_error', frame('conversation_update', { event_type: 'general_error' }));
    expect(event.payload).toEqual({ errorCode: '', errorDesc: '' });
  });
});
