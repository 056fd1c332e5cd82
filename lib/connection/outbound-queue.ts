import { AsyncSubject, type Observable } from 'rxjs';
import { QueueFullError, type HubError } from '../errors.js';
import type { SendReceipt } from './hub-connection.js';

/**
 * Encoded frames waiting for a connected socket, in call order. Bounded: past `limit` a push
 * throws `QueueFullError` for that frame alone (never a silent drop). Each frame's receipt
 * replays to late subscribers, so `send()` is hot.
 */
export class OutboundQueue {
  readonly #frames: Array<{ readonly frame: string; readonly receipt: AsyncSubject<SendReceipt> }> = [];
  readonly #limit: number;
  #draining = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#frames.length;
  }

  /** Queues `frame`; the observable replays the receipt once it is written. */
  push(frame: string): Observable<SendReceipt> {
    if (this.#frames.length >= this.#limit) throw new QueueFullError(this.#limit);
    const receipt = new AsyncSubject<SendReceipt>();
    this.#frames.push({ frame, receipt });
    return receipt.asObservable();
  }

  /**
   * Writes frames from the head while `canWrite()` holds. Re-entrant calls (a receipt's
   * subscriber sending again) return at once: the running loop picks their frames up in order.
   */
  drain(canWrite: () => boolean, write: (frame: string) => SendReceipt): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      let head;
      while (canWrite() && (head = this.#frames.shift())) {
        head.receipt.next(write(head.frame));
        head.receipt.complete();
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Fails every queued frame with `error` (closed before it could be written). */
  failAll(error: HubError): void {
    for (const { receipt } of this.#frames.splice(0)) receipt.error(error);
  }
}
