import { filter, firstValueFrom, lastValueFrom, take, timeout, toArray } from 'rxjs';
import type { Conversation } from '../../lib/conversation/conversation.js';
import type { MessageStatus } from '../../lib/delivery/message-state.js';
import type { HubEmulator } from '../../lib/emulator/index.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import { persist } from '../../lib/delivery/store.js';
import type { Hub } from '../../lib/hub/hub.js';
import { MemoryStore } from '../delivery/support/memory-store.js';
import { API_KEY, FAST_DELIVERY, startLiveHub } from './support/live-hub.js';
import { userTextsOf } from '../emulator/support/user-texts.js';

const transcriptRequests = (emulator: HubEmulator) =>
  emulator.received.ofType('conversation_transcript_request').length;
/** Every state of a message until it is confirmed (or fails), bounded. */
const statesOf = (status$: ReturnType<Conversation['sendText']>) =>
  lastValueFrom(status$.pipe(toArray(), timeout(5_000))).then((all: MessageStatus[]) =>
    all.map((s) => s.state),
  );
const reconnected = (hub: Hub) =>
  firstValueFrom(
    hub.status$.pipe(
      filter((s) => s.state === 'connected'),
      take(2),
      toArray(),
      timeout(5_000),
    ),
  );

describe('zero loss: every user message confirmed against the hub', () => {
  let live: Awaited<ReturnType<typeof startLiveHub>>;
  afterEach(() => live.stop());

  it('a message swallowed by a gateway that lost the socket is re-sent once, after a check of the transcript', async () => {
    live = await startLiveHub(FAST_DELIVERY);
    const { hub, emulator } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    expect(await statesOf(conversation.sendText('before'))).toEqual(['queued', 'written', 'confirmed']);
    const connectedTwice = reconnected(hub);
    emulator.swallow({ ms: 150 });
    const states = statesOf(conversation.sendText('into the void'));
    await connectedTwice;
    expect(await states).toEqual(['queued', 'written', 'written', 'confirmed']);
    expect(userTextsOf(emulator, conversation.id)).toEqual(['before', 'into the void']);
    expect(transcriptRequests(emulator)).toBe(1);
  });

  it('a message the hub recorded before the socket died is confirmed from the transcript, not re-sent', async () => {
    live = await startLiveHub({ ...FAST_DELIVERY, probe: { afterMs: 60_000, timeoutMs: 300 } });
    const { hub, emulator } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    const status$ = conversation.sendText('recorded');
    await firstValueFrom(
      emulator.events$.pipe(
        filter((e) => e.type === 'frame-out' && e.eventType === 'bot_message'),
        take(2),
      ),
    );
    emulator.terminateConnections();
    const all = await lastValueFrom(status$.pipe(toArray(), timeout(5_000)));
    expect(all.at(-1)).toMatchObject({ state: 'confirmed', confirmedBy: 'transcript' });
    expect(userTextsOf(emulator, conversation.id)).toEqual(['recorded']);
  });

  it('no transcript request when nothing is unconfirmed, even across a reconnect', async () => {
    live = await startLiveHub(FAST_DELIVERY);
    const { hub, emulator } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    await statesOf(conversation.sendText('one'));
    const connectedTwice = reconnected(hub);
    emulator.dropConnections({ code: 1001 });
    await connectedTwice;
    await statesOf(conversation.sendText('two'));
    expect(transcriptRequests(emulator)).toBe(0);
    expect(userTextsOf(emulator, conversation.id)).toEqual(['one', 'two']);
  });

  it('a process restart resumes a message typed during an outage: delivered exactly once', async () => {
    const kv = new MemoryStore();
    live = await startLiveHub({ ...FAST_DELIVERY, store: persist(kv) });
    const { hub, emulator } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    await statesOf(conversation.sendText('first'));
    emulator.refuseConnections(Infinity);
    const down = firstValueFrom(hub.status$.pipe(filter((s) => s.state === 'reconnecting')));
    emulator.terminateConnections();
    await down;
    conversation.sendText('typed during the outage').subscribe({ error: () => undefined });
    kv.freeze(); // the process dies here: what the store holds is what a restart finds
    hub.close();
    kv.thaw();
    emulator.acceptConnections();
    const again = connectHub({ url: emulator.url, apiKey: API_KEY, ...FAST_DELIVERY, store: persist(kv) });
    try {
      expect(again.storedConversations()).toEqual([conversation.id]);
      expect(JSON.parse([...kv.data.values()][0]!)[conversation.id]).toMatchObject({ count: 1 }); // 'first'
      const resumed = again.conversation(conversation.id);
      expect(resumed.restored.map((m) => m.content)).toEqual([
        { type: 'text', text: 'typed during the outage' },
      ]);
      expect(await statesOf(resumed.restored[0]!.status$)).toEqual(['queued', 'written', 'confirmed']);
      expect(userTextsOf(emulator, conversation.id)).toEqual(['first', 'typed during the outage']);
      expect([...kv.data.values()].join()).not.toContain(API_KEY);
    } finally {
      again.close();
    }
  });

  it('a restart after a message was written but not confirmed: checked, delivered once either way', async () => {
    const kv = new MemoryStore();
    live = await startLiveHub({
      ...FAST_DELIVERY,
      probe: { afterMs: 60_000, timeoutMs: 300 },
      store: persist(kv),
    });
    const { hub, emulator } = live;
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    emulator.swallow({ ms: 10_000 }); // the first message vanishes
    conversation.sendText('swallowed').subscribe({ error: () => undefined });
    kv.freeze();
    hub.close();
    kv.thaw();
    emulator.terminateConnections();
    const again = connectHub({ url: emulator.url, apiKey: API_KEY, ...FAST_DELIVERY, store: persist(kv) });
    try {
      const resumed = again.conversation(conversation.id);
      expect(await statesOf(resumed.restored[0]!.status$)).toEqual(['queued', 'written', 'confirmed']);
      expect(userTextsOf(emulator, conversation.id)).toEqual(['swallowed']);
      expect(transcriptRequests(emulator)).toBe(1);
    } finally {
      again.close();
    }
  });

  it('two tabs sharing one store: each resumes only its own messages', async () => {
    const kv = new MemoryStore();
    live = await startLiveHub({ ...FAST_DELIVERY, store: persist(kv, { owner: 'tab-a' }) });
    const conversation = await firstValueFrom(live.hub.startConversation$({ userId: 'u' }));
    const tabB = connectHub({
      url: live.emulator.url,
      apiKey: API_KEY,
      store: persist(kv, { owner: 'tab-b' }),
    });
    try {
      expect(tabB.storedConversations()).toEqual([]);
      const sameInB = tabB.conversation(conversation.id);
      expect(sameInB.restored).toEqual([]);
    } finally {
      tabB.close();
    }
  });
});
