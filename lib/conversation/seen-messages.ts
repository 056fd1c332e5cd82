import type { TranscriptEntry } from '../protocol/inbound.js';
import type { MessagePart } from '../protocol/parts.js';
import type { ChatMessage } from './chat-message.js';
import { HotStream } from './hot-stream.js';

type Author = 'bot' | 'agent';

/** A bot or agent transcript entry. */
export type IncomingEntry = TranscriptEntry & { readonly from: Author };

/** How many of the latest bot and agent messages a conversation remembers for `recover$` (their parts). */
export const SEEN_WINDOW = 100;

/**
 * What a conversation has already shown of the bot and the agents, to tell which transcript
 * entries it missed (see `recover$` in docs/reconnection.md), in bounded memory: a count of every message shown, and the
 * last `window` of them.
 *
 * The transcript lists the conversation's messages in order, so its first `count − window` bot
 * and agent entries are taken as seen (exact while fewer than `window` messages were shown since
 * the missed ones; see docs/reconnection.md). The rest are matched against the window:
 *
 * 1. by event id, when the transcript entry has one (`transcript` form: the delivery's
 *    `event_id`, the same as the live event's);
 * 2. otherwise by content: author + the text of its parts (or the part types when there is no
 *    text), counted — two identical "Sorry?" seen and three in the transcript → one is missed.
 *
 * An entry matched by content uses up that match whether or not its id matched too, so the two
 * rules never count a message twice. Recording is O(1) and keeps no string or object of the
 * message: each is remembered as two 53-bit hashes (of its fingerprint and of its event id) in an
 * array of numbers, which V8 stores unboxed. Keeping the message's own strings would move them to
 * the old generation (a ring slot of one of thousands of conversations outlives many young-generation
 * collections) and cost a write barrier on every frame. Two different messages taken for the same
 * one would need two 53-bit hashes to collide among at most `window` of them.
 *
 * It is the conversation's message stream itself (what it shows is what it remembers): routing a
 * message reaches the subscriber from here, one object less to read on a cold conversation.
 */
export class SeenMessages extends HotStream<ChatMessage> {
  /** Messages shown, ever. */
  #count = 0;
  /** The last `window` shown, as a ring: fingerprint hash, event id hash (`-1`: none), … */
  readonly #recent: number[] = [];

  readonly #window: number;

  /** `earlyLimit`: messages kept for the first subscriber (see `HotStream`). */
  constructor(window = SEEN_WINDOW, earlyLimit = 0) {
    super(earlyLimit);
    this.#window = window;
  }

  /** How many messages are remembered (at most `window`). */
  get size(): number {
    return this.#recent.length / 2;
  }

  record(from: Author, eventId: string | undefined, parts: readonly MessagePart[]): void {
    const at = (this.#count++ % this.#window) * 2;
    this.#recent[at] = printOf(from, parts);
    this.#recent[at + 1] = idOf(eventId);
  }

  /** The bot and agent entries of `entries` not seen yet, in order; they count as seen afterwards. */
  unseen(entries: readonly TranscriptEntry[]): IncomingEntry[] {
    /** How many times each fingerprint was shown and not yet matched. */
    const left = new Map<number, number>();
    const ids = new Set<number>();
    const recent = this.#recent;
    for (let i = 0; i < recent.length; i += 2) {
      const print = recent[i]!;
      left.set(print, (left.get(print) ?? 0) + 1);
      ids.add(recent[i + 1]!);
    }
    let older = this.#count - this.size;
    const missed = entries.filter((entry): entry is IncomingEntry => {
      if (entry.from === 'user') return false;
      if (older > 0) {
        older--;
        return false;
      }
      const print = printOf(entry.from, entry.parts);
      const count = left.get(print);
      // Uses up a content match whether or not the id matched too.
      if (count) left.set(print, count - 1);
      return !count && (entry.eventId === undefined || !ids.has(idOf(entry.eventId)));
    });
    for (const entry of missed) this.record(entry.from, entry.eventId, entry.parts);
    return missed;
  }
}

/**
 * The hash of a message's fingerprint: the text of its parts, trimmed (or the part types when
 * there is no text), seeded with its author. A lone text part, the usual message, makes no string.
 */
function printOf(from: Author, parts: readonly MessagePart[]): number {
  const [only] = parts;
  const seed = from === 'bot' ? 1 : 2;
  if (parts.length === 1 && only?.type === 'text') return hash53(only.text.trim(), seed);
  const texts = parts.flatMap((part) => (part.type === 'text' ? [part.text.trim()] : []));
  return hash53(texts.length ? texts.join('\n') : parts.map((part) => part.type).join(','), seed);
}

const idOf = (eventId: string | undefined): number => (eventId === undefined ? -1 : hash53(eventId, 0));

/** A 53-bit string hash (two 32-bit multiplicative lanes): an exact integer, ≥ 0. */
function hash53(text: string, seed: number): number {
  let h1 = seed;
  let h2 = ~seed;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 2654435761);
    h2 = Math.imul(h2 ^ h1, 1597334677);
  }
  return (h2 >>> 11) * 4294967296 + (h1 >>> 0);
}
