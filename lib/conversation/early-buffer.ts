import { Observable } from 'rxjs';

/**
 * A view of the hot `source$` that keeps what it emits before anyone subscribes (up to `limit`)
 * and hands it to the first subscriber. A conversation's greeting can arrive in the same network
 * read as the start's answer — before an `await`ed caller had a chance to subscribe — and must
 * not be lost. Once the buffer is full it stops listening, so that a stream nobody wants costs
 * nothing (its Subject is no longer `observed`).
 */
export function keepEarly<T>(source$: Observable<T>, limit: number): Observable<T> {
  let early: T[] | undefined = [];
  const buffering = source$.subscribe((value) => {
    if (early && early.push(value) >= limit) buffering.unsubscribe();
  });
  return new Observable<T>((subscriber) => {
    buffering.unsubscribe();
    const kept = early;
    early = undefined;
    if (kept) for (const value of kept) subscriber.next(value);
    return source$.subscribe(subscriber);
  });
}
