import { correlationOf, type HubRequest, lanesOf } from '../../lib/request/correlation.js';
import type { RequestState } from '../../lib/request/push.js';
import { type InFlight, linkAwaiter, settlementOf } from '../../lib/request/settlement.js';
import { decodeWireEvent } from '../../lib/protocol/decode.js';
import type { HubEvent } from '../../lib/protocol/inbound.js';
import type { WireObject } from '../../lib/protocol/wire.js';

const event = (eventType: string, payload: WireObject): HubEvent =>
  decodeWireEvent({ event_type: eventType, event_payload: payload });

const START: HubRequest = { type: 'conversation_start', payload: { userId: 'alice' } };
const LIST: HubRequest = { type: 'get_user_conversations', payload: { userId: 'dave' } };
const LIST_V2: HubRequest = { type: 'get_user_conversations_v2', payload: { userId: 'dave', filter: {} } };
const META = (conversationId: string): HubRequest => ({
  type: 'metadata_request',
  payload: { conversationId },
});
const SET_META: HubRequest = {
  type: 'metadata',
  payload: { metadata: {}, clientMsgId: 'm', conversationId: 'c1' },
};
const TRANSCRIPT: HubRequest = { type: 'conversation_transcript_request', payload: { conversationId: 'c1' } };
const EDIT: HubRequest = {
  type: 'edit_message',
  payload: { clientMsgId: 'x', conversationId: 'c1', messageId: 'm1', content: { type: 'text', text: 'a' } },
};
const DELETE_ONE: HubRequest = { type: 'delete_conversation', payload: { conversationId: 'c1' } };
const DELETE_ALL: HubRequest = { type: 'delete_conversation', payload: { userId: 'u' } };

const STARTED = event('conversation_start_success', { conversation_id: 'bob-1' });
const LISTED = event('user_conversations', { conversations: [] });
const METADATA = (id: string) => event('conversation_metadata', { conversation_id: id, content: {} });
const ERROR_C1 = event('general_error', { conversation_id: 'c1', error_code: 400, error_desc: 'bad' });
const LARGE_C1 = event('general_error', {
  conversation_id: 'c1',
  error_code: 413,
  error_desc: 'big',
  message_link: 'https://x',
});
const HUB_ERROR = event('general_error', { error_code: 500, error_desc: 'boom' });
const EDITED = (messageId: string) =>
  event('message_edited_success', { conversation_id: 'c1', message_id: messageId });
const DELETED_ONE = event('delete_conversation_success', { conversation_id: 'c1', userId: 'u' });
const DELETED_ALL = event('delete_conversation_success', { userId: 'u' });
const BOT = event('bot_message', { conversation_id: 'c1', content: [] });

/** A request at the head of its lane: `written` on socket 1, or `state` (`owedBy` unset when queued). */
function head(request: HubRequest, state: RequestState = 'written'): InFlight & { name: string } {
  return {
    name: request.type,
    correlation: correlationOf(request),
    state,
    owedBy: state === 'queued' ? undefined : 1,
  };
}

function lanesWith(...heads: (InFlight & { name: string })[]): Map<string, (InFlight & { name: string })[]> {
  const lanes = new Map<string, (InFlight & { name: string })[]>();
  for (const h of heads) lanes.set(h.correlation.lane, [...(lanes.get(h.correlation.lane) ?? []), h]);
  return lanes;
}

