import { HubResponseError } from '../../lib/errors.js';
import {
  answerKeysOf,
  correlationOf,
  type PendingEntry,
  PendingRequests,
} from '../../lib/hub/pending-requests.js';
import { decodeWireEvent } from '../../lib/protocol/decode.js';
import type { HubEvent } from '../../lib/protocol/inbound.js';
import type { OutboundEvent } from '../../lib/protocol/outbound.js';
import type { WireObject } from '../../lib/protocol/wire.js';

const event = (eventType: string, payload: WireObject): HubEvent =>
  decodeWireEvent({ event_type: eventType, event_payload: payload });

/** Each request and the answer that must settle it (and only it). */
const PAIRS: readonly [OutboundEvent, HubEvent][] = [
  [
    { type: 'conversation_start', payload: {} },
    event('conversation_start_success', { conversation_id: 'c1' }),
  ],
  [
    { type: 'metadata', payload: { metadata: {}, clientMsgId: 'm', conversationId: 'c1' } },
    event('metadata_update_success', { conversation_id: 'c1' }),
  ],
  [
    { type: 'metadata_request', payload: { conversationId: 'c1' } },
    event('conversation_metadata', { conversation_id: 'c1', content: {} }),
  ],
  [
    { type: 'conversation_transcript_request', payload: { conversationId: 'c1' } },
    event('conversation_transcript', { conversation_id: 'c1', messages: [] }),
  ],
  [
    {
      type: 'edit_message',
      payload: {
        clientMsgId: 'x',
        conversationId: 'c1',
        messageId: 'm1',
        content: { type: 'text', text: 'a' },
      },
    },
    event('message_edited_success', { conversation_id: 'c1', message_id: 'm1' }),
  ],
  [
    { type: 'delete_conversation', payload: { conversationId: 'c1' } },
    event('delete_conversation_success', { conversation_id: 'c1', userId: 'u' }),
  ],
  [
    { type: 'delete_conversation', payload: { userId: 'u' } },
    event('delete_conversation_success', { userId: 'u' }),
  ],
  [
    { type: 'get_user_conversations', payload: { userId: 'u' } },
    event('user_conversations', { conversations: [] }),
  ],
  [
    { type: 'get_user_conversations_v2', payload: { userId: 'u', filter: {} } },
    event('user_conversations', { conversations: [] }),
  ],
];

function entry(request: OutboundEvent, log: string[], name: string = request.type): PendingEntry {
  const correlation = correlationOf(request);
  if (!correlation) throw new Error('no correlation');
  const payload = request.payload;
  return {
    key: correlation.key,
    conversationId: 'conversationId' in payload ? payload.conversationId : undefined,
    answer: (answer) => log.push(`${name} <- ${answer.type}`),
    fail: (error) => log.push(`${name} !! ${error.code}`),
  };
}

describe('correlation rule', () => {
  it.each(PAIRS.map(([request, answer]) => [request.type, request, answer] as const))(
    '%s is answered by its answer type, keyed alike',
    (_type, request, answer) => {
      const correlation = correlationOf(request);
      expect(correlation?.answer).toBe(answer.type);
      expect(answerKeysOf(answer)).toContain(correlation?.key);
    },
  );

  it('never matches an answer to a request of another conversation, message or user', () => {
    const keys = (e: HubEvent) => answerKeysOf(e);
    const metadataFor = (id: string) =>
      correlationOf({ type: 'metadata_request', payload: { conversationId: id } })?.key;
    expect(keys(event('conversation_metadata', { conversation_id: 'c2', content: {} }))).not.toContain(
      metadataFor('c1'),
    );
    const edit = correlationOf({
      type: 'edit_message',
      payload: {
        clientMsgId: 'x',
        conversationId: 'c1',
        messageId: 'm1',
        content: { type: 'text', text: '' },
      },
    });
    expect(keys(event('message_edited_success', { conversation_id: 'c1', message_id: 'm2' }))).not.toContain(
      edit?.key,
    );
    const deleteUser = correlationOf({ type: 'delete_conversation', payload: { userId: 'u1' } });
    expect(keys(event('delete_conversation_success', { userId: 'u2' }))).not.toContain(deleteUser?.key);
  });

  it('has no rule for events the hub does not answer', () => {
    expect(correlationOf({ type: 'action', payload: { id: 'a', conversationId: 'c1' } })).toBeUndefined();
    expect(
      correlationOf({
        type: 'user_message',
        payload: { clientMsgId: 'x', conversationId: 'c1', content: { type: 'text', text: 'a' } },
      }),
    ).toBeUndefined();
    expect(answerKeysOf(event('bot_message', { conversation_id: 'c1', content: [] }))).toEqual([]);
  });
});

