import { firstValueFrom } from 'rxjs';
import type { Conversation } from '../../lib/conversation/conversation.js';
import { ConnectionError, TimeoutError } from '../../lib/errors.js';
import { fakeHub, record } from './support/fake-connection.js';

describe('startConversation$ queue (one start in flight per socket)', () => {
  it('runs 20 concurrent starts one at a time, each matched to its own request', () => {
    const { hub, connection } = fakeHub();
    const starts = Array.from({ length: 20 }, (_, i) =>
      record(hub.startConversation$({ userId: `user-${i}` })),
    );
    for (let i = 0; i < 20; i++) {
      // Exactly one start is on the wire at a time: the next goes out only after this answer.
      expect(connection.sentOfType('conversation_start')).toHaveLength(i + 1);
      const { userId } = connection.lastSent().payload as { userId: string };
      connection.receive('conversation_start_success', { conversation_id: `${userId}-conv` });
    }
    const ids = starts.map((start) => (start.values[0] as Conversation).id);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `user-${i}-conv`));
    expect(new Set(ids).size).toBe(20);
    expect(starts.every((start) => start.completed)).toBe(true);
    hub.close();
  });

  it('is cold: nothing is sent before subscription, and each subscription starts one conversation', async () => {
    const { hub, connection } = fakeHub();
    const start$ = hub.startConversation$({
      userId: 'u',
      privateMetadata: { vip: true },
      metadata: { a: 1 },
    });
    expect(connection.sent).toHaveLength(0);
    const first = firstValueFrom(start$);
    expect(connection.lastSent()).toEqual({
      type: 'conversation_start',
      payload: {
        userId: 'u',
        userBasicInfo: undefined,
        userData: undefined,
        metadata: { a: 1, private: { vip: true } },
      },
    });
    connection.receive('conversation_start_success', { conversation_id: 'u-1' });
    expect((await first).id).toBe('u-1');
    hub.close();
  });

  it('keeps the socket wanted between the answer and the new conversation (no gap to lose the greeting in)', () => {
    const { hub, connection } = fakeHub();
    const start = record(hub.startConversation$());
    connection.receive('conversation_start_success', { conversation_id: 'anon-1' });
    expect(start.values).toHaveLength(1);
    expect(connection.eventsReleased).toBe(0);
    expect(connection.eventSubscribers).toBe(1);
    hub.close();
  });

  it('removes a start cancelled while queued: it is never sent', () => {
    const { hub, connection } = fakeHub();
    const first = record(hub.startConversation$({ userId: 'a' }));
    const second = record(hub.startConversation$({ userId: 'b' }));
    const third = record(hub.startConversation$({ userId: 'c' }));
    second.unsubscribe();
    connection.receive('conversation_start_success', { conversation_id: 'a-1' });
    connection.receive('conversation_start_success', { conversation_id: 'c-1' });
    const users = connection.sentOfType('conversation_start').map((event) => event.payload.userId);
    expect(users).toEqual(['a', 'c']);
    expect((first.values[0] as Conversation).id).toBe('a-1');
    expect((third.values[0] as Conversation).id).toBe('c-1');
    hub.close();
  });

  it('absorbs the late answer of a start cancelled after it was sent; the next start gets its own', () => {
    const { hub, connection } = fakeHub();
    const cancelled = record(hub.startConversation$({ userId: 'a' }));
    const next = record(hub.startConversation$({ userId: 'b' }));
    cancelled.unsubscribe();
    // The cancelled start still holds the slot: b is not sent until a's answer came.
    expect(connection.sentOfType('conversation_start')).toHaveLength(1);
    connection.receive('conversation_start_success', { conversation_id: 'a-late' });
    expect(next.values).toHaveLength(0);
    expect(connection.sentOfType('conversation_start')).toHaveLength(2);
    connection.receive('conversation_start_success', { conversation_id: 'b-1' });
    expect((next.values[0] as Conversation).id).toBe('b-1');
    expect(cancelled.values).toHaveLength(0);
    hub.close();
  });

  describe('with fake timers', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('fails with REQUEST_TIMEOUT after requestTimeoutMs and frees the slot for the next start', () => {
      const { hub, connection } = fakeHub({ requestTimeoutMs: 5_000 });
      const first = record(hub.startConversation$());
      const second = record(hub.startConversation$());
      jest.advanceTimersByTime(4_999);
      expect(first.error).toBeUndefined();
      jest.advanceTimersByTime(1);
      expect(first.error).toBeInstanceOf(TimeoutError);
      expect(first.error).toMatchObject({
        code: 'REQUEST_TIMEOUT',
        awaited: 'conversation_start_success',
        timeoutMs: 5_000,
      });
      expect(connection.sentOfType('conversation_start')).toHaveLength(2);
      connection.receive('conversation_start_success', { conversation_id: 'anon-2' });
      expect((second.values[0] as Conversation).id).toBe('anon-2');
      expect(connection.requestsInFlight).toBe(0);
      hub.close();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('a cancelled sent start holds the slot at most until its timeout', () => {
      const { hub, connection } = fakeHub({ requestTimeoutMs: 1_000 });
      record(hub.startConversation$()).unsubscribe();
      const next = record(hub.startConversation$());
      expect(connection.sentOfType('conversation_start')).toHaveLength(1);
      jest.advanceTimersByTime(1_000);
      expect(connection.sentOfType('conversation_start')).toHaveLength(2);
      connection.receive('conversation_start_success', { conversation_id: 'anon-9' });
      expect((next.values[0] as Conversation).id).toBe('anon-9');
      hub.close();
    });
  });

  it('fails a written start with CONNECTION_LOST when its socket dies (never re-sent), then runs the next', () => {
    const { hub, connection } = fakeHub();
    const lost = record(hub.startConversation$({ userId: 'a' }));
    const next = record(hub.startConversation$({ userId: 'b' }));
    connection.drop();
    expect(lost.error).toBeInstanceOf(ConnectionError);
    expect(lost.error).toMatchObject({ code: 'CONNECTION_LOST' });
    connection.reconnect();
    expect(connection.sentOfType('conversation_start').map((e) => e.payload.userId)).toEqual(['a', 'b']);
    connection.receive('conversation_start_success', { conversation_id: 'b-1' });
    expect((next.values[0] as Conversation).id).toBe('b-1');
    hub.close();
  });

  it('fails queued and in-flight starts with CONNECTION_CLOSED on close()', () => {
    const { hub } = fakeHub();
    const first = record(hub.startConversation$());
    const second = record(hub.startConversation$());
    hub.close();
    expect(first.error).toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(second.error).toMatchObject({ code: 'CONNECTION_CLOSED' });
  });
});
