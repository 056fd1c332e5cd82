import { isWireObject } from '../protocol/json.js';
import type { StoredConversation } from './message-state.js';
import { newClientMsgId } from './client-msg-id.js';
import { type LockManagerLike, hold } from './tab-claim.js';

export type { LockManagerLike } from './tab-claim.js';

/**
 * Where the client keeps open conversations and their queued and unconfirmed messages across a
 * page reload or a process restart. Synchronous, like `localStorage`; any object with these three
 * methods fits. What is stored: conversation ids, message contents and `client_msg_id`s, counts —
 * never the API key, the URL or a frame.
 */
export interface KeyValueStore {
  /** The value under `key`; `null` or `undefined` when there is none. */
  get(key: string): string | null | undefined;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: string): void;
  /** Removes `key` (nothing happens when it is absent). */
  remove(key: string): void;
}

/** Options of {@link persist}. */
export interface StoreOptions {
  /**
   * Who owns what this client stores. Each owner has its own record and only ever sends its own
   * messages, so several tabs (or processes) sharing one store never send a message twice.
   * @default in a browser, an id kept in `sessionStorage` (the same tab across reloads, a new one
   * per tab); elsewhere `'default'` (one process per store)
   */
  readonly owner?: string | undefined;
  /** Prefix of the store's keys. @default 'captivate-hub-rx' */
  readonly namespace?: string | undefined;
  /**
   * Locks that tell live tabs from closed ones (docs/reconnection.md, "Several tabs, one store"):
   * a duplicated tab takes a fresh owner, and the records of closed tabs are adopted. `null`: none
   * (each owner keeps its record until its own tab comes back).
   * @default `navigator.locks` where there is one (every current browser); none in Node
   */
  readonly locks?: LockManagerLike | null | undefined;
  /**
   * Called once the conversations of tabs closed for good were adopted into this tab's record (they
   * are then in `hub.storedConversations()`). Resume each with `hub.conversation(id)` to deliver
   * its kept messages.
   * @example
   * const hub = connectHub({ url, apiKey, store: persist(localStorageStore(), {
   *   onAdopted: (ids) => ids.forEach((id) => hub.conversation(id)),
   * }) });
   */
  readonly onAdopted?: ((conversationIds: readonly string[]) => void) | undefined;
  /**
   * How long another owner's lock must stay free before its record is adopted: a tab that reloads
   * lets go of its lock until its new page asks again, so this is longer than a page load.
   * @default 5000
   */
  readonly adoptAfterMs?: number | undefined;
}

/**
 * What {@link persist} returns: give it to `connectHub({ store })`. Build it with `persist` only;
 * one per hub (it holds the hub's record in memory).
 */
export interface HubStore {
  /**
   * Reads the owner's record (once, when the hub is created); with locks, claims the owner and
   * adopts orphan records after that. @internal
   */
  readonly open: () => ConversationStore;
}

/**
 * Makes a hub keep its open conversations and their queued and unconfirmed messages in `store`
 * (never the API key), so a page reload or a process restart resumes them. An import, not a flag:
 * an app that does not call it does not bundle the store's code. `undefined` in, `undefined` out,
 * so `persist(localStorageStore())` works where there is no `localStorage`.
 * @example
 * import { connectHub, localStorageStore, persist } from 'captivate-hub-rx';
 * const hub = connectHub({ url, apiKey, store: persist(localStorageStore()) });
 */
export function persist(store: KeyValueStore, options?: StoreOptions): HubStore;
export function persist(store: KeyValueStore | undefined, options?: StoreOptions): HubStore | undefined;
export function persist(store: KeyValueStore | undefined, options: StoreOptions = {}): HubStore | undefined {
  return (
    store && {
      open: () => {
        const { owner, locks = navigatorLocks(), onAdopted, adoptAfterMs = 5_000 } = options;
        const opened = new ConversationStore(store, owner ?? defaultOwner(newClientMsgId), options.namespace);
        // A fresh owner id (duplicate tab) is kept for this tab, as `defaultOwner` keeps the first.
        const fresh = (): string =>
          owner === undefined ? defaultOwner(newClientMsgId, true) : newClientMsgId();
        // A store that throws (full) ends the claim: what it did not adopt stays for a later start.
        if (locks)
          opened.claim(locks, fresh, adoptAfterMs).then(
            (ids) => ids?.length && onAdopted?.(ids),
            () => undefined,
          );
        return opened;
      },
    }
  );
}

/** `navigator.locks`, where there is one. */
function navigatorLocks(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

/**
 * `localStorage` as a {@link KeyValueStore}, or `undefined` where there is none (Node, blocked storage).
 * @example
 * const hub = connectHub({ url, apiKey, store: persist(localStorageStore()) });
 */
export function localStorageStore(): KeyValueStore | undefined {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    if (!storage) return undefined;
    return {
      get: (key) => storage.getItem(key),
      set: (key, value) => storage.setItem(key, value),
      remove: (key) => storage.removeItem(key),
    };
  } catch {
    return undefined; // a sandboxed frame throws on access
  }
}

const OWNER_KEY = 'captivate-hub-rx:owner';