describe('PendingRequests', () => {
  it('answers requests sharing a key first in, first out', () => {
    const log: string[] = [];
    const pending = new PendingRequests();
    const request: OutboundEvent = { type: 'metadata_request', payload: { conversationId: 'c1' } };
    pending.add(entry(request, log, 'first'));
    pending.add(entry(request, log, 'second'));
    const answer = event('conversation_metadata', { conversation_id: 'c1', content: {} });
    expect(pending.settle(answer)).toBe(true);
    expect(pending.settle(answer)).toBe(true);
    expect(pending.settle(answer)).toBe(false);
    expect(log).toEqual(['first <- conversation_metadata', 'second <- conversation_metadata']);
  });

  it('fails the oldest request of the conversation a general_error names, with the hub code and text', () => {
    const failures: unknown[] = [];
    const pending = new PendingRequests();
    const make = (conversationId: string, name: string): PendingEntry => ({
      ...entry({ type: 'metadata_request', payload: { conversationId } }, []),
      fail: (error) => failures.push([name, error]),
    });
    pending.add(make('c2', 'other'));
    pending.add(make('c1', 'oldest'));
    pending.add(make('c1', 'newer'));
    expect(
      pending.settle(
        event('general_error', {
          conversation_id: 'c1',
          error_code: 400,
          error_desc: 'Invalid conversation_id',
        }),
      ),
    ).toBe(true);
    expect(failures).toHaveLength(1);
    const [name, error] = failures[0] as [string, HubResponseError];
    expect(name).toBe('oldest');
    expect(error).toBeInstanceOf(HubResponseError);
    expect(error).toMatchObject({
      code: 'HUB_ERROR',
      hubCode: 400,
      hubDescription: 'Invalid conversation_id',
      conversationId: 'c1',
    });
    // The failed request waits no more; the other two still do.
    const metadata = (id: string) => event('conversation_metadata', { conversation_id: id, content: {} });
    expect([metadata('c1'), metadata('c2'), metadata('c1')].map((answer) => pending.settle(answer))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('does not treat a large reply (413 with message_link) or an error without conversation as an answer', () => {
    const log: string[] = [];
    const pending = new PendingRequests();
    pending.add(entry({ type: 'metadata_request', payload: { conversationId: 'c1' } }, log));
    const large = event('general_error', {
      conversation_id: 'c1',
      error_code: 413,
      error_desc: 'big',
      message_link: 'https://x',
    });
    expect(pending.settle(large)).toBe(false);
    expect(pending.settle(event('general_error', { error_code: 500, error_desc: 'boom' }))).toBe(false);
    expect(log).toEqual([]);
  });

  it('settles a single delete by conversation before a delete-all of the same user', () => {
    const log: string[] = [];
    const pending = new PendingRequests();
    pending.add(entry({ type: 'delete_conversation', payload: { userId: 'u' } }, log, 'all'));
    pending.add(entry({ type: 'delete_conversation', payload: { conversationId: 'c1' } }, log, 'one'));
    pending.settle(event('delete_conversation_success', { conversation_id: 'c1', userId: 'u' }));
    pending.settle(event('delete_conversation_success', { userId: 'u' }));
    expect(log).toEqual(['one <- delete_conversation_success', 'all <- delete_conversation_success']);
  });
});
