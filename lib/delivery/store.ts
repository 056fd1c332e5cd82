import { isWireObject } from '../protocol/json.js';
import type { StoredConversation } from './message-state.js';
import { newClientMsgId } from './client-msg-id.js';

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
}

/**
 * What {@link persist} returns: give it to `connectHub({ store })`. Build it with `persist` only;
 * one per hub (it holds the hub's record in memory).
 */
export interface HubStore {
  /** Reads the owner's record (once, when the hub is created). @internal */
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
      open: () =>
        new ConversationStore(store, options.owner ?? defaultOwner(newClientMsgId), options.namespace),
    }
  );
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

/** This tab's owner id: kept in `sessionStorage`, which survives a reload and is per tab. */
export function defaultOwner(random: () => string): string {
  try {
    const session = (globalThis as { sessionStorage?: Storage }).sessionStorage;
    if (!session) return 'default';
    const kept = session.getItem(OWNER_KEY);
    if (kept) return kept;
    const made = random();
    session.setItem(OWNER_KEY, made);
    return made;
  } catch {
    return 'default';
  }
}

/** The conversations one owner keeps, as one record: `{ [conversationId]: StoredConversation }`. */
export class ConversationStore {
  readonly #key: string;
  #conversations: Record<string, StoredConversation>;

  readonly #kv: KeyValueStore;

  constructor(kv: KeyValueStore, owner: string, namespace = 'captivate-hub-rx') {
    this.#kv = kv;
    this.#key = `${namespace}:outbox:${owner}`;
    this.#conversations = readRecord(kv.get(this.#key));
  }

  /** Ids of the conversations kept (open when the app last ran), oldest first. */
  ids(): string[] {
    return Object.keys(this.#conversations);
  }

  get(conversationId: string): StoredConversation | undefined {
    return Object.hasOwn(this.#conversations, conversationId)
      ? this.#conversations[conversationId]
      : undefined;
  }

  /** Keeps a conversation's state; `undefined` forgets it. */
  put(conversationId: string, state: StoredConversation | undefined): void {
    if (state) this.#conversations[conversationId] = state;
    else if (Object.hasOwn(this.#conversations, conversationId)) delete this.#conversations[conversationId];
    else return;
    if (Object.keys(this.#conversations).length === 0) this.#kv.remove(this.#key);
    else this.#kv.set(this.#key, JSON.stringify(this.#conversations));
  }
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
