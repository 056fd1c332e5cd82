// Under any interleaving of tabs starting, reloading, closing their hub (`close`) and going for good, with
// virtual time between: every message a closed tab left is kept in exactly one record — never lost,
// never kept twice (so never sent by two tabs).
import fc from 'fast-check';
import { type ConversationStore, persist } from '../../lib/delivery/store.js';
import { FakeLocks, settle as settleNow } from './support/fake-locks.js';
import { MemoryStore } from './support/memory-store.js';

type Step =
  | { readonly kind: 'start' }
  | { readonly kind: 'close' | 'gone' | 'reload' | 'open'; readonly tab: number }
  | { readonly kind: 'time'; readonly ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: 'start' as const }),
  fc.record({
    kind: fc.constantFrom('close' as const, 'gone' as const, 'reload' as const, 'open' as const),
    tab: fc.nat(7),
  }),
  fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 0, max: 6_000 }) }),
);

/** How many records in `kv` keep each message id. */
function keptCount(kv: MemoryStore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [key, value] of kv.data) {
    if (!key.startsWith('captivate-hub-rx:outbox:')) continue;
    const record = JSON.parse(value) as Record<string, { messages: { clientMsgId: string }[] }>;
    for (const conversation of Object.values(record))
      for (const m of conversation.messages) counts.set(m.clientMsgId, (counts.get(m.clientMsgId) ?? 0) + 1);
  }
  return counts;
}

describe('tab claims under any interleaving', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('every message left by a closed tab stays in exactly one record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(step, { maxLength: 12 }),
        async (orphans, steps) => {
          const kv = new MemoryStore();
          const locks = new FakeLocks();
          const ids = Array.from({ length: orphans }, (_, i) => `m${i}`);
          // Records of tabs gone for good (written without locks), listed in the index.
          ids.forEach((id, i) =>
            persist(kv, { owner: `gone${i}`, locks: null })
              .open()
              .put(`c${i % 2}`, {
                messages: [{ clientMsgId: id, content: { type: 'text', text: id }, written: false }],
                tail: [],
              }),
          );
          kv.set('captivate-hub-rx:owners', JSON.stringify(ids.map((_, i) => `gone${i}`)));
          const tabs: ConversationStore[] = [];
          for (const s of steps) {
            if (s.kind === 'start') tabs.push(persist(kv, { owner: `tab${tabs.length}`, locks }).open());
            else if (s.kind === 'time') jest.advanceTimersByTime(s.ms);
            else if (s.kind === 'close') tabs[s.tab]?.close();
            else if (s.kind === 'open') tabs[s.tab]?.get('c0');
            // The page of a tab (or of a gone one's) loads again with its owner id: a reload, or a
            // duplicate if that tab still holds its lock.
            else if (s.kind === 'reload') {
              const owner = tabs[s.tab]?.owner ?? `gone${s.tab % orphans}`;
              tabs.push(persist(kv, { owner, locks }).open());
            } else locks.closeTab(`captivate-hub-rx:owner:${tabs[s.tab]?.owner}`);
            await settleNow();
          }
          // Then every tab goes, and one last tab adopts whatever is left.
          for (const tab of tabs) tab.close();
          const last = persist(kv, { owner: 'last', locks }).open();
          await settleNow();
          jest.advanceTimersByTime(5_000);
          await settleNow();
          const counts = keptCount(kv);
          for (const id of ids) expect(counts.get(id)).toBe(1);
          expect(new Set(last.ids())).toEqual(new Set(ids.map((_, i) => `c${i % 2}`)));
        },
      ),
      { numRuns: 150 },
    );
  });
});
