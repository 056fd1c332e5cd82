import type { TranscriptEntry } from '../protocol/inbound.js';
import type { MessagePart } from '../protocol/parts.js';

type Author = 'bot' | 'agent';

/** A bot or agent transcript entry. */
export type IncomingEntry = TranscriptEntry & { readonly from: Author };

/**
 * What a conversation has already shown of the bot and the agents, to tell which transcript
 * entries it missed (issue 6 §4). The transcript carries no message ids, so matching is:
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
  /** Never holds `undefined`. */
  readonly #eventIds = new Set<string | undefined>();
  /** Author, parts, author, parts, … (flat: no object per message). */
  readonly #shown: (Author | readonly MessagePart[])[] = [];

  record(from: Author, eventId: string | undefined, parts: readonly MessagePart[]): void {
    if (eventId !== undefined) this.#eventIds.add(eventId);
    this.#shown.push(from, parts);
  }

  /** The bot and agent entries of `entries` not seen yet, in order; they count as seen afterwards. */
  unseen(entries: readonly TranscriptEntry[]): IncomingEntry[] {
    /** How many times each fingerprint was shown and not yet matched. */
    const left = new Map<string, number>();
    const shown = this.#shown;
    for (let i = 0; i < shown.length; i += 2) {
      const print = fingerprint(shown[i] as Author, shown[i + 1] as readonly MessagePart[]);
      left.set(print, (left.get(print) ?? 0) + 1);
    }
    const missed = entries.filter((entry): entry is IncomingEntry => {
      if (entry.from === 'user') return false;
      const print = fingerprint(entry.from, entry.parts);
      const count = left.get(print);
      // Uses up a content match whether or not the id matched too.
      if (count) left.set(print, count - 1);
      return !count && !this.#eventIds.has(entry.eventId);
    });
    for (const entry of missed) this.record(entry.from, entry.eventId, entry.parts);
    return missed;
  }
}

function fingerprint(from: Author, parts: readonly MessagePart[]): string {
  const texts = parts.flatMap((part) => (part.type === 'text' ? [part.text.trim()] : []));
  return `${from}\u0000${texts.length ? texts.join('\n') : parts.map((part) => part.type).join(',')}`;
}
