// Several tabs, one store, with Web Locks (a fake `navigator.locks`, injected): a duplicated tab
// takes a fresh owner, the record of a tab closed for good is adopted exactly once, a live tab's
// record never is, and without locks nothing changes.
import { persist, type StoreOptions } from '../../lib/delivery/store.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import type { StoredConversation } from '../../lib/delivery/message-state.js';
import { FakeLocks, settle as settleNow } from './support/fake-locks.js';
import { MemoryStore } from './support/memory-store.js';

const message = (clientMsgId: string, text: string) => ({
  clientMsgId,
  content: { type: 'text' as const, text },
  written: false,
});
/** Adopted, a message counts as written: the transcript is checked before it is sent. */
const adopted = (clientMsgId: string, text: string) => ({ ...message(clientMsgId, text), written: true });
const kept = (...messages: ReturnType<typeof message>[]): StoredConversation => ({ messages, tail: [] });
const recordOf = (kv: MemoryStore, owner: string): unknown =>
  JSON.parse(kv.get(`captivate-hub-rx:outbox:${owner}`) ?? 'null');
const index = (kv: MemoryStore): unknown => JSON.parse(kv.get('captivate-hub-rx:owners') ?? '[]');

/** A tab that wrote `conversations` and was then closed for good. */
async function closedTab(
  kv: MemoryStore,
  locks: FakeLocks,
  owner: string,
  conversations: Record<string, StoredConversation>,
) {
  const store = persist(kv, { owner, locks }).open();
  for (const [id, state] of Object.entries(conversations)) store.put(id, state);
  await settle();
  locks.closeTab(`captivate-hub-rx:owner:${owner}`);
  await settle();
}

/** Every pending claim run to its end, past the wait before adopting (virtual time). */
async function settle(): Promise<void> {
  await settleNow();
  jest.advanceTimersByTime(5_000);
  await settleNow();
}