/**
 * This tab's owner id: kept in `sessionStorage`, which survives a reload and is per tab (`renew`:
 * a fresh one, for a duplicated tab, whose `sessionStorage` is a copy).
 */
export function defaultOwner(random: () => string, renew = false): string {
  try {
    const session = (globalThis as { sessionStorage?: Storage }).sessionStorage;
    if (!session) return renew ? random() : 'default';
    const kept = session.getItem(OWNER_KEY);
    if (kept && !renew) return kept;
    const made = random();
    session.setItem(OWNER_KEY, made);
    return made;
  } catch {
    // A `sessionStorage` that refuses (full, blocked): a duplicate's fresh id is fresh still, else
    // it would share, and overwrite, the record of the tab whose lock it found held.
    return renew ? random() : 'default';
  }
}

/** Owners listed at most in the index (the oldest dropped first). */
const MAX_OWNERS = 32;

/**
 * The conversations one owner keeps, as one record: `{ [conversationId]: StoredConversation }`.
 * With locks (`claim`), it also lists its owner in the index of owners and adopts orphan records.
 */
export class ConversationStore {
  /** Whose record this is (a duplicated tab's changes once `claim` finds it is one). */
  owner: string;
  #conversations: Record<string, StoredConversation>;
  /** Conversations the hub opened (read or written): an adopted record never overwrites them. */
  readonly #open = new Set<string>();
  /** Conversations closed (forgotten) since they were last opened. */
  readonly #closed = new Set<string>();
  /** The owner is claimed: its record is listed in the index (`#list`). */
  #listed = false;
  /** What the claim holds or waits on (its locks, its wait), let go by `close`; `undefined` once closed. */
  #holding: (() => void)[] | undefined = [];

  readonly #kv: KeyValueStore;
  readonly #namespace: string;

  constructor(kv: KeyValueStore, owner: string, namespace = 'captivate-hub-rx') {
    this.#kv = kv;
    this.#namespace = namespace;
    this.owner = owner;
    this.#conversations = this.#read(owner);
  }

