/** Default of `largeMessagesCapacity`: replies kept for their `message_link`. */
export const LARGE_MESSAGES_CAPACITY = 256;

/** Default of `largeMessagesMaxBytes`: 32 MiB of stored replies (as JSON text). */
export const LARGE_MESSAGES_MAX_BYTES = 32 * 1024 * 1024;

interface Stored {
  readonly content: unknown;
  readonly bytes: number;
  /** The API key of the socket the link was sent to. */
  readonly apiKey: string | undefined;
}

/**
 * Replies too large for the socket, kept for `GET /messages/:id`. Bounded by a count and a byte
 * budget, the oldest forgotten first (their link then answers 404): a client asking again and
 * again for a large transcript cannot grow the emulator's memory. The newest reply always stays,
 * even alone over the budget, since its link has just been sent.
 */
export class LargeMessageStore {
  private readonly byId = new Map<string, Stored>();
  private total = 0;

  constructor(
    private readonly capacity: number = LARGE_MESSAGES_CAPACITY,
    private readonly maxBytes: number = LARGE_MESSAGES_MAX_BYTES,
  ) {}

  /**
   * Keeps `content` under `id`; `bytes` is its size, counted against the budget; `apiKey` the key
   * of the socket its link goes to (see {@link apiKeyOf}).
   */
  set(id: string, content: unknown, bytes: number, apiKey?: string): void {
    this.delete(id);
    this.byId.set(id, { content, bytes, apiKey });
    this.total += bytes;
    // A Map iterates in insertion order: its first key is the oldest reply.
    for (const oldest of this.byId.keys()) {
      if (this.byId.size <= 1 || (this.byId.size <= this.capacity && this.total <= this.maxBytes)) break;
      this.delete(oldest);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The stored content, or `undefined` for an unknown or forgotten id. */
  get(id: string): unknown {
    return this.byId.get(id)?.content;
  }

  /** The API key of the socket the reply's link was sent to (`undefined`: none, or unknown id). */
  apiKeyOf(id: string): string | undefined {
    return this.byId.get(id)?.apiKey;
  }

  /** How many replies are kept. */
  get size(): number {
    return this.byId.size;
  }

  /** The bytes they count for. */
  get bytes(): number {
    return this.total;
  }

  clear(): void {
    this.byId.clear();
    this.total = 0;
  }

  private delete(id: string): void {
    const stored = this.byId.get(id);
    if (!stored) return;
    this.byId.delete(id);
    this.total -= stored.bytes;
  }
}