describe('tab claims (Web Locks)', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('a duplicated tab (same owner id, its lock held) takes a fresh owner and leaves the record alone', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    const original = persist(kv, { owner: 'tab-x', locks }).open();
    original.put('c1', kept(message('m1', 'typed in the original')));
    await settle();
    const duplicate = persist(kv, { owner: 'tab-x', locks }).open();
    await settle();
    expect(duplicate.owner).not.toBe('tab-x');
    expect(duplicate.ids()).toEqual([]); // the original tab keeps sending m1, not this one
    duplicate.put('c2', kept(message('m2', 'typed in the duplicate')));
    expect(recordOf(kv, 'tab-x')).toEqual({ c1: kept(message('m1', 'typed in the original')) });
    expect(recordOf(kv, duplicate.owner)).toEqual({ c2: kept(message('m2', 'typed in the duplicate')) });
    expect(index(kv)).toEqual(['tab-x', duplicate.owner]);
    expect(locks.held.has(`captivate-hub-rx:owner:${duplicate.owner}`)).toBe(true);
  });

  it('a duplicated tab with the default owner keeps its fresh owner id in its sessionStorage', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    const session = new Map<string, string>([['captivate-hub-rx:owner', 'copied-id']]);
    const g = globalThis as { sessionStorage?: unknown };
    g.sessionStorage = {
      getItem: (k: string) => session.get(k) ?? null,
      setItem: (k: string, v: string) => session.set(k, v),
    };
    try {
      void locks.request(
        'captivate-hub-rx:owner:copied-id',
        { ifAvailable: true },
        () => new Promise(() => {}),
      );
      await settle(); // the original tab holds its lock
      const duplicate = persist(kv, { locks }).open();
      expect(duplicate.owner).toBe('copied-id');
      await settle();
      expect(duplicate.owner).not.toBe('copied-id');
      expect(session.get('captivate-hub-rx:owner')).toBe(duplicate.owner); // kept across its reloads
    } finally {
      delete g.sessionStorage;
    }
  });

  it('the record of a closed tab is adopted exactly once, even by two tabs starting together', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    await closedTab(kv, locks, 'gone', { c1: kept(message('m1', 'lost?')) });
    const told: string[][] = [];
    const options = (owner: string): StoreOptions => ({
      owner,
      locks,
      onAdopted: (ids) => told.push([owner, ...ids]),
    });
    const a = persist(kv, options('tab-a')).open();
    const b = persist(kv, options('tab-b')).open();
    expect([...a.ids(), ...b.ids()]).toEqual([]); // read at once; adoption comes after
    await settle();
    expect([...a.ids(), ...b.ids()]).toEqual(['c1']);
    expect(told).toHaveLength(1);
    const adopter = told[0]?.[0] ?? '';
    expect(told[0]).toEqual([adopter, 'c1']);
    expect(recordOf(kv, adopter)).toEqual({ c1: kept(adopted('m1', 'lost?')) });
    expect(kv.data.has('captivate-hub-rx:outbox:gone')).toBe(false);
    expect(index(kv)).toEqual([adopter]);
    // A third tab later finds nothing left to adopt.
    const c = persist(kv, { owner: 'tab-c', locks }).open();
    await settle();
    expect(c.ids()).toEqual([]);
  });

  it("a live tab's record is never adopted; a closed one's is, merged with a conversation kept here", async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    const live = persist(kv, { owner: 'live', locks }).open();
    live.put('c-live', kept(message('l1', 'mine')));
    await settle(); // its claim is done before the others' records are written
    // Written by tabs closed before this one (with no locks: neither adopted the other).
    persist(kv, { owner: 'gone', locks: null })
      .open()
      .put('c-shared', kept(message('g1', 'theirs'), message('s1', 'both')));
    persist(kv, { owner: 'gone', locks: null })
      .open()
      .put('c-open', kept(message('g2', 'open here')));
    persist(kv, { owner: 'me-before', locks: null })
      .open()
      .put('c-shared', { ...kept(message('s1', 'both')), count: 4 });
    kv.set('captivate-hub-rx:owners', JSON.stringify(['live', 'gone']));
    // This tab's own record (a reload) has c-shared; it opened c-open before the adoption ran.
    const tab = persist(kv, { owner: 'me-before', locks }).open();
    expect(tab.get('c-open')).toBeUndefined();
    await settle();
    expect(recordOf(kv, 'live')).toEqual({ 'c-live': kept(message('l1', 'mine')) });
    expect(tab.ids().sort()).toEqual(['c-shared']);
    // Merged by client_msg_id; the count is unknown once two tabs' messages mix.
    expect(tab.get('c-shared')).toEqual(kept(message('s1', 'both'), adopted('g1', 'theirs')));
    // Open here, its outbox owns the entry: left in the orphan record for a later start.
    expect(recordOf(kv, 'gone')).toEqual({ 'c-open': kept(message('g2', 'open here')) });
    expect(index(kv)).toEqual(['live', 'gone', 'me-before']);
  });

  it('a tab whose record is adopted between its read and its lock request gives up what it read', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    await closedTab(kv, locks, 'reloading', { c1: kept(message('m1', 'typed before the reload')) });
    let answer = (): void => undefined;
    locks.slow.set('captivate-hub-rx:owner:reloading', new Promise<void>((resolve) => (answer = resolve)));
    const reloaded = persist(kv, { owner: 'reloading', locks }).open();
    expect(reloaded.ids()).toEqual(['c1']); // read at once
    const adopter = persist(kv, { owner: 'other', locks }).open();
    locks.slow.delete('captivate-hub-rx:owner:reloading');
    await settle();
    expect(adopter.ids()).toEqual(['c1']); // the lock was free: adopted
    answer();
    await settle();
    expect(reloaded.owner).toBe('reloading');
    expect(reloaded.ids()).toEqual([]); // not sent twice: the adopter sends it
  });

  it('a reloading tab (its lock free for a moment, then held again) is not adopted; a closed one is', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    // Records of two tabs whose locks are free (written without locks: neither adopts the other).
    persist(kv, { owner: 'reloading', locks: null })
      .open()
      .put('c1', kept(message('m1', 'typed before the reload')));
    persist(kv, { owner: 'gone', locks: null })
      .open()
      .put('c2', kept(message('m2', 'typed before the close')));
    kv.set('captivate-hub-rx:owners', JSON.stringify(['reloading', 'gone']));
    const tab = persist(kv, { owner: 'tab', locks }).open();
    await settleNow(); // both locks found free
    // The reloading tab's new page takes its lock again, within the wait.
    void locks.request(
      'captivate-hub-rx:owner:reloading',
      { ifAvailable: true },
      () => new Promise(() => {}),
    );
    jest.advanceTimersByTime(4_999);
    await settleNow();
    expect(tab.ids()).toEqual([]);
    jest.advanceTimersByTime(1);
    await settleNow();
    expect(tab.ids()).toEqual(['c2']);
    expect(recordOf(kv, 'reloading')).toEqual({ c1: kept(message('m1', 'typed before the reload')) });
  });

  it('without locks nothing is adopted and no index is written; with them the same store is', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    await closedTab(kv, locks, 'gone', { c1: kept(message('m1', 'lost?')) });
    const before = new Map(kv.data);
    const plain = persist(kv, { owner: 'node', locks: null }).open();
    await settle();
    expect(plain.ids()).toEqual([]);
    plain.put('c2', kept());
    plain.put('c2', undefined);
    expect(kv.data).toEqual(before);
    const withLocks = persist(kv, { owner: 'browser', locks }).open();
    await settle();
    expect(withLocks.ids()).toEqual(['c1']);
  });

  it('a hostile index (not a list, odd entries, huge) is bounded and cannot crash the claim', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    kv.set(
      'captivate-hub-rx:owners',
      JSON.stringify([1, '', 'x'.repeat(500), ...Array.from({ length: 100 }, (_, i) => `o${i}`)]),
    );
    const asked = jest.spyOn(locks, 'request');
    const tab = persist(kv, { owner: 'tab', locks }).open();
    tab.put('c1', kept());
    await settle();
    // Its own lock (listed last), then the 31 others of the last 32 listed, twice (free, and still
    // free after the wait); none has a record, so each is taken off the index.
    expect(asked).toHaveBeenCalledTimes(1 + 31 * 2);
    expect(index(kv)).toEqual(['tab']);
    kv.set('captivate-hub-rx:owners', '{"__proto__": 1}');
    const other = persist(kv, { owner: 'other', locks }).open();
    other.put('c2', kept());
    await settle();
    expect(index(kv)).toEqual(['other']);
  });

  it('a duplicated tab whose sessionStorage refuses writes (full) still takes a fresh owner', async () => {
    const kv = new MemoryStore();
    const locks = new FakeLocks();
    const g = globalThis as { sessionStorage?: unknown };
    g.sessionStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    try {
      const first = persist(kv, { locks }).open(); // no owner id kept: 'default'
      first.put('c1', kept(message('m1', 'typed in the first tab')));
      await settle();
      const second = persist(kv, { locks }).open(); // 'default' too, its lock held
      await settle();
      expect(second.owner).not.toBe(first.owner);
      second.put('c2', kept(message('m2', 'typed in the second tab')));
      // The first tab's record is its own still: nothing overwrote it.
      expect(recordOf(kv, first.owner)).toEqual({ c1: kept(message('m1', 'typed in the first tab')) });
      expect(locks.held.has(`captivate-hub-rx:owner:${second.owner}`)).toBe(true);
    } finally {
      delete g.sessionStorage;
    }
  });

  describe('hub.close() ends the claim', () => {
    /** A hub on a store with locks whose `onAdopted` resumes what it adopted, as the widget's does. */
    function hubOn(kv: MemoryStore, locks: FakeLocks, owner: string, told: string[]) {
      const hub = connectHub({
        url: 'ws://127.0.0.1:9',
        apiKey: 'test-key',
        store: persist(kv, {
          owner,
          locks,
          onAdopted: (ids) => ids.forEach((id) => (told.push(id), hub.conversation(id))),
        }),
      });
      return hub;
    }

    it('a hub closed within the wait adopts nothing and lets go of its lock: the next tab adopts', async () => {
      const kv = new MemoryStore();
      const locks = new FakeLocks();
      await closedTab(kv, locks, 'gone', { c1: kept(message('m1', 'lost?')) });
      const told: string[] = [];
      const hub = hubOn(kv, locks, 'closing', told);
      await settleNow(); // its lock held, the orphan's found free: waiting
      expect(locks.held.has('captivate-hub-rx:owner:closing')).toBe(true);
      hub.close();
      await settle();
      expect(told).toEqual([]); // nothing called into the closed hub
      expect(locks.held.has('captivate-hub-rx:owner:closing')).toBe(false);
      expect(recordOf(kv, 'gone')).toEqual({ c1: kept(message('m1', 'lost?')) });
      const next = persist(kv, { owner: 'next', locks }).open();
      await settle();
      expect(next.ids()).toEqual(['c1']);
    });

    it('a hub closed before its lock is granted never holds it', async () => {
      const kv = new MemoryStore();
      const locks = new FakeLocks();
      await closedTab(kv, locks, 'gone', { c1: kept(message('m1', 'lost?')) });
      const told: string[] = [];
      hubOn(kv, locks, 'closing', told).close();
      await settle();
      expect(told).toEqual([]);
      expect(locks.held.size).toBe(0);
      expect(recordOf(kv, 'gone')).toEqual({ c1: kept(message('m1', 'lost?')) });
    });
  });
});
