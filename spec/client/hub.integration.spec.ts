import { Subscription, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { Conversation } from '../../lib/conversation/conversation.js';
import type { HubEmulator } from '../../lib/emulator/index.js';
import { TimeoutError } from '../../lib/errors.js';
import type { Hub } from '../../lib/hub/hub.js';
import { firstN, firstWhere, startLiveHub, turns, virtualTime } from './support/live-hub.js';

describe('Hub against the emulator (loopback)', () => {
  let emulator: HubEmulator;
  let hub: Hub;
  let stop: () => Promise<void>;

  afterEach(() => stop());

  describe('with defaults', () => {
    beforeEach(async () => {
      ({ emulator, hub, stop } = await startLiveHub());
    });

    it('runs 20 concurrent starts to 20 distinct conversations, each matched to its own request', async () => {
      const users = Array.from({ length: 20 }, (_, i) => `user-${i}`);
      const conversations = await Promise.all(
        users.map((userId) => firstValueFrom(hub.startConversation$({ userId }))),
      );
      conversations.forEach((conversation, i) =>
        expect(conversation.id.startsWith(`${users[i]}-`)).toBe(true),
      );
      expect(new Set(conversations.map((c) => c.id)).size).toBe(20);
      expect(emulator.received.ofType('conversation_start')).toHaveLength(20);
    });

    it('cancels a queued start (never sent) and absorbs the late answer of a sent one', async () => {
      const held = hub.events$.subscribe(); // connected: the first start is written at once
      await firstWhere(hub.status$, (status) => status.state === 'connected');
      const sent = new Subscription();
      sent.add(hub.startConversation$({ userId: 'cancelled-sent' }).subscribe());
      const queued = hub.startConversation$({ userId: 'cancelled-queued' }).subscribe();
      const kept = firstValueFrom(hub.startConversation$({ userId: 'kept' }));
      sent.unsubscribe();
      queued.unsubscribe();
      const conversation = await kept;
      expect(conversation.id.startsWith('kept-')).toBe(true);
      const users = emulator.received.ofType('conversation_start').map((e) => e.payload['userId']);
      expect(users).toEqual(['cancelled-sent', 'kept']);
      held.unsubscribe();
    });

    it('never writes a start cancelled while the socket is still connecting', async () => {
      hub.startConversation$({ userId: 'never' }).subscribe().unsubscribe();
      const kept = await firstValueFrom(hub.startConversation$({ userId: 'kept' }));
      expect(kept.id.startsWith('kept-')).toBe(true);
      const users = emulator.received.ofType('conversation_start').map((e) => e.payload['userId']);
      expect(users).toEqual(['kept']);
    });

    it("lists and deletes a user's conversations", async () => {
      const a = await firstValueFrom(hub.startConversation$({ userId: 'lister', metadata: { topic: 'a' } }));
      const b = await firstValueFrom(hub.startConversation$({ userId: 'lister', metadata: { topic: 'b' } }));
      const all = await firstValueFrom(hub.userConversations$({ userId: 'lister' }));
      expect(all.conversations.map((c) => c.conversationId).sort()).toEqual([a.id, b.id].sort());
      const filtered = await firstValueFrom(
        hub.userConversations$({
          userId: 'lister',
          filter: { topic: 'b' },
          pagination: { page: 1, limit: 10 },
        }),
      );
      expect(filtered.conversations.map((c) => c.conversationId)).toEqual([b.id]);
      expect(filtered.pagination).toMatchObject({ page: 1 });
      const other = await firstValueFrom(hub.startConversation$({ userId: 'someone-else' }));
      await firstValueFrom(hub.deleteUserConversations$('lister'));
      expect(emulator.conversation(a.id)).toBeUndefined();
      // Closed here too: their streams complete and a send fails at once; another user's stays open.
      const untilCompleted = await lastValueFrom(b.messages$.pipe(toArray()));
      expect(untilCompleted.map((message) => message.from)).toEqual(['bot']); // the greeting kept early
      await expect(firstValueFrom(a.sendText('still there?'))).rejects.toMatchObject({
        code: 'CONNECTION_CLOSED',
      });
      expect(hub.conversation(other.id)).toBe(other);
      const none = await firstValueFrom(hub.userConversations$({ userId: 'lister' }));
      expect(none.conversations).toEqual([]);
    });

    it('keeps a conversation across a reconnect: same id re-emitted on id$, replies continue', async () => {
      const conversation = await firstValueFrom(hub.startConversation$({ userId: 'keep' }));
      const ids = firstN(conversation.id$, 2, 5_000);
      emulator.dropConnections();
      expect(await ids).toEqual([conversation.id, conversation.id]);
      const echo = firstWhere(conversation.messages$, (m) =>
        m.parts.some((p) => p.type === 'text' && p.text === 'You said: again'),
      );
      conversation.sendText('again');
      await echo;
    });
  });

  it('fails a request with REQUEST_TIMEOUT exactly requestTimeoutMs after it was written when the hub never answers', async () => {
    const time = virtualTime();
    ({ emulator, hub, stop } = await startLiveHub(
      { requestTimeoutMs: 200, heartbeat: false },
      {},
      { scheduler: time.scheduler },
    ));
    const conversation: Conversation = await firstValueFrom(hub.startConversation$());
    emulator.freeze();
    const settled = (promise: Promise<unknown>): (() => boolean) => {
      let done = false;
      promise.then(
        () => (done = true),
        () => (done = true),
      );
      return () => done;
    };

    const metadata = firstValueFrom(conversation.metadata$());
    const metadataSettled = settled(metadata);
    time.advance(199);
    await turns();
    expect(metadataSettled()).toBe(false);
    time.advance(1);
    await expect(metadata).rejects.toBeInstanceOf(TimeoutError);

    const transcript = firstValueFrom(conversation.transcript$());
    const transcriptSettled = settled(transcript);
    time.advance(199);
    await turns();
    expect(transcriptSettled()).toBe(false);
    time.advance(1);
    await expect(transcript).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
      awaited: 'conversation_transcript',
      timeoutMs: 200,
    });
  });

  it('recoverOnReconnect emits what was said while the socket was down', async () => {
    ({ emulator, hub, stop } = await startLiveHub({ recoverOnReconnect: true }));
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'auto' }));
    await firstN(conversation.messages$, 1); // greeting
    const recovered = firstWhere(conversation.messages$, (m) => m.source === 'transcript', 5_000);
    emulator.refuseConnections(Infinity);
    emulator.dropConnections();
    await firstWhere(hub.status$, (s) => s.state === 'reconnecting');
    emulator.botSays(conversation.id, 'missed it');
    emulator.acceptConnections();
    const message = await recovered;
    expect(message.parts).toEqual([{ type: 'text', text: 'missed it' }]);
  });

  it('close() closes the socket with 1000 and leaves no timer or handle behind', async () => {
    ({ emulator, hub, stop } = await startLiveHub());
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const disconnected = firstWhere(emulator.events$, (e) => e.type === 'disconnect');
    const conversation = await firstValueFrom(hub.startConversation$());
    const pending = firstValueFrom(conversation.metadata$()).catch((error: unknown) => error);
    hub.close();
    await expect(pending).resolves.toBeDefined();
    await expect(disconnected).resolves.toMatchObject({ code: 1000 });
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(after).toBeLessThanOrEqual(before);
  });
});
