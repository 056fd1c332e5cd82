import type { StoredConversation } from './message-state.js';

/**
 * The part of the Web Locks API (`navigator.locks`) a store uses: an exclusive lock per owner,
 * asked for with `ifAvailable` (the callback gets `null` when another tab holds it). Atomic across
 * the tabs of an origin, which `localStorage` alone is not.
 */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: object | null) => Promise<unknown>,
  ): Promise<unknown>;
}

/** What a claim needs of the store (`ConversationStore` in store.ts). */
export interface Claimant {
  readonly namespace: string;
  readonly owner: string;
  /** This owner's lock is held by another live tab ("duplicate tab"): become `owner` instead. */
  renamed(owner: string): void;
  /** From now on, list the owner in the index while its record has conversations. */
  listed(): void;
  /** Merges an orphan record; returns what could not be taken (conversations open here). */
  adopt(orphan: Record<string, StoredConversation>): {
    readonly taken: string[];
    readonly left: Record<string, StoredConversation>;
  };
  /** An owner's record, checked (see `readRecord`). */
  record(owner: string): Record<string, StoredConversation>;
  /** Writes (or removes, when empty) an owner's record and its index entry. */
  write(owner: string, record: Record<string, StoredConversation>): void;
  /** Owners listed in the index. */
  owners(): string[];
}

/** The lock that says a tab with this owner id is alive. */
export const lockName = (namespace: string, owner: string): string => `${namespace}:owner:${owner}`;

/**
 * Takes `name` if no one holds it, for as long as the returned release is not called; resolves
 * `undefined` when another tab holds it. Nothing waits: `ifAvailable` answers at once.
 */
export function hold(locks: LockManagerLike, name: string): Promise<(() => void) | undefined> {
  return new Promise((granted) => {
    locks
      .request(name, { ifAvailable: true }, (lock) =>
        lock ? new Promise<void>((release) => granted(() => release())) : Promise.resolve(granted(undefined)),
      )
      .catch(() => granted(undefined)); // a lock manager that refuses (a sandboxed frame): no claim
  });
}

/**
 * A store's claim at start: hold the owner's lock for the hub's life (a duplicate tab, whose lock
 * is taken, becomes a fresh owner), then adopt the record of every listed owner whose lock is free —
 * its tab is gone. Each adoption runs while holding that owner's lock, so two tabs starting together
 * never both take one orphan, and a live tab's record (its lock held) is never taken. Resolves the
 * ids of the conversations adopted (`undefined`: no lock held). The owner's lock is never let go:
 * the browser does when the tab goes (a closed hub's record is empty: it forgets its conversations).
 */
export async function claim(
  locks: LockManagerLike,
  store: Claimant,
  fresh: () => string,
): Promise<string[] | undefined> {
  let release = await hold(locks, lockName(store.namespace, store.owner));
  if (!release) {
    store.renamed(fresh());
    release = await hold(locks, lockName(store.namespace, store.owner));
  }
  if (!release) return undefined; // a fresh id taken too: only a broken lock manager does that
  store.listed();
  const adopted: string[] = [];
  for (const owner of store.owners()) {
    if (owner === store.owner) continue;
    const unlock = await hold(locks, lockName(store.namespace, owner));
    if (!unlock) continue; // alive in another tab
    try {
      const { taken, left } = store.adopt(store.record(owner));
      store.write(owner, left);
      adopted.push(...taken);
    } finally {
      unlock();
    }
  }
  return adopted;
}
