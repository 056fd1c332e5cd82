import { QueueFullError, type HubError } from '../errors.js';
import type { FrameWatcher, Withdraw } from './hub-connection.js';
import type { SocketWriter } from './socket-session.js';

/** Nothing to take back: the frame was written at once, or failed. */
const NOTHING_QUEUED: Withdraw = () => false;

interface Queued {
  readonly frame: string;
  readonly watcher: FrameWatcher;
}

/**
 * Encoded frames waiting for a connected socket, in call order. Bounded: past the limit an add
 * fails with `QUEUE_FULL` alone (never a silent drop). A frame leaves the queue once written, or
 * withdrawn (then it is never written). A frame the socket takes at once, with nothing queued
 * before it, is never queued: its watcher hears `written` within the `add` call, and nothing is
 * allocated for it.
 */
export class OutboundQueue {
  readonly #frames: Queued[] = [];

  readonly #limit: number;
  readonly #withdrawn: () => void;

  /** `withdrawn`: a frame was taken back (the queue may be empty now). */
  constructor(limit: number, withdrawn: () => void = () => undefined) {
    this.#limit = limit;
    this.#withdrawn = withdrawn;
  }

  get length(): number {
    return this.#frames.length;
  }

  /** Queues `frame` behind the others, or writes it now with `write` (at `generation`) when none waits. */
  add(frame: string, watcher: FrameWatcher, write: SocketWriter | undefined, generation: number): Withdraw {
    if (!this.#frames.length && write?.(frame)) {
      watcher.written(generation);
      return NOTHING_QUEUED;
    }
    if (this.#frames.length >= this.#limit) {
      watcher.fail(new QueueFullError(this.#limit));
      return NOTHING_QUEUED;
    }
    // Frames wait before it, or the socket cannot take it now: it waits its turn.
    const queued: Queued = { frame, watcher };
    this.#frames.push(queued);
    return () => this.#withdraw(queued);
  }

  /**
   * Writes frames from the head while the socket takes them. A watcher may send meanwhile: its
   * frame joins the tail and this loop writes it in turn, so call order holds.
   */
  flush(write: SocketWriter | undefined, generation: number): void {
    let head;
    while ((head = this.#frames[0]) && write?.(head.frame)) {
      this.#frames.shift();
      head.watcher.written(generation);
    }
  }

  /** Fails every frame still queued. */
  failAll(error: HubError): void {
    for (const { watcher } of this.#frames.splice(0)) watcher.fail(error);
  }

  #withdraw(queued: Queued): boolean {
    const at = this.#frames.indexOf(queued);
    if (at < 0) return false;
    this.#frames.splice(at, 1);
    this.#withdrawn();
    return true;
  }
}
