import {
  type Observable,
  type SchedulerLike,
  defer,
  filter,
  ignoreElements,
  race,
  retry,
  take,
  tap,
  timer,
} from 'rxjs';
import { backoffDelay, type ResolvedReconnectOptions } from './backoff.js';
import type { SessionSignal } from './socket-session.js';
import { failureFromSocketError, type SocketFailure } from './socket-failure.js';

/** What the loop tells the connection about each socket. */
export interface ReconnectLoopHooks {
  /** A socket of `generation` is being opened; `attempt` is 0 for the first, n for retry n. */
  onConnecting(generation: number, attempt: number): void;
  onSignal(signal: SessionSignal, generation: number): void;
  /** The socket of `generation` ended (before the loop decides what to do). */
  onSocketEnded(failure: SocketFailure, generation: number): void;
  onReconnecting(failure: SocketFailure, attempt: number, delayMs: number, generation: number): void;
}

export interface ReconnectLoopParams {
  readonly session: (generation: number) => Observable<SessionSignal>;
  /** `undefined`: reconnection off (the first end of a socket is final). */
  readonly reconnect: ResolvedReconnectOptions | undefined;
  readonly apiKey: string;
  readonly hooks: ReconnectLoopHooks;
  /** Cuts a pending backoff short (browser `online`, tab visible again). */
  readonly wakeups$: Observable<unknown>;
  readonly random?: () => number;
  readonly scheduler?: SchedulerLike;
  /** The generation of the previous socket of this connection, if any. */
  readonly lastGeneration?: number;
}

/**
 * Sockets in succession: one session per generation, re-subscribed by `retry` after the wait
 * the close-code policy asks for. Errors with the last `SocketFailure` when it gives up (a fatal
 * close, reconnection off, or `maxAttempts` failed attempts in a row). Never emits.
 *
 * `retry({ delay, resetOnSuccess: true })` resets its count on the first value that reaches it,
 * so only the session's `stable` signal (the socket stayed up `stableAfterMs` after
 * `socket_connected`) is let through to it: a hub that accepts and drops at once is not
 * hammered. Routine closes reconnect without counting as failed attempts.
 */
export function reconnectLoop$(params: ReconnectLoopParams): Observable<never> {
  const { hooks, reconnect, scheduler } = params;
  let generation = params.lastGeneration ?? 0;
  let failedAttempts = 0;
  /** Routine and planned reconnects since the last stable socket: retries, but not failed attempts. */
  let freeRetries = 0;
  /** A routine close is free once per stable period: a hub closing "normally" after every connect gets backoff. */
  let routineCloseUsed = false;

  const oneSocket$ = defer(() => {
    const own = ++generation;
    hooks.onConnecting(own, failedAttempts);
    return params.session(own).pipe(
      tap((signal) => {
        if (signal.kind === 'stable') {
          failedAttempts = freeRetries = 0;
          routineCloseUsed = false;
        }
        hooks.onSignal(signal, own);
      }),
    );
  });

  const delayBeforeRetry = (err: unknown, retryCount: number): Observable<unknown> => {
    const failure = failureFromSocketError(err, params.apiKey, false);
    const { policy } = failure;
    hooks.onSocketEnded(failure, generation);
    if (!reconnect || policy.kind === 'fatal') throw failure;
    const attempt = retryCount - freeRetries;
    let delayMs = 0;
    const routine = policy.kind === 'immediate' && failure.wasConnected && !routineCloseUsed;
    if (routine || policy.kind === 'planned') {
      routineCloseUsed ||= routine;
      freeRetries += 1;
    } else {
      failedAttempts = attempt;
      if (attempt > reconnect.maxAttempts) throw failure;
      delayMs = backoffDelay(
        attempt,
        reconnect,
        params.random,
        policy.kind === 'backoff' ? policy.floorMs : 0,
      );
    }
    hooks.onReconnecting(failure, attempt, delayMs, generation);
    // A wake-up (online, tab visible) ends a pending backoff at once.
    return race(timer(delayMs, scheduler), params.wakeups$.pipe(take(1)));
  };

  return oneSocket$.pipe(
    filter((signal) => signal.kind === 'stable'),
    retry({ delay: delayBeforeRetry, resetOnSuccess: true }),
    ignoreElements(),
  );
}
