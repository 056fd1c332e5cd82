import { type Observable, type SchedulerLike, defer, race, retry, tap, timer } from '../rx.js';
import { backoffDelay, type ResolvedReconnectOptions } from './backoff.js';
import { type SocketFailure, THROTTLE_FLOOR_MS } from './close-policy.js';
import type { SessionSignal } from './socket-session.js';

export interface ReconnectLoopParams {
  /** Opens the next socket; `attempt` is 0 for the first, n for retry n. */
  readonly session: (attempt: number) => Observable<SessionSignal>;
  /** `undefined`: reconnection off (the first end of a socket is final). */
  readonly reconnect: ResolvedReconnectOptions | undefined;
  /** A socket ended and the next one opens after `delayMs`. */
  readonly onRetry: (failure: SocketFailure, attempt: number, delayMs: number) => void;
  /** Cuts a pending backoff short (browser `online`, tab visible again). */
  readonly wakeups$: Observable<unknown>;
  readonly random?: () => number;
  readonly scheduler?: SchedulerLike;
}

/**
 * Sockets in succession: one session per subscription, re-subscribed by `retry` after the wait
 * the close-code policy asks for. Errors with the last `SocketFailure` when it gives up (a fatal
 * close, reconnection off, or `maxAttempts` failed attempts in a row). Emits the `stable` signals.
 *
 * `retry({ delay, resetOnSuccess: true })` resets its count on the first value that reaches it,
 * and the only value a session emits is its `stable` signal (the socket stayed up
 * `stableAfterMs` after `socket_connected`): a hub that accepts and drops at once is not
 * hammered. Routine closes reconnect without counting as failed attempts.
 */
export function reconnectLoop$(params: ReconnectLoopParams): Observable<SessionSignal> {
  const { reconnect } = params;
  /** Failed attempts since the last stable socket (routine reconnects are free). */
  let failedAttempts = 0;
  /** A routine close is free once per stable period: a hub closing "normally" after every connect gets backoff. */
  let routineCloseUsed = false;

  // A session errors with a `SocketFailure` on every end (see `socketSession$`).
  const delayBeforeRetry = (failure: SocketFailure): Observable<unknown> => {
    const { policy } = failure;
    if (!reconnect || policy === 'fatal') throw failure;
    const attempt = failedAttempts + 1;
    let delayMs = 0;
    if (policy === 'routine' && !routineCloseUsed) {
      routineCloseUsed = true;
    } else {
      failedAttempts = attempt;
      if (attempt > reconnect.maxAttempts) throw failure;
      delayMs = backoffDelay(
        attempt,
        reconnect,
        params.random,
        policy === 'throttled' ? THROTTLE_FLOOR_MS : 0,
      );
    }
    params.onRetry(failure, attempt, delayMs);
    // A wake-up (online, tab visible) ends a pending backoff at once: `retry` reconnects on the
    // first value of either, and unsubscribes from both.
    return race(timer(delayMs, params.scheduler), params.wakeups$);
  };

  return defer(() => params.session(failedAttempts)).pipe(
    tap(() => {
      failedAttempts = 0;
      routineCloseUsed = false;
    }),
    retry({ delay: delayBeforeRetry, resetOnSuccess: true }),
  );
}
