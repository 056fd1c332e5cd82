// What a tab closed for good left unsent, adopted by the next tab that starts (fake Web Locks,
// injected) and delivered over real frames: checked from the hub's side, in the emulator's ledger.
import { filter, firstValueFrom, lastValueFrom, timeout, toArray } from 'rxjs';
import { connectHub } from '../../lib/hub/connect-hub.js';
import type { Hub } from '../../lib/hub/hub.js';
import { persist } from '../../lib/delivery/store.js';
import { API_KEY, FAST_DELIVERY, startLiveHub } from '../client/support/live-hub.js';
import { userTextsOf } from '../emulator/support/user-texts.js';
import { FakeLocks } from './support/fake-locks.js';
import { MemoryStore } from './support/memory-store.js';

/** The closing tab's conversation, then an outage: the hub refuses connections until told. */
async function startThenCutTheLink({ hub, emulator }: Awaited<ReturnType<typeof startLiveHub>>) {
  const conversation = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
  emulator.refuseConnections(Infinity);
  const down = firstValueFrom(hub.status$.pipe(filter((s) => s.state === 'reconnecting')));
  emulator.terminateConnections();
  await down;
  return conversation;
}

describe('adoption of a closed tab’s record', () => {
  let live: Awaited<ReturnType<typeof startLiveHub>>;
  let other: Hub | undefined;
  afterEach(async () => {
    other?.close();
    await live.stop();
  });

  it('a message queued in a tab closed during an outage is delivered once by the tab that adopts it', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    live = await startLiveHub({ ...FAST_DELIVERY, store: persist(kv, { owner: 'closed', locks }) });
    const { hub, emulator } = live;
    const conversation = await startThenCutTheLink(live);
    conversation.sendText('left behind').subscribe({ error: () => undefined });
    kv.freeze(); // the tab goes: its record stays as it was, and so does its lock until the browser lets go
    hub.close();
    kv.thaw();
    locks.closeTab('captivate-hub-rx:owner:closed');
    emulator.acceptConnections();

    let adopted = (_ids: readonly string[]): void => undefined;
    const told = new Promise<readonly string[]>((resolve) => (adopted = resolve));
    // No wait before adopting here (`adoptAfterMs: 0`): the wait itself is a unit spec's, in virtual time.
    const store = persist(kv, { owner: 'next', locks, onAdopted: (ids) => adopted(ids), adoptAfterMs: 0 });
    const tab = connectHub({ url: emulator.url, apiKey: API_KEY, ...FAST_DELIVERY, store });
    other = tab;
    expect(tab.storedConversations()).toEqual([]);
    expect(await told).toEqual([conversation.id]);
    expect(tab.storedConversations()).toEqual([conversation.id]);
    const resumed = tab.conversation(conversation.id);
    expect(resumed.restored.map((m) => m.content)).toEqual([{ type: 'text', text: 'left behind' }]);
    const states = await lastValueFrom(resumed.restored[0]!.status$.pipe(toArray(), timeout(5_000)));
    expect(states.map((s) => s.state)).toEqual(['queued', 'written', 'confirmed']);
    expect(userTextsOf(emulator, conversation.id)).toEqual(['left behind']);
    expect(kv.data.has('captivate-hub-rx:outbox:closed')).toBe(false);
  });

  it('an adopted message the hub already has (sent by a tab the record did not hear from) is not sent again', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    live = await startLiveHub({ ...FAST_DELIVERY, store: persist(kv, { owner: 'closed', locks }) });
    const { hub, emulator } = live;
    const conversation = await startThenCutTheLink(live);
    const status$ = conversation.sendText('sent, but the record says queued');
    kv.freeze(); // from here the record no longer follows: it keeps the message as never written
    emulator.acceptConnections();
    await lastValueFrom(status$.pipe(toArray(), timeout(5_000)));
    expect(userTextsOf(emulator, conversation.id)).toEqual(['sent, but the record says queued']);
    hub.close();
    kv.thaw();
    locks.closeTab('captivate-hub-rx:owner:closed');

    const told = new Promise<readonly string[]>((onAdopted) => {
      const store = persist(kv, { owner: 'next', locks, onAdopted, adoptAfterMs: 0 });
      other = connectHub({ url: emulator.url, apiKey: API_KEY, ...FAST_DELIVERY, store });
    });
    expect(await told).toEqual([conversation.id]);
    const tab = other!;
    const resumed = tab.conversation(conversation.id);
    const states = await lastValueFrom(resumed.restored[0]!.status$.pipe(toArray(), timeout(5_000)));
    expect(states.at(-1)).toMatchObject({ state: 'confirmed', confirmedBy: 'transcript' });
    expect(userTextsOf(emulator, conversation.id)).toEqual(['sent, but the record says queued']);
  });

  it('a kept message written before is checked and delivered when its conversation opens on a socket already connected', async () => {
    const kv = new MemoryStore();
    live = await startLiveHub({ ...FAST_DELIVERY, store: persist(kv, { owner: 'here', locks: null }) });
    const { hub, emulator } = live;
    const kept = await firstValueFrom(hub.startConversation$({ userId: 'u' }));
    kept.close();
    // What a store keeps of a message written once and never confirmed (by another run, or tab).
    const message = {
      clientMsgId: 'kept-1',
      content: { type: 'text' as const, text: 'kept' },
      written: true,
    };
    kv.set('captivate-hub-rx:outbox:here', JSON.stringify({ [kept.id]: { messages: [message], tail: [] } }));
    other = connectHub({
      url: emulator.url,
      apiKey: API_KEY,
      ...FAST_DELIVERY,
      store: persist(kv, { owner: 'here', locks: null }),
    });
    await firstValueFrom(other.startConversation$({ userId: 'u' })); // the socket is connected now
    const resumed = other.conversation(kept.id);
    const states = await lastValueFrom(resumed.restored[0]!.status$.pipe(toArray(), timeout(5_000)));
    expect(states.map((s) => s.state)).toEqual(['queued', 'written', 'confirmed']);
    expect(userTextsOf(emulator, kept.id)).toEqual(['kept']);
  });

  it('a conversation closed as its last message is confirmed is forgotten, not stored again', async () => {
    const kv = new MemoryStore();
    live = await startLiveHub({ ...FAST_DELIVERY, store: persist(kv, { locks: null }) });
    const conversation = await firstValueFrom(live.hub.startConversation$({ userId: 'u' }));
    await new Promise<void>((resolve) =>
      conversation.sendText('last one').subscribe({
        complete: () => {
          conversation.close();
          resolve();
        },
      }),
    );
    expect(live.hub.storedConversations()).toEqual([]);
    expect([...kv.data.keys()]).toEqual([]);
  });
});
