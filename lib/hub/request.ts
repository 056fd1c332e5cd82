import { Observable, ReplaySubject } from 'rxjs';
import type { HubEventType } from '../protocol/inbound.js';
import type { RequestLane } from './request-lane.js';
import { RequestProcess, type RequestContext, type RequestSpec } from './request-process.js';

/**
 * A cold request: each subscription sends the frame once and emits the picked answer, then
 * completes. Unsubscribing before the answer detaches the caller; the request itself runs on
 * until answered, failed or timed out. In a `lane`, a request waits its turn and unsubscribing
 * while it waits removes it before anything is sent.
 */
export function request$<A extends HubEventType, T>(
  context: RequestContext,
  spec: RequestSpec<A, T>,
  lane?: RequestLane,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const listener = {
      next: (value: T) => {
        subscriber.next(value);
        subscriber.complete();
      },
      error: (error: unknown) => subscriber.error(error),
    };
    const process = new RequestProcess(context, spec, listener, lane && (() => lane.release()));
    if (!lane) {
      process.start();
      return () => process.detach();
    }
    const cancel = lane.enqueue(() => process.start());
    return () => {
      cancel();
      process.detach();
    };
  });
}

/** A hot request: sent now, whether or not anyone subscribes; its outcome is replayed. */
export function hotRequest$<A extends HubEventType, T>(
  context: RequestContext,
  spec: RequestSpec<A, T>,
): Observable<T> {
  const outcome = new ReplaySubject<T>(1);
  request$(context, spec).subscribe(outcome);
  return outcome.asObservable();
}
