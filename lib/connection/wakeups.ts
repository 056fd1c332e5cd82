import { NEVER, type Observable, filter, fromEvent, merge } from '../rx.js';

/** The slice of `window`/`document` the wake-ups listen to; inject a fake in tests. */
export interface WakeupSources {
  /** Fires `online` (browsers: `window`). */
  readonly network?: EventTarget;
  /** Fires `visibilitychange` and has `visibilityState` (browsers: `document`). */
  readonly visibility?: EventTarget & { readonly visibilityState?: string };
}

/**
 * Emits when a pending backoff is worth cutting short: the network came back (`online`) or the
 * tab became visible again (timers of hidden tabs are throttled, and a user is looking now).
 * By default it listens to the browser's `window` and `document`, and to nothing on Node.
 */
export function wakeups$({
  network = (globalThis as { window?: EventTarget }).window,
  visibility = (globalThis as { document?: WakeupSources['visibility'] }).document,
}: WakeupSources = {}): Observable<unknown> {
  // NEVER, not EMPTY: a completed wake-up would win the race against the backoff timer.
  return merge(
    network ? fromEvent(network, 'online') : NEVER,
    visibility
      ? fromEvent(visibility, 'visibilitychange').pipe(filter(() => visibility.visibilityState !== 'hidden'))
      : NEVER,
  );
}
