import fc from 'fast-check';
import { decodeClientFrame } from '../../lib/protocol/decode-client';
import { encodeEvent } from '../../lib/protocol/encode';
import type { OutboundEvent } from '../../lib/protocol/outbound';
import type { UserMessageContent } from '../../lib/protocol/parts';

const str = fc.string();
// JSON has no -0; free-form objects are taken as JSON can carry them.
const object = fc
  .dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 })
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
const optional = { requiredKeys: [] as never[] };

const content: fc.Arbitrary<UserMessageContent> = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text: fc.string({ unit: 'binary' }) }),
  fc.record(
    {
      text: str,
      files: fc.array(
        fc.record(
          { url: str, type: str, filename: str, textContent: str },
          { requiredKeys: ['type', 'filename'] },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ['files'] },
  ),
);

const pageValue = fc.oneof(fc.integer(), str);

/** One arbitrary per OutboundEvent variant. */
const outbound: fc.Arbitrary<OutboundEvent> = fc.oneof(
  fc.record({
    type: fc.constant('conversation_start' as const),
    payload: fc.record(
      {
        userId: str,
        userBasicInfo: fc.record({ firstName: str, lastName: str, email: str }, optional),
        userData: object,
        metadata: object,
      },
      optional,
    ),
  }),
  fc.record({
    type: fc.constant('user_message' as const),
    payload: fc.record({ clientMsgId: fc.uuid(), conversationId: str, content }),
  }),
  fc.record({
    type: fc.constant('edit_message' as const),
    payload: fc.record({ clientMsgId: fc.uuid(), conversationId: str, messageId: str, content }),
  }),
  fc.record({
    type: fc.constant('metadata' as const),
    payload: fc.record(
      {
        metadata: object,
        target: fc.constantFrom('default' as const, 'bot' as const, 'live' as const, 'bot_live' as const),
        clientMsgId: fc.uuid(),
        conversationId: str,
      },
      { requiredKeys: ['metadata', 'clientMsgId', 'conversationId'] },
    ),
  }),
  fc.record({
    type: fc.constantFrom('metadata_request' as const, 'conversation_transcript_request' as const),
    payload: fc.record({ conversationId: str }),
  }),
  fc.record({
    type: fc.constant('action' as const),
    payload: fc.record(
      { type: str, id: str, data: object, conversationId: str },
      { requiredKeys: ['id', 'conversationId'] },
    ),
  }),
  fc.record({
    type: fc.constantFrom(
      'get_user_conversations' as const,
      'get_user_conversations_v2' as const,
      'get_conversations' as const,
    ),
    payload: fc.record(
      {
        userId: str,
        filter: object,
        search: object,
        pagination: fc.record({ page: pageValue, limit: pageValue }),
      },
      { requiredKeys: ['userId'] },
    ),
  }),
  fc.record({
    type: fc.constant('delete_conversation' as const),
    payload: fc.oneof(fc.record({ conversationId: str }), fc.record({ userId: str })),
  }),
);

/** The model with the defaults the encoder writes (action `type` and `data`). */
function withDefaults(event: OutboundEvent): OutboundEvent {
  if (event.type !== 'action') return event;
  return { ...event, payload: { type: 'normal', data: {}, ...event.payload } };
}

describe('encodeEvent → decodeClientFrame', () => {
  it('keeps every outbound event intact', () => {
    fc.assert(
      fc.property(outbound, (event) => {
        const text = encodeEvent(event, { maxBytes: Number.MAX_SAFE_INTEGER });
        const decoded = decodeClientFrame(text);
        expect(decoded).toEqual(withDefaults(event));
        expect(encodeEvent(decoded as OutboundEvent, { maxBytes: Number.MAX_SAFE_INTEGER })).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('also from binary data', () => {
    fc.assert(
      fc.property(outbound, (event) => {
        const text = encodeEvent(event, { maxBytes: Number.MAX_SAFE_INTEGER });
        expect(decodeClientFrame(new TextEncoder().encode(text))).toEqual(decodeClientFrame(text));
      }),
      { numRuns: 200 },
    );
  });
});