  /** Ids of the conversations kept (open when the app last ran, or adopted), oldest first. */
  ids(): string[] {
    return Object.keys(this.#conversations);
  }

  get(conversationId: string): StoredConversation | undefined {
    this.#open.add(conversationId);
    this.#closed.delete(conversationId); // opened again (a conversation reads its state first)
    return Object.hasOwn(this.#conversations, conversationId)
      ? this.#conversations[conversationId]
      : undefined;
  }

  /** Keeps a conversation's state; `undefined` forgets it. */
  put(conversationId: string, state: StoredConversation | undefined): void {
    // A conversation closed from one of its own callbacks (a status completing) writes once more
    // after its close: kept, it would come back at the next start.
    if (this.#closed.has(conversationId)) return;
    if (!state) this.#closed.add(conversationId);
    this.#open.add(conversationId);
    if (state) this.#conversations[conversationId] = state;
    else if (Object.hasOwn(this.#conversations, conversationId)) delete this.#conversations[conversationId];
    else return;
    this.#write(this.owner, this.#conversations);
  }

  /**
   * Claims the owner with `locks`, in the background (the record was read already): holds its lock
   * for the page's life (the browser lets go when the tab goes); a duplicated tab, whose lock is
   * held, becomes `fresh()` and leaves the record it read to the tab it copies. Then adopts the
   * record of every listed owner whose lock is free, and still free `adoptAfterMs` later (its tab
   * is gone, not reloading), while holding that lock, so two tabs starting together never both take
   * one, and a live tab's never is. Resolves the ids of the conversations adopted (`undefined`: no
   * lock held).
   */
  async claim(
    locks: LockManagerLike,
    fresh: () => string,
    adoptAfterMs: number,
  ): Promise<string[] | undefined> {
    const own = await this.#hold(locks, this.owner);
    if (!this.#holding) return undefined;
    if (!own) {
      this.owner = fresh();
      this.#conversations = Object.create(null) as Record<string, StoredConversation>;
      for (const id of this.#open) this.#conversations[id] = { messages: [], tail: [] };
      if (!(await this.#hold(locks, this.owner))) return undefined; // a broken lock manager, or closed
    } else {
      // A tab that held our lock between our read and our request adopted what is gone since: its now.
      const now = this.#read(this.owner);
      for (const id of this.ids()) if (!this.#open.has(id) && !now[id]) delete this.#conversations[id];
    }
    this.#listed = true;
    this.#write(this.owner, this.#conversations);
    // A tab that reloads lets go of its lock until its new page asks again (a page load): only an
    // owner whose lock is free now and still free `adoptAfterMs` later is gone for good.
    const free: string[] = [];
    for (const owner of this.#owners()) {
      const unlock = owner !== this.owner && (await this.#hold(locks, owner));
      if (unlock) {
        unlock();
        free.push(owner);
      }
    }
    const taken: string[] = [];
    if (free.length)
      await new Promise<void>((later) => {
        const timer = setTimeout(later, adoptAfterMs);
        this.#holding?.push(() => (clearTimeout(timer), later())); // cut short by `close`
      });
    for (const owner of free) {
      const unlock = await this.#hold(locks, owner);
      if (!unlock) continue; // alive again (it was a reload), or closed
      try {
        taken.push(...this.#adopt(owner));
      } finally {
        unlock();
      }
    }
    // Closed meanwhile (`close`): what it adopted stays listed, under a lock now free.
    return this.#holding && taken;
  }

  /** Merges what `owner` (whose lock is held) kept into this record; returns the ids taken. */
  #adopt(owner: string): string[] {
    const taken: string[] = [];
    const left = Object.create(null) as Record<string, StoredConversation>;
    for (const [id, theirs] of Object.entries(this.#read(owner))) {
      // Open here, its outbox owns the entry (a merge would be overwritten): left for a later start.
      if (this.#open.has(id)) left[id] = theirs;
      else {
        this.#conversations[id] = merged(this.#conversations[id], theirs);
        taken.push(id);
      }
    }
    this.#write(this.owner, this.#conversations);
    this.#write(owner, left);
    return taken;
  }

  /**
   * Ends the claim (the hub closed): its wait ends, it adopts no more, and the locks it holds are
   * let go, so another tab can adopt what this one leaves.
   */
  close(): void {
    this.#holding?.forEach((release) => release());
    this.#holding = undefined;
  }

  /** `hold` of an owner's lock, let go by `close` too; none once closed. */
  async #hold(locks: LockManagerLike, owner: string): Promise<(() => void) | undefined> {
    const unlock = await hold(locks, this.#key('owner', owner));
    // Letting go twice does nothing: a lock let go at once stays listed (at most 1 + 2 × 32).
    const holding = this.#holding;
    if (unlock && holding) holding.push(unlock);
    else unlock?.();
    return holding && unlock;
  }

  #read(owner: string): Record<string, StoredConversation> {
    return readRecord(this.#kv.get(this.#key('outbox', owner)));
  }

  /** Writes an owner's record (removed when empty) and, once claimed, its entry in the index. */
  #write(owner: string, record: Record<string, StoredConversation>): void {
    const kept = Object.keys(record).length > 0;
    if (kept) this.#kv.set(this.#key('outbox', owner), JSON.stringify(record));
    else this.#kv.remove(this.#key('outbox', owner));
    const owners = this.#listed ? this.#owners() : [];
    if (this.#listed && owners.includes(owner) !== kept) {
      const next = kept ? [...owners, owner].slice(-MAX_OWNERS) : owners.filter((o) => o !== owner);
      this.#kv.set(this.#key('owners'), JSON.stringify(next));
    }
  }

  /** The index of owners with a record (a `KeyValueStore` cannot list its keys), checked and bounded. */
  #owners(): string[] {
    try {
      const owners: unknown = JSON.parse(this.#kv.get(this.#key('owners')) ?? '[]');
      return Array.isArray(owners)
        ? owners.filter((o): o is string => typeof o === 'string' && o.length <= 200).slice(-MAX_OWNERS)
        : [];
    } catch {
      return [];
    }
  }

  /** `outbox:<owner>` (a record), `owner:<owner>` (a lock), `owners` (the index), under the namespace. */
  #key(...parts: string[]): string {
    return [this.#namespace, ...parts].join(':');
  }
}

/**
 * An adopted conversation, merged into ours (if we keep it too): ours, then their messages not
 * already ours (by `client_msg_id`, so adopting twice after a crash adds nothing). Theirs count as
 * written: a tab that shared their owner (a duplicate, a reload racing the lock) may have sent them,
 * so the transcript is checked before any is sent. The count is dropped when two tabs' messages mix
 * (the check then uses the content rule).
 */
function merged(ours: StoredConversation | undefined, theirs: StoredConversation): StoredConversation {
  const messages = theirs.messages.map((m) => ({ ...m, written: true }));
  if (!ours) return { ...theirs, messages };
  const mine = new Set(ours.messages.map((m) => m.clientMsgId));
  return {
    messages: [...ours.messages, ...messages.filter((m) => !mine.has(m.clientMsgId))],
    tail: ours.tail,
  };
}

/** A stored record, checked: anything malformed is dropped (a store is input too). */
function readRecord(text: string | null | undefined): Record<string, StoredConversation> {
  const record = Object.create(null) as Record<string, StoredConversation>;
  if (!text) return record;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return record;
  }
  if (!isWireObject(parsed)) return record;
  for (const [id, value] of Object.entries(parsed)) {
    const conversation = storedConversation(value);
    if (conversation) record[id] = conversation;
  }
  return record;
}

function storedConversation(value: unknown): StoredConversation | undefined {
  if (!isWireObject(value) || !Array.isArray(value.messages) || !Array.isArray(value.tail)) return undefined;
  const messages = value.messages.filter(
    (m): m is StoredConversation['messages'][number] =>
      isWireObject(m) &&
      typeof m.clientMsgId === 'string' &&
      typeof m.written === 'boolean' &&
      isWireObject(m.content),
  );
  const tail = value.tail.filter((key): key is string => typeof key === 'string');
  const count = typeof value.count === 'number' && value.count >= 0 ? value.count : undefined;
  return { messages, tail, ...(count !== undefined && { count }) };
}
