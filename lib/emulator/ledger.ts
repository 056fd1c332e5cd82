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

type MutableEntry = { -readonly [K in keyof ReceivedEvent]: ReceivedEvent[K] };

/**
 * Every well-formed inbound client event, in order, so a test can prove each message arrived exactly
 * once, per connection and per conversation. Bounded: past `capacity` the oldest entries go.
 */
export class ReceivedLedger {
  private entries: MutableEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 100_000) {}

  /** @internal The router records, then fills in the conversation a start created. */
  record(entry: Omit<ReceivedEvent, 'seq' | 'at'>): MutableEntry {
    const full: MutableEntry = {
      seq: ++this.seq,
      at: Date.now(),
      connectionId: entry.connectionId,
      via: entry.via,
      eventType: entry.eventType,
      conversationId: entry.conversationId,
      clientMsgId: entry.clientMsgId,
      payload: entry.payload,
    };
    this.entries.push(full);
    // Halving in one splice keeps the push path O(1) amortised.
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - (this.capacity >> 1));
    return full;
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
  }
}
