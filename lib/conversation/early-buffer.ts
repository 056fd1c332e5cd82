import { Observable, Subject } from 'rxjs';

/**
 * A hot stream that keeps what it emits before anyone subscribes (up to `limit`) and hands it to
 * the first subscriber. A conversation's greeting can arrive in the same network read as the
 * start's answer — before an `await`ed caller had a chance to subscribe — and must not be lost.
 */
export class EarlyBuffer<T> {
  readonly stream$: Observable<T>;
  private readonly subject = new Subject<T>();
  private early: T[] | undefined = [];

  constructor(private readonly limit: number) {
    this.stream$ = new Observable<T>((subscriber) => {
      const early = this.early;
      this.early = undefined;
      if (early) for (const value of early) subscriber.next(value);
      return this.subject.subscribe(subscriber);
    });
  }

  /** Whether a value would reach anyone (a subscriber, or the buffer for the first one). */
  get wanted(): boolean {
    return this.early !== undefined ? this.early.length < this.limit : this.subject.observed;
  }

  next(value: T): void {
    if (this.early) {
      if (this.early.length < this.limit) this.early.push(value);
    } else {
      this.subject.next(value);
    }
  }

  complete(): void {
    this.subject.complete();
  }
}
