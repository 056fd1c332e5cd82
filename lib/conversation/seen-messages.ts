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
 * An entry matched by id also uses up one content match, so the two rules never count a message
 * twice. Recording is O(1) on the hot path; fingerprints are computed only when recovering.
 */
export class SeenMessages {
  private readonly eventIds = new Set<string>();
  private readonly counts = new Map<string, number>();
  private unprinted: { readonly from: Author; readonly parts: readonly MessagePart[] }[] = [];

  record(from: Author, eventId: string | undefined, parts: readonly MessagePart[]): void {
    if (eventId !== undefined) this.eventIds.add(eventId);
    this.unprinted.push({ from, parts });
  }

  /** The bot and agent entries of `entries` not seen yet, in order; they count as seen afterwards. */
  unseen(entries: readonly TranscriptEntry[]): IncomingEntry[] {
    this.fingerprintRecorded();
    const remaining = new Map(this.counts);
    const missed: IncomingEntry[] = [];
    for (const entry of entries) {
      if (!isIncoming(entry)) continue;
      const print = fingerprint(entry.from, entry.parts);
      const left = remaining.get(print) ?? 0;
      const seenById = entry.eventId !== undefined && this.eventIds.has(entry.eventId);
      if (left > 0) remaining.set(print, left - 1);
      if (seenById || left > 0) continue;
      missed.push(entry);
    }
    for (const entry of missed) this.record(entry.from, entry.eventId, entry.parts);
    return missed;
  }

  private fingerprintRecorded(): void {
    for (const { from, parts } of this.unprinted) {
      const print = fingerprint(from, parts);
      this.counts.set(print, (this.counts.get(print) ?? 0) + 1);
    }
    this.unprinted = [];
  }
}

function isIncoming(entry: TranscriptEntry): entry is IncomingEntry {
  return entry.from === 'bot' || entry.from === 'agent';
}

function fingerprint(from: Author, parts: readonly MessagePart[]): string {
  const texts = parts.flatMap((part) => (part.type === 'text' ? [part.text.trim()] : []));
  const body = texts.length > 0 ? texts.join('\n') : parts.map((part) => part.type).join(',');
  return `${from}\u0000${body}`;
}