/** [case, heads of the lanes, inbound event, expected: the head settled and how, or undefined]. */
const TABLE: readonly [string, (InFlight & { name: string })[], HubEvent, [string, string] | undefined][] = [
  [
    'a start is answered by conversation_start_success',
    [head(START)],
    STARTED,
    ['conversation_start', 'answered'],
  ],
  ['a start still queued has no answer coming', [head(START, 'queued')], STARTED, undefined],
  [
    'a timed-out start swallows its late answer',
    [head(START, 'timed-out')],
    STARTED,
    ['conversation_start', 'swallowed'],
  ],
  [
    'a cancelled start swallows its late answer',
    [head(START, 'cancelled')],
    STARTED,
    ['conversation_start', 'swallowed'],
  ],
  ['a list is answered by user_conversations', [head(LIST)], LISTED, ['get_user_conversations', 'answered']],
  ['a v2 list likewise', [head(LIST_V2)], LISTED, ['get_user_conversations_v2', 'answered']],
  [
    'a timed-out list swallows its late answer',
    [head(LIST, 'timed-out')],
    LISTED,
    ['get_user_conversations', 'swallowed'],
  ],
  ['a list answer never settles a start', [head(START)], LISTED, undefined],
  ['a start answer never settles a list', [head(LIST)], STARTED, undefined],
  [
    'metadata of c1 answers the c1 request',
    [head(META('c1')), head(META('c2'))],
    METADATA('c1'),
    ['metadata_request', 'answered'],
  ],
  ['metadata of c3 answers nobody', [head(META('c1'))], METADATA('c3'), undefined],
  ['a transcript request is not answered by metadata', [head(TRANSCRIPT)], METADATA('c1'), undefined],
  [
    'set metadata is answered by metadata_update_success',
    [head(SET_META)],
    event('metadata_update_success', { conversation_id: 'c1' }),
    ['metadata', 'answered'],
  ],
  ['an edit is answered for its own message', [head(EDIT)], EDITED('m1'), ['edit_message', 'answered']],
  ['an edit is not answered for another message', [head(EDIT)], EDITED('m2'), undefined],
  [
    'a general_error naming c1 fails the c1 request',
    [head(META('c1'))],
    ERROR_C1,
    ['metadata_request', 'failed'],
  ],
  [
    'a general_error naming c1 is swallowed by a timed-out c1 request',
    [head(META('c1'), 'timed-out')],
    ERROR_C1,
    ['metadata_request', 'swallowed'],
  ],
  ['a large bot reply answers no metadata request', [head(META('c1'))], LARGE_C1, undefined],
  ['a large bot reply answers no edit', [head(EDIT)], LARGE_C1, undefined],
  // Only the link's body tells a large transcript from a large bot reply: the conversation fetches it.
  ['a 413 + link settles no transcript request (its body will)', [head(TRANSCRIPT)], LARGE_C1, undefined],
  ['a queued transcript request has no 413 coming', [head(TRANSCRIPT, 'queued')], LARGE_C1, undefined],
  [
    'a timed-out transcript request leaves its 413 to be read',
    [head(TRANSCRIPT, 'timed-out')],
    LARGE_C1,
    undefined,
  ],
  [
    'a 413 + link naming another conversation leaves the transcript request alone',
    [head(TRANSCRIPT)],
    event('general_error', {
      conversation_id: 'c2',
      error_code: 413,
      error_desc: 'big',
      message_link: 'https://x',
    }),
    undefined,
  ],
  [
    'a general_error without conversation answers nothing',
    [head(START), head(META('c1'))],
    HUB_ERROR,
    undefined,
  ],
  [
    'a delete by conversation is answered first',
    [head(DELETE_ALL), head(DELETE_ONE)],
    DELETED_ONE,
    ['delete_conversation', 'answered'],
  ],
  [
    'a delete-all is answered by its user',
    [head(DELETE_ALL)],
    DELETED_ALL,
    ['delete_conversation', 'answered'],
  ],
  [
    'a delete-all of another user is not',
    [head(DELETE_ALL)],
    event('delete_conversation_success', { userId: 'v' }),
    undefined,
  ],
  ['a bot message answers nothing', [head(META('c1'))], BOT, undefined],
  [
    'a request whose socket died has no answer coming',
    [{ ...head(START), owedBy: undefined }],
    STARTED,
    undefined,
  ],
];

describe('settlementOf (event, lanes) → settlement', () => {
  it.each(TABLE)('%s', (_name, heads, inbound, expected) => {
    const settlement = settlementOf(inbound, lanesWith(...heads));
    expect(settlement && [settlement.request.name, settlement.outcome]).toEqual(expected);
  });

  it('looks only at the head of a lane: the requests behind it are not on the wire', () => {
    const first = head(START, 'timed-out');
    const behind = head(START);
    const lanes = new Map([[first.correlation.lane, [first, behind]]]);
    expect(settlementOf(STARTED, lanes)).toEqual({ request: first, outcome: 'swallowed' });
  });
});

describe('linkAwaiter (a message_link of c1 could not be read)', () => {
  it.each([
    ['a written transcript request of c1 is the one it may have answered', [head(TRANSCRIPT)], true],
    ['a queued one has no answer coming', [head(TRANSCRIPT, 'queued')], false],
    ['a timed-out one has told its caller already', [head(TRANSCRIPT, 'timed-out')], false],
    ['a metadata request is never answered by a link', [head(META('c1'))], false],
    [
      'nor another conversation’s transcript request',
      [head({ ...TRANSCRIPT, payload: { conversationId: 'c2' } })],
      false,
    ],
  ])('%s', (_name, heads, found) => {
    expect(linkAwaiter('c1', lanesWith(...heads)) !== undefined).toBe(found);
  });

  it('a transcript read from a link answers the transcript request like any transcript', () => {
    const transcript = event('conversation_transcript', { conversation_id: 'c1', transcript: [] });
    const settlement = settlementOf(transcript, lanesWith(head(TRANSCRIPT)));
    expect(settlement && [settlement.request.name, settlement.outcome]).toEqual([
      'conversation_transcript_request',
      'answered',
    ]);
  });
});

describe('correlationOf', () => {
  it('puts every start in one lane, every list in another, and per-conversation requests in their conversation', () => {
    const lane = (request: HubRequest) => correlationOf(request).lane;
    expect(lane({ type: 'conversation_start', payload: { userId: 'bob' } })).toBe(lane(START));
    expect(lane(LIST)).toBe(lane(LIST_V2));
    expect(
      new Set([lane(META('c1')), lane(SET_META), lane(TRANSCRIPT), lane(EDIT), lane(DELETE_ONE)]).size,
    ).toBe(1);
    expect(
      new Set([lane(START), lane(LIST), lane(META('c1')), lane(META('c2')), lane(DELETE_ALL)]).size,
    ).toBe(5);
    // A conversation id can never name a fixed lane.
    expect(lane(META('\u0000start'))).not.toBe(lane(START));
  });

  it('re-sends only what is safe to send twice', () => {
    expect(correlationOf(START).resendable).toBe(false);
    expect(correlationOf(DELETE_ONE).resendable).toBe(false);
    expect(correlationOf(META('c1')).resendable).toBe(true);
    expect(correlationOf(LIST).resendable).toBe(true);
  });

  it('finds no lane in events that answer nothing', () => {
    expect(lanesOf(BOT)).toEqual([]);
    expect(lanesOf(HUB_ERROR)).toEqual([]);
  });

  it('gives a large reply naming a conversation that conversation’s lane', () => {
    expect(lanesOf(LARGE_C1)).toEqual(['cc1']);
  });
});
