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
import { failureFromSocketError, SocketFailure } from './socket-failure.js';

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
 * `retry`'s own counter is not the attempt number: routine closes reconnect without counting,
 * and the count resets only once a socket stayed up `stableAfterMs` after `socket_connected`
 * (the session's `stable` signal, which is also the only value `retry` sees, so its
 * `resetOnSuccess` agrees).
 */
export function reconnectLoop$(params: ReconnectLoopParams): Observable<never> {
  const { hooks, reconnect } = params;
  let generation = params.lastGeneration ?? 0;
  let failedAttempts = 0;
  let immediateUsedSinceStable = false;

  const oneSocket$ = defer(() => {
    generation += 1;
    const own = generation;
    hooks.onConnecting(own, failedAttempts);
    return params.session(own).pipe(
      tap((signal) => {
        if (signal.kind === 'stable') {
          failedAttempts = 0;
          immediateUsedSinceStable = false;
        }
        hooks.onSignal(signal, own);
      }),
    );
  });

  const delayBeforeRetry = (err: unknown): Observable<unknown> => {
    const failure = err instanceof SocketFailure ? err : failureFromSocketError(err, params.apiKey, false);
    hooks.onSocketEnded(failure, generation);
    if (!reconnect || failure.policy.kind === 'fatal') throw failure;
    const policy = failure.policy;
    const planned = failure.planned;
    // A routine close is free once per stable period; a hub that closes "normally" right after
    // every connect gets backoff like any failure instead of a tight loop.
    if (policy.kind === 'immediate' && failure.wasConnected && (planned || !immediateUsedSinceStable)) {
      if (!planned) immediateUsedSinceStable = true;
      hooks.onReconnecting(failure, failedAttempts + 1, 0, generation);
      return timer(0, params.scheduler);
    }
    failedAttempts += 1;
    if (failedAttempts > reconnect.maxAttempts) throw failure;
    const floorMs = policy.kind === 'backoff' ? policy.floorMs : 0;
    const delayMs = backoffDelay(failedAttempts, reconnect, params.random, floorMs);
    hooks.onReconnecting(failure, failedAttempts, delayMs, generation);
    return race(timer(delayMs, params.scheduler), params.wakeups$.pipe(take(1)));
  };

  return oneSocket$.pipe(
    filter((signal) => signal.kind === 'stable'),
    retry({ delay: delayBeforeRetry, resetOnSuccess: true }),
    ignoreElements(),
  );
}
