import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationStore, defaultOwner, persist } from '../../lib/delivery/store.js';
import { fileStore } from '../../lib/node-store.js';
import { MemoryStore } from './support/memory-store.js';

const kept = {
  count: 2,
  tail: ['hello'],
  messages: [{ clientMsgId: 'm1', content: { type: 'text' as const, text: 'typed' }, written: true }],
};

describe('ConversationStore', () => {
  it('keeps one record per owner; each owner sees only its own conversations', () => {
    const kv = new MemoryStore();
    const tabA = new ConversationStore(kv, 'tab-a');
    const tabB = new ConversationStore(kv, 'tab-b');
    tabA.put('c1', kept);
    expect(new ConversationStore(kv, 'tab-a').get('c1')).toEqual(kept); // after a reload of tab A
    expect(new ConversationStore(kv, 'tab-b').ids()).toEqual([]); // tab B never sends tab A's messages
    tabB.put('c2', { tail: [], messages: [] });
    expect([...kv.data.keys()].sort()).toEqual([
      'captivate-hub-rx:outbox:tab-a',
      'captivate-hub-rx:outbox:tab-b',
    ]);
    tabA.put('c1', undefined);
    expect(kv.data.has('captivate-hub-rx:outbox:tab-a')).toBe(false);
  });

  it('drops malformed or hostile records instead of trusting them', () => {
    const kv = new MemoryStore();
    kv.set(
      'captivate-hub-rx:outbox:x',
      JSON.stringify({
        ok: kept,
        proto: { polluted: true, messages: [], tail: [] },
        bad: { messages: 'nope', tail: [] },
        partial: { tail: [1, 'k'], count: -3, messages: [{ clientMsgId: 5 }, kept.messages[0]] },
      }).replace('"proto"', '"__proto__"'),
    );
    const store = new ConversationStore(kv, 'x');
    expect(store.ids().sort()).toEqual(['__proto__', 'ok', 'partial']);
    expect(store.get('__proto__')).toEqual({ tail: [], messages: [] }); // an own key, not a prototype
    expect(store.get('partial')).toEqual({ tail: ['k'], messages: [kept.messages[0]] });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    kv.set('captivate-hub-rx:outbox:y', '{not json');
    expect(new ConversationStore(kv, 'y').ids()).toEqual([]);
  });

  it('fileStore survives a restart and writes through a rename', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-store-'));
    const path = join(dir, 'outbox.json');
    const fs = { readFileSync, writeFileSync, renameSync };
    new ConversationStore(fileStore(path, fs), 'default').put('c1', kept);
    expect(new ConversationStore(fileStore(path, fs), 'default').get('c1')).toEqual(kept);
    expect(readFileSync(path, 'utf8')).not.toContain('apikey');
  });

  it('persist: undefined in, undefined out; each open() reads the owner record under its namespace', () => {
    expect(persist(undefined)).toBeUndefined();
    const kv = new MemoryStore();
    persist(kv, { owner: 'o', namespace: 'ns' }).open().put('c1', kept);
    expect([...kv.data.keys()]).toEqual(['ns:outbox:o']);
    expect(persist(kv, { owner: 'o', namespace: 'ns' }).open().get('c1')).toEqual(kept);
    expect(persist(kv, { owner: 'other', namespace: 'ns' }).open().ids()).toEqual([]);
    expect(persist(kv).open().ids()).toEqual([]); // Node: owner 'default', namespace 'captivate-hub-rx'
  });

  it('the default owner is per tab and survives a reload (sessionStorage), else "default"', () => {
    expect(defaultOwner(() => 'fresh')).toBe('default'); // Node: no sessionStorage
    const session = new Map<string, string>();
    const g = globalThis as { sessionStorage?: unknown };
    g.sessionStorage = {
      getItem: (k: string) => session.get(k) ?? null,
      setItem: (k: string, v: string) => session.set(k, v),
    };
    try {
      expect(defaultOwner(() => 'tab-1')).toBe('tab-1');
      expect(defaultOwner(() => 'tab-2')).toBe('tab-1'); // the same tab after a reload
    } finally {
      delete g.sessionStorage;
    }
  });
});
