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

    it('fails with REQUEST_TIMEOUT after requestTimeoutMs; the lane stays held until the late answer, which is swallowed', () => {
      const { hub, connection } = fakeHub({ requestTimeoutMs: 5_000 });
      const first = record(hub.startConversation$({ userId: 'alice' }));
      jest.advanceTimersByTime(2_000);
      const second = record(hub.startConversation$({ userId: 'bob' }));
      jest.advanceTimersByTime(2_999);
      expect(first.error).toBeUndefined();
      jest.advanceTimersByTime(1);
      expect(first.error).toBeInstanceOf(TimeoutError);
      expect(first.error).toMatchObject({
        code: 'REQUEST_TIMEOUT',
        awaited: 'conversation_start_success',
        timeoutMs: 5_000,
      });
      // alice's answer is still owed by this socket: bob's start waits, so it cannot take it.
      expect(connection.sentOfType('conversation_start')).toHaveLength(1);
      jest.advanceTimersByTime(1_000);
      connection.receive('conversation_start_success', { conversation_id: 'alice-1' });
      expect(second.values).toHaveLength(0);
      expect(connection.sentOfType('conversation_start').map((e) => e.payload.userId)).toEqual([
        'alice',
        'bob',
      ]);
      connection.receive('conversation_start_success', { conversation_id: 'bob-1' });
      expect((second.values[0] as Conversation).id).toBe('bob-1');
      expect(connection.requestsInFlight).toBe(0);
      hub.close();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('counts time waiting in the lane: a start that times out while queued is never sent', () => {
      const { hub, connection } = fakeHub({ requestTimeoutMs: 5_000 });
      const first = record(hub.startConversation$({ userId: 'alice' }));
      const second = record(hub.startConversation$({ userId: 'bob' }));
      jest.advanceTimersByTime(5_000);
      expect(first.error).toMatchObject({ code: 'REQUEST_TIMEOUT' });
      expect(second.error).toMatchObject({ code: 'REQUEST_TIMEOUT' });
      connection.receive('conversation_start_success', { conversation_id: 'alice-1' });
      expect(connection.sentOfType('conversation_start').map((e) => e.payload.userId)).toEqual(['alice']);
      hub.close();
    });

    it('recycles the socket when a late answer is still owed 30 s after the write; the next start goes on the new socket', () => {
      const { hub, connection } = fakeHub({ requestTimeoutMs: 60_000 });
      record(hub.startConversation$({ userId: 'gone' })).unsubscribe();
      const next = record(hub.startConversation$({ userId: 'next' }));
      jest.advanceTimersByTime(29_999);
      expect(connection.sentOfType('conversation_start')).toHaveLength(1);
      expect(connection.recycled).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(connection.recycled).toEqual([1]);
      expect(connection.sentOfType('conversation_start').map((e) => e.payload.userId)).toEqual([
        'gone',
        'next',
      ]);
      expect(connection.generation).toBe(2);
      connection.receive('conversation_start_success', { conversation_id: 'next-1' });
      expect((next.values[0] as Conversation).id).toBe('next-1');
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
