import { Observable, type Subscriber } from '../rx.js';

/**
 * A hot stream, like a `Subject`, that keeps what it is given before its first subscriber (up to
 * `limit`) and hands it to that subscriber: a conversation's greeting can arrive in the same network
 * read as the start's answer — before an `await`ed caller had a chance to subscribe — and must not
 * be lost. After that, what arrives while nobody listens is dropped. `end()` completes subscribers,
 * late ones too.
 *
 * It is its own `Observable` and keeps its subscribers in a plain array: conversations hold several
 * streams each, and a message passes one on every frame (RxJS's `Subject.next` costs more).
 */
export class HotStream<T> extends Observable<T> {
  /** `undefined` until the first subscriber. */
  #subscribers: Subscriber<T>[] | undefined;
  /**
   * The subscriber when there is exactly one (the usual case): a value then reaches it without
   * touching the array — on a conversation's routing path, one cold object less per frame.
   */
  #lone: Subscriber<T> | undefined;
  /** What came before the first subscriber. */
  #early: T[] | undefined;
  #ended = false;

  readonly #limit: number;

  constructor(limit = 0) {
    super(HotStream.#subscribe as (this: Observable<T>, subscriber: Subscriber<T>) => void);
    this.#limit = limit;
  }

  /**
   * Observable calls its subscribe function with `this` set to itself: one function for all streams.
   * A subscriber gets what came early (the first one only), then what comes while it stays.
   */
  static #subscribe<T>(this: HotStream<T>, subscriber: Subscriber<T>): void {
    const early = this.#early ?? [];
    const subscribers = (this.#subscribers ??= []);
    this.#early = undefined;
    for (const value of early) subscriber.next(value);
    if (this.#ended) return subscriber.complete();
    subscribers.push(subscriber);
    this.#lone = subscribers.length === 1 ? subscriber : undefined;
    subscriber.add(() => {
      const at = subscribers.indexOf(subscriber);
      if (at >= 0) subscribers.splice(at, 1);
      this.#lone = subscribers.length === 1 ? subscribers[0] : undefined;
    });
  }

  /** Whether a value given now would reach anyone: a subscriber, or the early buffer. */
  get wanted(): boolean {
    if (this.#lone) return true;
    return this.#subscribers ? this.#subscribers.length > 0 : (this.#early?.length ?? 0) < this.#limit;
  }

  next(value: T): void {
    const lone = this.#lone;
    if (lone) return lone.next(value);
    const subscribers = this.#subscribers;
    if (!subscribers) {
      if (this.wanted) (this.#early ??= []).push(value);
    } else if (subscribers.length === 1) subscribers[0]!.next(value);
    // Like a Subject: those present now get it, even if one leaves (or another joins) meanwhile.
    else for (const subscriber of subscribers.slice()) subscriber.next(value);
  }

  end(): void {
    this.#ended = true;
    this.#lone = undefined;
    for (const subscriber of this.#subscribers?.splice(0) ?? []) subscriber.complete();
  }
}
