import { Subscriber } from 'rxjs';
import { HubProtocolError, HubResponseError } from '../../lib/errors.js';
import { ConversationInbox } from '../../lib/conversation/inbox.js';
import type { HubEvent } from '../../lib/protocol/inbound.js';
import { fakeHub, record } from './support/fake-connection.js';

describe('routing', () => {
  it('routes by conversation id; other conversations never notice', () => {
    const { hub, connection } = fakeHub();
    const a = hub.conversation('a');
    const b = hub.conversation('b');
    const aEvents = record(a.events$);
    const bEvents = record(b.events$);
    connection.receive('bot_message', { conversation_id: 'a', content: [{ type: 'text', text: 'for a' }] });
    connection.receive('conversation_update', {
      conversation_id: 'b',
      type: 'livechatAgentConnected',
      data: {},
    });
    expect(aEvents.values.map((e) => e.type)).toEqual(['bot_message']);
    expect(bEvents.values.map((e) => e.type)).toEqual(['conversation_update']);
    hub.close();
  });

  it('sends a bot_message without conversation_id to the only open conversation', () => {
    const { hub, connection } = fakeHub();
    const only = hub.conversation('only');
    const messages = record(only.messages$);
    connection.receive('bot_message', { content: [{ type: 'text', text: 'hi' }] });
    expect(messages.values).toHaveLength(1);
    hub.close();
  });

  it('sends a bot_message without conversation_id to hub.events$ only when several conversations are open', () => {
    const { hub, connection } = fakeHub();
    const all = record(hub.events$);
    const a = record(hub.conversation('a').events$);
    const b = record(hub.conversation('b').events$);
    connection.receive('bot_message', { content: [{ type: 'text', text: 'whose?' }] });
    expect(all.values.map((e) => e.type)).toEqual(['bot_message']);
    expect(a.values).toEqual([]);
    expect(b.values).toEqual([]);
    hub.close();
  });

  it('never gives an event without conversation_id to B after A closed: only a hub that ever opened one conversation attributes it', () => {
    const { hub, connection } = fakeHub();
    const all = record(hub.events$);
    hub.conversation('a').close();
    const b = hub.conversation('b');
    const bEvents = record(b.events$);
    connection.receive('bot_message', { content: [{ type: 'text', text: "A's late reply" }] });
    connection.receive('action', { actions: [{ id: 'x', data: {} }] });
    connection.receive('general_error', { error_code: 413, error_desc: 'big', message_link: 'https://x/y' });
    expect(all.values.map((e) => e.type)).toEqual(['bot_message', 'action', 'general_error']);
    expect(bEvents.values).toEqual([]);
    hub.close();
  });

  it('still attributes an event without conversation_id to the one conversation after it was closed and reopened', () => {
    const { hub, connection } = fakeHub();
    hub.conversation('only').close();
    const messages = record(hub.conversation('only').messages$);
    connection.receive('bot_message', { content: [{ type: 'text', text: 'hi' }] });
    expect(messages.values).toHaveLength(1);
    hub.close();
  });

  it('attributes nothing once the one conversation ever opened is closed', () => {
    const { hub, connection } = fakeHub();
    const all = record(hub.events$);
    hub.conversation('only').close();
    connection.receive('bot_message', { content: [{ type: 'text', text: 'late' }] });
    expect(all.values.map((e) => e.type)).toEqual(['bot_message']);
    hub.close();
  });

  it('delivers frames for conversations nobody holds and unknown events to hub.events$ only', () => {
    const { hub, connection } = fakeHub();
    const all = record(hub.events$);
    const held = record(hub.conversation('held').events$);
    connection.receive('bot_message', { conversation_id: 'stranger', content: [] });
    connection.receive('brand_new_event', { conversation_id: 'held', x: 1 });
    // Unknown events keep their conversation id, so the holder sees them too.
    expect(all.values.map((e: HubEvent) => e.type)).toEqual(['bot_message', 'unknown']);
    expect(held.values.map((e: HubEvent) => e.type)).toEqual(['unknown']);
    hub.close();
  });

  it('puts malformed frames (connection errors$) and hub errors tied to no conversation on hub.errors$', () => {
    const { hub, connection } = fakeHub();
    const errors = record(hub.errors$);
    const events = record(hub.events$);
    const conversationErrors = record(hub.conversation('a').errors$);
    connection.errorsSubject.next(new HubProtocolError('Frame is not JSON', '{oops'));
    connection.receive('general_error', { error_code: 500, error_desc: 'Internal' });
    connection.receive('general_error', {
      conversation_id: 'a',
      error_code: 400,
      error_desc: 'Invalid conversation_id',
    });
    expect(errors.values).toHaveLength(2);
    expect(errors.values[0]).toBeInstanceOf(HubProtocolError);
    expect(errors.values[1]).toBeInstanceOf(HubResponseError);
    expect(conversationErrors.values).toHaveLength(1);
    expect(conversationErrors.values[0]).toMatchObject({ hubCode: 400, conversationId: 'a' });
    expect(events.values).toHaveLength(2);
    hub.close();
  });

  it('returns the open instance for a held id and a new one after it closed', () => {
    const { hub } = fakeHub();
    const first = hub.conversation('x');
    expect(hub.conversation('x')).toBe(first);
    first.close();
    expect(hub.conversation('x')).not.toBe(first);
    expect(() => hub.conversation('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    hub.close();
  });

  it('decodes nothing and dispatches once per event, whatever the number of subscribers', () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('a');
    const seen: unknown[][] = [[], [], []];
    const subscriptions = seen.map((list) => conversation.messages$.subscribe((m) => list.push(m)));
    const hubSubscriptions = [hub.events$.subscribe(), hub.events$.subscribe()];
    connection.receive('bot_message', { conversation_id: 'a', content: [{ type: 'text', text: 'once' }] });
    // Same normalised object for everyone: normalised once, not per subscriber.
    expect(seen[0]?.[0]).toBe(seen[1]?.[0]);
    expect(seen[1]?.[0]).toBe(seen[2]?.[0]);
    // One subscription to the connection for all (router shares it).
    expect(connection.eventSubscribers).toBe(1);
    [...subscriptions, ...hubSubscriptions].forEach((s) => s.unsubscribe());
    hub.close();
  });
});

describe('routing cost', () => {
  /** RxJS subscriber steps one frame for conversation `c0` takes with `open` conversations open. */
  const stepsPerFrame = (open: number): number => {
    const { hub, connection } = fakeHub();
    const subscriptions = Array.from({ length: open }, (_, i) =>
      hub.conversation(`c${i}`).messages$.subscribe(),
    );
    const steps = jest.spyOn(Subscriber.prototype, 'next');
    connection.receive('bot_message', { conversation_id: 'c0', content: [{ type: 'text', text: 'hi' }] });
    const count = steps.mock.calls.length;
    steps.mockRestore();
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    hub.close();
    return count;
  };

  it('is flat in the number of open conversations', () => {
    expect(stepsPerFrame(1000)).toBe(stepsPerFrame(1));
  });

  it('one subscription to the connection routes for 1000 conversations; a frame reaches one deliver', () => {
    const { hub, connection } = fakeHub();
    const all = record(hub.events$);
    const conversations = Array.from({ length: 1000 }, (_, i) => hub.conversation(`c${i}`));
    const deliver = jest.spyOn(ConversationInbox.prototype, 'deliver');
    const requests = conversations.slice(0, 10).map((conversation) => record(conversation.metadata$()));
    expect(connection.eventSubscribers).toBe(1);
    expect(connection.holds).toBe(1);

    connection.receive('bot_message', { conversation_id: 'c500', content: [{ type: 'text', text: 'hi' }] });
    expect(deliver).toHaveBeenCalledTimes(1);
    expect((deliver.mock.contexts[0] as ConversationInbox).id).toBe('c500');
    deliver.mockRestore();
    expect(all.values).toHaveLength(1);

    requests.forEach((request) => request.unsubscribe());
    all.unsubscribe();
    conversations.forEach((conversation) => conversation.close());
    // The metadata requests still wait for their answers (a late answer must not be misread).
    expect(connection.eventSubscribers).toBe(1);
    expect(connection.holds).toBe(0);
    hub.close();
    expect(connection.eventSubscribers).toBe(0);
  });
});

describe('holding', () => {
  it('a conversation holds the connection until closed; hub.events$ subscribers keep events flowing', () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('a');
    expect(connection.holds).toBe(1);
    expect(connection.eventSubscribers).toBe(1);
    const sub = hub.events$.subscribe();
    conversation.close();
    expect(connection.holds).toBe(0);
    expect(connection.eventSubscribers).toBe(1);
    sub.unsubscribe();
    expect(connection.eventSubscribers).toBe(0);
    hub.close();
  });

  it('close() completes every stream of the hub and its conversations and closes the connection', () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('a');
    const streams = [
      record(hub.events$),
      record(hub.errors$),
      record(conversation.events$),
      record(conversation.messages$),
      record(conversation.actions$),
      record(conversation.updates$),
      record(conversation.errors$),
      record(conversation.id$),
    ];
    hub.close();
    expect(streams.map((s) => s.completed)).toEqual(streams.map(() => true));
    expect(connection.closed).toBe(true);
    expect(connection.holds).toBe(0);
    expect(() => hub.conversation('b')).toThrow(expect.objectContaining({ code: 'CONNECTION_CLOSED' }));
  });

  it('a connection that gives up (status closed) closes the conversations', () => {
    const { hub, connection } = fakeHub();
    const messages = record(hub.conversation('a').messages$);
    connection.close();
    expect(messages.completed).toBe(true);
    hub.close();
  });
});
