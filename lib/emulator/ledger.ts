import type { WireObject } from '../protocol/wire.js';

/** One client event as the emulator received it. */
export interface ReceivedEvent {
  /** 1, 2, 3, … in arrival order over the emulator's life. */
  readonly seq: number;
  /** `Date.now()` at arrival. */
  readonly at: number;
  /** The socket id (`socket_connected.socket_id`) of the connection it came on, or named by the HTTP post. */
  readonly connectionId: string;
  /** `socket` for a WebSocket frame, `http` for the compatibility endpoint. */
  readonly via: 'socket' | 'http';
  /** The client event type, e.g. `user_message`. */
  readonly eventType: string;
  /** The conversation it was for; for `conversation_start`, the conversation it created. */
  readonly conversationId: string | undefined;
  /** The event's `client_msg_id`, when it has one. */
  readonly clientMsgId: string | undefined;
  /** The event's payload as received (snake_case). */
  readonly payload: WireObject;
}

/** Bounds and clock of a {@link ReceivedLedger}. */
export interface LedgerOptions {
  /** At most this many entries. @default 100000 */
  readonly capacity?: number;
  /** At most this many bytes of frames. @default 67108864 (64 MiB) */
  readonly maxBytes?: number;
  /** Where `at` comes from (the emulator's clock). @default Date.now */
  readonly now?: () => number;
}

type MutableEntry = { -readonly [K in keyof ReceivedEvent]: ReceivedEvent[K] };

/**
 * Every well-formed inbound client event, in order, so a test can prove each message arrived exactly
 * once, per connection and per conversation. Bounded twice: past `capacity` entries, or past
 * `maxBytes` of frames (each entry counts the size of the frame it came in), the oldest go — half
 * the bound at a time, so recording stays O(1) amortised.
 */
export class ReceivedLedger {
  private entries: MutableEntry[] = [];
  /** The frame size of each entry, in the same order. */
  private sizes: number[] = [];
  private bytes = 0;
  private seq = 0;

  private readonly capacity: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: LedgerOptions = {}) {
    this.capacity = options.capacity ?? 100_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** @internal The router records, then fills in the conversation a start created. `bytes`: the frame's size. */
  record(entry: Omit<ReceivedEvent, 'seq' | 'at'>, bytes = 0): MutableEntry {
    const full: MutableEntry = {
      seq: ++this.seq,
      at: this.now(),
      connectionId: entry.connectionId,
      via: entry.via,
      eventType: entry.eventType,
      conversationId: entry.conversationId,
      clientMsgId: entry.clientMsgId,
      payload: entry.payload,
    };
    this.entries.push(full);
    this.sizes.push(bytes);
    this.bytes += bytes;
    if (this.entries.length > this.capacity) this.dropOldest(this.entries.length - (this.capacity >> 1));
    if (this.bytes > this.maxBytes) this.dropOldest(this.countToFit(this.maxBytes / 2));
    return full;
  }

  /** How many of the oldest entries must go for the rest to fit in `budget` bytes. */
  private countToFit(budget: number): number {
    let excess = this.bytes - budget;
    let count = 0;
    while (excess > 0 && count < this.sizes.length) excess -= this.sizes[count++] ?? 0;
    return count;
  }

  private dropOldest(count: number): void {
    this.entries.splice(0, count);
    for (const size of this.sizes.splice(0, count)) this.bytes -= size;
  }

  /** Every kept entry, oldest first. */
  all(): readonly ReceivedEvent[] {
    return this.entries.slice();
  }

  /** The events that came on one socket, in order. */
  forConnection(connectionId: string): readonly ReceivedEvent[] {
    return this.entries.filter((e) => e.connectionId === connectionId);
  }

  /** The events for one conversation, in order. */
  forConversation(conversationId: string): readonly ReceivedEvent[] {
    return this.entries.filter((e) => e.conversationId === conversationId);
  }

  /** Entries of one event type, e.g. every `user_message`. */
  ofType(eventType: string): readonly ReceivedEvent[] {
    return this.entries.filter((e) => e.eventType === eventType);
  }

  /** Entries carrying this `client_msg_id`: exactly one when a message arrived exactly once. */
  withClientMsgId(clientMsgId: string): readonly ReceivedEvent[] {
    return this.entries.filter((e) => e.clientMsgId === clientMsgId);
  }

  /** Events received since start (including ones past capacity). */
  get total(): number {
    return this.seq;
  }

  /** Forgets every entry (the sequence numbers keep counting). */
  clear(): void {
    this.entries = [];
    this.sizes = [];
    this.bytes = 0;
  }
}
