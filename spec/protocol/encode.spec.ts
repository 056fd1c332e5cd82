import fc from 'fast-check';
import { InvalidArgumentError, PayloadTooLargeError } from '../../lib/errors';
import { encodeEvent } from '../../lib/protocol/encode';
import { HUB_LIMITS } from '../../lib/protocol/limits';
import type { OutboundEvent } from '../../lib/protocol/outbound';
import { utf8ByteLength } from '../../lib/protocol/utf8';

const message = (text: string): OutboundEvent => ({
  type: 'user_message',
  payload: { clientMsgId: 'm', conversationId: 'c', content: { type: 'text', text } },
});
const overhead = utf8ByteLength(encodeEvent(message('')));

function refusal(run: () => unknown): PayloadTooLargeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    return error as PayloadTooLargeError;
  }
  throw new Error('expected PAYLOAD_TOO_LARGE');
}

describe('encodeEvent: size limit', () => {
  const limit = 1000;

  it('accepts a frame of exactly maxBytes and refuses one byte more', () => {
    expect(utf8ByteLength(encodeEvent(message('a'.repeat(limit - overhead)), { maxBytes: limit }))).toBe(
      limit,
    );
    const error = refusal(() => encodeEvent(message('a'.repeat(limit - overhead + 1)), { maxBytes: limit }));
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', bytes: limit + 1, limitBytes: limit });
  });

  it.each([
    ['€ (3 bytes)', '€', 3],
    ['é (2 bytes)', 'é', 2],
    ['😀 (4 bytes, a surrogate pair)', '😀', 4],
  ])('counts %s in bytes, not characters', (_label, char, size) => {
    const room = limit - overhead;
    const fill = char.repeat(Math.floor(room / size)) + 'a'.repeat(room % size);
    expect(utf8ByteLength(encodeEvent(message(fill), { maxBytes: limit }))).toBe(limit);
    const error = refusal(() => encodeEvent(message(`${fill}a`), { maxBytes: limit }));
    expect(error.bytes).toBe(limit + 1);
    // The same number of UTF-16 units in ASCII fits: only bytes matter.
    expect(() => encodeEvent(message('a'.repeat(fill.length + 1)), { maxBytes: limit })).not.toThrow();
  });

  it('defaults to HUB_LIMITS.maxMessageBytes', () => {
    const max = HUB_LIMITS.maxMessageBytes;
    expect(() => encodeEvent(message('x'.repeat(max - overhead)))).not.toThrow();
    expect(refusal(() => encodeEvent(message('x'.repeat(max - overhead + 1)))).limitBytes).toBe(max);
  });
});

describe('utf8ByteLength', () => {
  it('equals TextEncoder for any UTF-16 string, lone surrogates included', () => {
    const encoder = new TextEncoder();
    const units = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    });
    fc.assert(
      fc.property(fc.oneof(units, fc.string({ unit: 'binary' })), (text) => {
        expect(utf8ByteLength(text)).toBe(encoder.encode(text).byteLength);
      }),
      { numRuns: 500 },
    );
  });

  it('handles the edges', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('\u007f\u0080\u07ff\u0800\uffff')).toBe(1 + 2 + 2 + 3 + 3);
    expect(utf8ByteLength('\ud83d')).toBe(3);
    expect(utf8ByteLength('\ude00\ud83d')).toBe(6);
  });
});

describe('encodeEvent: shapes and bad input', () => {
  it('leaves out absent optional fields and escapes text', () => {
    const text = encodeEvent({
      type: 'metadata',
      payload: { metadata: { q: 'a"b\n' }, clientMsgId: 'm', conversationId: 'c' },
    });
    expect(text).toBe(
      '{"action":"sendMessage","event":{"event_type":"metadata","event_payload":' +
        '{"metadata":{"q":"a\\"b\\n"},"client_msg_id":"m","conversation_id":"c"}}}',
    );
  });

  it('writes files content in the hub order and omits text when absent', () => {
    const text = encodeEvent({
      type: 'user_message',
      payload: {
        clientMsgId: 'm',
        conversationId: 'c',
        content: { files: [{ filename: 'a.txt', type: 'text/plain', textContent: 'hi' }] },
      },
    });
    expect(text).toContain(
      '"content":{"files":[{"type":"text/plain","filename":"a.txt","textContent":"hi"}]}',
    );
  });

  it.each([
    ['an unknown type', { type: 'shout', payload: {} }],
    ['a null payload', { type: 'metadata_request', payload: null }],
    ['a cycle', { type: 'metadata', payload: { metadata: cyclic(), clientMsgId: 'm', conversationId: 'c' } }],
    ['a BigInt', { type: 'conversation_start', payload: { userData: { n: BigInt(1) } } }],
  ])('refuses %s with INVALID_ARGUMENT', (_label, event) => {
    expect(() => encodeEvent(event as unknown as OutboundEvent)).toThrow(InvalidArgumentError);
  });
});

function cyclic(): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  object.self = object;
  return object;
}
