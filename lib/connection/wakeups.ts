import { NEVER, type Observable, filter, fromEvent, map, merge } from 'rxjs';

/** The slice of `window`/`document` the wake-ups listen to; inject a fake in tests. */
export interface WakeupSources {
  /** Fires `online` (browsers: `window`). */
  readonly network?: EventTarget;
  /** Fires `visibilitychange` and has `visibilityState` (browsers: `document`). */
  readonly visibility?: EventTarget & { readonly visibilityState?: string };
}

/** The browser's `window` and `document` when they exist; nothing on Node. */
export function defaultWakeupSources(): WakeupSources {
  const scope = globalThis as { window?: EventTarget; document?: EventTarget & { visibilityState?: string } };
  return { network: scope.window, visibility: scope.document };
}

/**
 * Emits when a pending backoff is worth cutting short: the network came back (`online`) or the
 * tab became visible again (timers of hidden tabs are throttled, and a user is looking now).
 */
export function wakeups$(sources: WakeupSources): Observable<void> {
  const { network, visibility } = sources;
  // NEVER, not EMPTY: a completed wake-up would win the race against the backoff timer.
  const online$ = network ? fromEvent(network, 'online') : NEVER;
  const visible$ = visibility
    ? fromEvent(visibility, 'visibilitychange').pipe(filter(() => visibility.visibilityState !== 'hidden'))
    : NEVER;
  return merge(online$, visible$).pipe(map(() => undefined));
}
