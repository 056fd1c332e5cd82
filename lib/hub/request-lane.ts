/**
 * Runs requests of one kind strictly one at a time. Used where the hub's answer carries nothing to
 * tell concurrent requests apart (`conversation_start_success`, `user_conversations`): with one
 * request in flight per socket, the next answer of that type can only be its own.
 *
 * A request keeps its slot until it is settled — answered, failed, timed out, or its socket lost —
 * even when its caller unsubscribed meanwhile, so a late answer is absorbed by the request it
 * belongs to instead of being handed to the next one in line.
 */
export class RequestLane {
  private readonly waiting = new Set<() => void>();
  private busy = false;

  /** Starts `start` now or once the lane is free; the returned function cancels it while it waits. */
  enqueue(start: () => void): () => void {
    this.waiting.add(start);
    this.next();
    return () => {
      this.waiting.delete(start);
    };
  }

  /** Called by the running request once settled. */
  release(): void {
    this.busy = false;
    this.next();
  }

  get queued(): number {
    return this.waiting.size;
  }

  private next(): void {
    if (this.busy) return;
    const start = this.waiting.values().next().value;
    if (!start) return;
    this.waiting.delete(start);
    this.busy = true;
    start();
  }
}
