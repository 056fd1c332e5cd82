import fc from 'fast-check';
import { HubProtocolError } from '../../lib/errors';
import { decodeClientFrame } from '../../lib/protocol/decode-client';

const send = (eventType: string, payload: unknown) =>
  JSON.stringify({ action: 'sendMessage', event: { event_type: eventType, event_payload: payload } });

function refused(data: unknown): string {
  const result = decodeClientFrame(data);
  expect(result).toBeInstanceOf(HubProtocolError);
  const error = result as HubProtocolError;
  expect(error.code).toBe('MALFORMED_FRAME');
  expect(error.excerpt.length).toBeLessThanOrEqual(200);
  return error.message;
}

describe('decodeClientFrame: refusals say what is wrong', () => {
  it.each([
    ['not JSON', '{', /not JSON/],
    ['not an object', '[]', /not a JSON object/],
    [
      'another route',
      JSON.stringify({ action: 'receiveMessage', event: { event_type: 'x' } }),
      /"action" must be "sendMessage"/,
    ],
    ['no event', JSON.stringify({ action: 'sendMessage' }), /event\.event_type/],
    ['an unknown type', send('shout', {}), /Unknown client event type "shout"/],
    ['a prototype key as type', send('constructor', {}), /Unknown client event type/],
    ['a payload that is not an object', send('metadata_request', 'c'), /"event_payload" must be an object/],
    [
      'a missing conversation_id',
      send('metadata_request', {}),
      /metadata_request: "conversation_id" must be a string/,
    ],
    [
      'a numeric client_msg_id',
      send('user_message', { client_msg_id: 1 }),
      /"client_msg_id" must be a string/,
    ],
    [
      'a bad metadata target',
      send('metadata', { metadata: {}, target: 'all', client_msg_id: 'm', conversation_id: 'c' }),
      /"target" must be default \| bot \| live \| bot_live/,
    ],
    [
      'text content of another type',
      send('user_message', {
        client_msg_id: 'm',
        conversation_id: 'c',
        content: { type: 'html', text: 'x' },
      }),
      /"content" must be/,
    ],
    [
      'a file without filename',
      send('user_message', { client_msg_id: 'm', conversation_id: 'c', content: { files: [{ type: 'a' }] } }),
      /content\.files\[0\]: "filename" must be a string/,
    ],
    ['delete without any id', send('delete_conversation', {}), /conversation_id/],
    [
      'pagination of booleans',
      send('get_user_conversations_v2', { userId: 'u', pagination: { page: true } }),
      /pagination\.page/,
    ],
    ['a userId that is a number', send('conversation_start', { userId: 7 }), /"userId" must be a string/],
  ])('%s', (_label, text, message) => {
    expect(refused(text)).toMatch(message);
  });

  it('refuses non-UTF-8 binary and unsupported data', () => {
    expect(refused(Uint8Array.from([0xc3]))).toMatch(/UTF-8/);
    expect(refused(12)).toMatch(/Unsupported/);
  });

  it('never throws for any string or JSON value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const result = decodeClientFrame(text);
          expect(result instanceof HubProtocolError || typeof result.type === 'string').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('decodeClientFrame: leniencies', () => {
  it('takes a missing event_payload as {} and userMetadata as metadata', () => {
    expect(decodeClientFrame('{"action":"sendMessage","event":{"event_type":"conversation_start"}}')).toEqual(
      {
        type: 'conversation_start',
        payload: {},
      },
    );
    expect(decodeClientFrame(send('conversation_start', { userMetadata: { a: 1 } }))).toEqual({
      type: 'conversation_start',
      payload: { metadata: { a: 1 } },
    });
  });

  it('reads text content without its type, and keeps both ids of a delete', () => {
    expect(
      decodeClientFrame(
        send('user_message', { client_msg_id: 'm', conversation_id: 'c', content: { text: 'hi' } }),
      ),
    ).toMatchObject({ payload: { content: { type: 'text', text: 'hi' } } });
    expect(decodeClientFrame(send('delete_conversation', { conversation_id: 'c', userId: 'u' }))).toEqual({
      type: 'delete_conversation',
      payload: { conversationId: 'c', userId: 'u' },
    });
  });
});
