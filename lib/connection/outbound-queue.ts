import { AsyncSubject, throwError } from '../rx.js';
import { QueueFullError, type HubError } from '../errors.js';
import type { QueuedFrame, SendReceipt } from './hub-connection.js';
import type { SocketWriter } from './socket-session.js';

interface Queued {
  readonly frame: string;
  readonly receipt: AsyncSubject<SendReceipt>;
}

/**
 * Encoded frames waiting for a connected socket, in call order. Bounded: past the limit an add
 * fails with `QUEUE_FULL` alone (never a silent drop). Each receipt replays. A frame leaves the
 * queue once written, or withdrawn (then it is never written).
 */
export class OutboundQueue {
  readonly #frames: Queued[] = [];

  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get length(): number {
    return this.#frames.length;
  }

  add(frame: string): QueuedFrame {
    if (this.#frames.length >= this.#limit) {
      return { written$: throwError(() => new QueueFullError(this.#limit)), withdraw: () => false };
    }
    const entry: Queued = { frame, receipt: new AsyncSubject<SendReceipt>() };
    this.#frames.push(entry);
    return { written$: entry.receipt.asObservable(), withdraw: () => this.#withdraw(entry) };
  }

  /**
   * Writes frames from the head while the socket takes them. A receipt's subscriber may send
   * meanwhile: its frame joins the tail and this loop writes it in turn, so call order holds.
   */
  flush(write: SocketWriter | undefined, generation: number): void {
    let head;
    while ((head = this.#frames[0]) && write?.(head.frame)) {
      this.#frames.shift();
      head.receipt.next({ generation });
      head.receipt.complete();
    }
  }

  /** Fails every frame still queued. */
  failAll(error: HubError): void {
    for (const { receipt } of this.#frames.splice(0)) receipt.error(error);
  }

  #withdraw(entry: Queued): boolean {
    const at = this.#frames.indexOf(entry);
    if (at < 0) return false;
    this.#frames.splice(at, 1);
    entry.receipt.complete();
    return true;
  }
}
