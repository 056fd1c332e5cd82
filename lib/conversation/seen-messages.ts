import type { TranscriptEntry } from '../protocol/inbound.js';
import type { MessagePart } from '../protocol/parts.js';

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
 * rules never count a message twice. Recording is O(1) and allocation-free on the hot path;
 * fingerprints are computed only when recovering, which is rare.
 */
export class SeenMessages {
  /** Messages shown, ever. */
  #count = 0;
  /** The last `window` shown, as a ring: author, event id, parts (or text), … (flat: no object per message). */
  readonly #recent: (string | undefined | readonly MessagePart[])[] = [];

  readonly #window: number;

  constructor(window = SEEN_WINDOW) {
    this.#window = window;
  }

  /** How many messages are remembered (at most `window`). */
  get size(): number {
    return this.#recent.length / 3;
  }

  record(from: Author, eventId: string | undefined, parts: readonly MessagePart[]): void {
    const at = (this.#count++ % this.#window) * 3;
    this.#recent[at] = from;
    this.#recent[at + 1] = eventId;
    // A lone text part (the usual message) is kept as its text: one object less to retain per message.
    const [only] = parts;
    this.#recent[at + 2] = parts.length === 1 && only?.type === 'text' ? only.text : parts;
  }

  /** The bot and agent entries of `entries` not seen yet, in order; they count as seen afterwards. */
  unseen(entries: readonly TranscriptEntry[]): IncomingEntry[] {
    /** How many times each fingerprint was shown and not yet matched. */
    const left = new Map<string, number>();
    const ids = new Set<unknown>();
    const recent = this.#recent;
    for (let i = 0; i < recent.length; i += 3) {
      const print = fingerprint(recent[i] as Author, recent[i + 2] as string | readonly MessagePart[]);
      left.set(print, (left.get(print) ?? 0) + 1);
      if (recent[i + 1] !== undefined) ids.add(recent[i + 1]);
    }
    let older = this.#count - this.size;
    const missed = entries.filter((entry): entry is IncomingEntry => {
      if (entry.from === 'user') return false;
      if (older > 0) {
        older--;
        return false;
      }
      const print = fingerprint(entry.from, entry.parts);
      const count = left.get(print);
      // Uses up a content match whether or not the id matched too.
      if (count) left.set(print, count - 1);
      return !count && !ids.has(entry.eventId);
    });
    for (const entry of missed) this.record(entry.from, entry.eventId, entry.parts);
    return missed;
  }
}

function fingerprint(from: Author, content: string | readonly MessagePart[]): string {
  if (typeof content === 'string') return `${from}\u0000${content.trim()}`;
  const texts = content.flatMap((part) => (part.type === 'text' ? [part.text.trim()] : []));
  return `${from}\u0000${texts.length ? texts.join('\n') : content.map((part) => part.type).join(',')}`;
}
