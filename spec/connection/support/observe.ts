import { type Observable, filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import type { ConnectionStatus } from '../../../lib/connection/hub-connection.js';

/** The first value matching `predicate`, or a rejection after `ms` (loopback I/O only). */
export function next<T>(
  source$: Observable<T>,
  predicate: (value: T) => boolean = () => true,
  ms = 3000,
): Promise<T> {
  return firstValueFrom(source$.pipe(filter(predicate), timeout(ms)));
}

export function nextState<S extends ConnectionStatus['state']>(
  status$: Observable<ConnectionStatus>,
  state: S,
  ms?: number,
): Promise<Extract<ConnectionStatus, { state: S }>> {
  return next(status$, (s) => s.state === state, ms) as Promise<Extract<ConnectionStatus, { state: S }>>;
}

/** The first `count` values. */
export function firstN<T>(source$: Observable<T>, count: number, ms = 3000): Promise<T[]> {
  return firstValueFrom(source$.pipe(take(count), toArray(), timeout(ms)));
}

/** Records every value of `source$` until the returned stop() (statuses, errors). */
export function record<T>(source$: Observable<T>): { values: T[]; stop: () => void } {
  const values: T[] = [];
  const sub = source$.subscribe((value) => values.push(value));
  return { values, stop: () => sub.unsubscribe() };
}
