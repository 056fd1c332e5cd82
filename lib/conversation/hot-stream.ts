import { Observable, type Observer, Subscription, type Subscriber, config } from '../rx.js';

/** What a stream hands values to: an RxJS `Subscriber`, or a `DirectSubscriber`. */
interface Sink<T> {
  next(value: T): void;
  complete(): void;
}

/** Calls `fn`; an error it throws is reported as RxJS does (later, never thrown at the producer). */
function callSafely<T>(fn: (value: T) => void, value: T): void {
  try {
    fn(value);
  } catch (error) {
    setTimeout(() => {
      if (config.onUnhandledError) config.onUnhandledError(error);
      else throw error;
    });
  }
}

/**
 * A subscription made with a function: the stream calls it directly. RxJS would wrap it in a
 * `Subscriber`, its observer and an observer object made from the function — three objects more
 * to read on every value, each a likely cache miss when a frame lands on one of thousands of
 * conversations. Same contract: nothing after `unsubscribe`, a thrown error reported, not thrown.
 */
class DirectSubscriber<T> extends Subscription implements Sink<T> {
  constructor(readonly fn: (value: T) => void) {
    super();
  }

  next(value: T): void {
    if (!this.closed) callSafely(this.fn, value);
  }

  complete(): void {
    this.unsubscribe();
  }
}

/**
 * A hot stream, like a `Subject`, that keeps what it is given before its first subscriber (up to
 * `limit`) and hands it to that subscriber: a conversation's greeting can arrive in the same network
 * read as the start's answer — before an `await`ed caller had a chance to subscribe — and must not
 * be lost. After that, what arrives while nobody listens is dropped. `end()` completes subscribers,
 * late ones too.
 *
 * It is its own `Observable` and keeps its subscribers in a plain array: conversations hold several
 * streams each, and a message passes one on every frame (RxJS's `Subject.next` costs more). A
 * subscriber given as a function is called directly (`DirectSubscriber`).
 */
export class HotStream<T> extends Observable<T> {
  /** `undefined` until the first subscriber. */
  #subscribers: Sink<T>[] | undefined;
  /**
   * The subscriber when there is exactly one (the usual case): a value then reaches it without
   * touching the array — on a conversation's routing path, one cold object less per frame.
   */
  #lone: Sink<T> | undefined;
  /** The lone subscriber's function, when it was given one: called without touching the subscriber. */
  #loneFn: ((value: T) => void) | undefined;
  /** What came before the first subscriber. */
  #early: T[] | undefined;
  #ended = false;

  readonly #limit: number;

  constructor(limit = 0) {
    super(HotStream.#subscribe as (this: Observable<T>, subscriber: Subscriber<T>) => void);
    this.#limit = limit;
  }

  /** Observable calls its subscribe function with `this` set to itself: one function for all streams. */
  static #subscribe<T>(this: HotStream<T>, subscriber: Subscriber<T>): void {
    this.#attach(subscriber, subscriber);
  }

  /** A function is called directly (`DirectSubscriber`); anything else is subscribed as RxJS does. */
  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    // The deprecated `(next, error, complete)` form: left to RxJS.
    ...legacy: (((error: unknown) => void) | (() => void) | null | undefined)[]
  ): Subscription {
    if (typeof observerOrNext !== 'function' || legacy.length) {
      return (super.subscribe as (...args: unknown[]) => Subscription)(observerOrNext, ...legacy);
    }
    const direct = new DirectSubscriber(observerOrNext);
    this.#attach(direct, direct);
    return direct;
  }

  /** A subscriber gets what came early (the first one only), then what comes while it stays. */
  #attach(sink: Sink<T>, life: Subscription): void {
    const early = this.#early ?? [];
    const subscribers = (this.#subscribers ??= []);
    this.#early = undefined;
    for (const value of early) sink.next(value);
    if (this.#ended) return sink.complete();
    subscribers.push(sink);
    this.#setLone(subscribers);
    life.add(() => {
      const at = subscribers.indexOf(sink);
      if (at >= 0) subscribers.splice(at, 1);
      this.#setLone(subscribers);
    });
  }

  #setLone(subscribers: Sink<T>[]): void {
    const lone = (this.#lone = subscribers.length === 1 ? subscribers[0] : undefined);
    this.#loneFn = lone instanceof DirectSubscriber ? lone.fn : undefined;
  }

  /** Whether a value given now would reach anyone: a subscriber, or the early buffer. */
  get wanted(): boolean {
    if (this.#lone) return true;
    return this.#subscribers ? this.#subscribers.length > 0 : (this.#early?.length ?? 0) < this.#limit;
  }

  next(value: T): void {
    const fn = this.#loneFn;
    if (fn) return callSafely(fn, value);
    const lone = this.#lone;
    if (lone) return lone.next(value);
    const subscribers = this.#subscribers;
    if (!subscribers) {
      if (this.wanted) (this.#early ??= []).push(value);
      return;
    }
    // Two or more (a lone one was served above). Like a Subject: those present now get it, even if
    // one leaves (or another joins) meanwhile.
    for (const subscriber of subscribers.slice()) subscriber.next(value);
  }

  end(): void {
    this.#ended = true;
    this.#lone = this.#loneFn = undefined;
    for (const subscriber of this.#subscribers?.splice(0) ?? []) subscriber.complete();
  }
}
