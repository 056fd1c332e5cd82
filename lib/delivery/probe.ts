import type { HubError } from '../errors.js';
import { type Observable, type SchedulerLike, Subscription, timer } from '../rx.js';

/** Timings of the probe that confirms user messages and finds half-open sockets (see docs/reconnection.md). */
export interface ProbeOptions {
  /**
   * A message written this long ago and not yet confirmed makes the client ask the hub a cheap
   * question (`metadata_request`) on the same socket.
   * @default 2000
   */
  readonly afterMs?: number | undefined;
  /**
   * No answer to the probe within this of its frame being written (not of its being asked: it may
   * wait for its conversation's lane): the socket is taken as half-open and recycled. @default 5000
   */
  readonly timeoutMs?: number | undefined;
}

/** The defaults of {@link ProbeOptions}. */
export const PROBE_DEFAULTS = {
  /** A written message still unconfirmed two seconds later makes one probe go out. */
  afterMs: 2_000,
  /**
   * A probe unanswered for five seconds recycles the socket: a half-open socket is found within
   * seven seconds of the first message that needs it (docs/reconnection.md).
   */
  timeoutMs: 5_000,
} as const;

/** One conversation's side of the probe (its outbox). */
export interface ProbeTarget {
  /** The socket of `generation` reached `connected` (told after the probe itself knows). */
  connected(generation: number): void;
  /** No socket is connected now. */
  disconnected(): void;
  /** Written on the socket of `generation` and not confirmed. */
  unconfirmedOn(generation: number): boolean;
  /** The hub answered a request written on `generation` after every message numbered up to `seq`. */
  confirmUpTo(generation: number, seq: number): void;
  /** The probe of this conversation was answered by a hub error naming it: what it wrote up to `seq` on `generation` was rejected. */
  rejectUpTo(generation: number, seq: number, error: HubError): void;
  /**
   * A cheap request with an answer, e.g. `metadata_request` for this conversation: emits
   * {@link PROBE_WRITTEN} when its frame is written, then the answer.
   */
  probe$(): Observable<unknown>;
}

/** What {@link ProbeTarget.probe$} emits when the probe's frame goes out on the socket. */
export const PROBE_WRITTEN: unique symbol = Symbol();

/**
 * The hub-wide write order and the probe. TCP keeps one socket's frames in order, so an answer
 * to a request written after a message proves the hub read that message: every message written
 * on the same socket before the probe is confirmed by its answer, whatever its conversation.
 *
 * The probe is armed by a write: `afterMs` later, if something written on the socket connected
 * now is still unconfirmed, one probe goes out (one per socket at a time: none while one waits to
 * be written or for its answer). Its answer confirms what was written before it and re-arms if
 * newer messages wait; no answer within `timeoutMs` **of its frame being written** recycles the
 * socket (`recycle`) — a browser cannot ping, and this is how it finds a half-open socket while it
 * has something to lose. Time the probe spent waiting for its lane (behind a slow transcript
 * request of its conversation) or for the socket is not counted: a probe that could not be written
 * says nothing about the socket, and if it fails unwritten it is only tried again later. Nothing
 * unconfirmed: no timer, no probe.
 */
export class Confirmations {
  #seq = 0;
  #generation: number | undefined;
  #armed: Subscription | undefined;
  #probing: Subscription | undefined;
  readonly #targets = new Set<ProbeTarget>();
  readonly #afterMs: number;
  readonly #timeoutMs: number;

  readonly #recycle: (generation: number) => void;
  readonly #scheduler: SchedulerLike | undefined;

  constructor(recycle: (generation: number) => void, options: ProbeOptions = {}, scheduler?: SchedulerLike) {
    this.#recycle = recycle;
    this.#scheduler = scheduler;
    this.#afterMs = options.afterMs ?? PROBE_DEFAULTS.afterMs;
    this.#timeoutMs = options.timeoutMs ?? PROBE_DEFAULTS.timeoutMs;
  }

  add(target: ProbeTarget): () => void {
    this.#targets.add(target);
    return () => this.#targets.delete(target);
  }

  /** The next number in the hub-wide write order. */
  readonly nextSeq = (): number => ++this.#seq;

  /** A message was written: arm the probe unless armed or probing. */
  readonly written = (): void => {
    if (this.#armed || this.#probing || this.#generation === undefined) return;
    this.#armed = timer(this.#afterMs, this.#scheduler).subscribe(() => {
      this.#armed = undefined;
      this.#fire();
    });
  };

  /** A new socket: then every conversation is told, so what they write on it arms the probe. */
  connected(generation: number): void {
    this.stop();
    this.#generation = generation;
    for (const target of [...this.#targets]) target.connected(generation);
  }

  disconnected(): void {
    this.stop();
    this.#generation = undefined;
    for (const target of [...this.#targets]) target.disconnected();
  }

  /** The socket connected now, if any (a conversation opened now starts from it). */
  get current(): number | undefined {
    return this.#generation;
  }

  /** Stops timers (the hub closed). */
  stop(): void {
    this.#armed?.unsubscribe();
    this.#probing?.unsubscribe();
    this.#armed = this.#probing = undefined;
  }

  #fire(): void {
    const generation = this.#generation;
    if (generation === undefined) return;
    const target = [...this.#targets].find((t) => t.unconfirmedOn(generation));
    if (!target) return;
    const upTo = this.#seq;
    const probing = (this.#probing = new Subscription());
    let written = false;
    // A probe's callbacks stop with `stop()` (each new socket): one running is the one of `#probing`.
    const done = (): boolean => {
      probing.unsubscribe();
      this.#probing = undefined;
      // An outcome on a later socket proves nothing about this one.
      return this.#generation === generation;
    };
    probing.add(
      target.probe$().subscribe({
        next: (value) => {
          if (value === PROBE_WRITTEN) {
            written = true;
            const deadline = timer(this.#timeoutMs, this.#scheduler);
            return void probing.add(deadline.subscribe(() => done() && this.#recycle(generation)));
          }
          if (!done()) return;
          for (const t of [...this.#targets]) t.confirmUpTo(generation, upTo);
          if ([...this.#targets].some((t) => t.unconfirmedOn(generation))) this.written();
        },
        error: (error: HubError) => {
          if (!done()) return;
          // Never written (its lane stayed busy until the request's own timeout): the socket may be fine.
          if (!written) return this.written();
          if (error.code !== 'HUB_ERROR') return this.#recycle(generation);
          // The hub read the probe, so what came before it on the socket; but an error naming the
          // probed conversation says it is invalid: its messages were rejected, not received.
          for (const t of [...this.#targets]) {
            if (t === target) t.rejectUpTo(generation, upTo, error);
            else t.confirmUpTo(generation, upTo);
          }
        },
      }),
    );
  }
}
