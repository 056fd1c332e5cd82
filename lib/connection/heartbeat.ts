import { type SchedulerLike, Observable, Subscription, interval, timer } from 'rxjs';
import { TimeoutError } from '../errors.js';
import type { HeartbeatOptions } from './options.js';
import { canPing, type RawSocket } from './raw-socket.js';

export interface ResolvedHeartbeat {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly inactivityTimeoutMs: number | undefined;
}

export const HEARTBEAT_DEFAULTS: ResolvedHeartbeat = {
  intervalMs: 30_000,
  timeoutMs: 10_000,
  inactivityTimeoutMs: undefined,
};

/** `false` → undefined (no heartbeat at all). */
export function resolveHeartbeat(
  options: HeartbeatOptions | false | undefined,
): ResolvedHeartbeat | undefined {
  if (options === false) return undefined;
  return {
    intervalMs: options?.intervalMs ?? HEARTBEAT_DEFAULTS.intervalMs,
    timeoutMs: options?.timeoutMs ?? HEARTBEAT_DEFAULTS.timeoutMs,
    inactivityTimeoutMs: options?.inactivityTimeoutMs,
  };
}

/**
 * Pings every `intervalMs` and errors with `HEARTBEAT_TIMEOUT` when a pong does not come back
 * within `timeoutMs` (a half-open socket: the peer vanished without a FIN). Emits nothing;
 * completes at once on a socket that cannot ping (browsers).
 */
export function pingHeartbeat$(
  socket: RawSocket,
  options: ResolvedHeartbeat,
  scheduler?: SchedulerLike,
): Observable<never> {
  return new Observable<never>((subscriber) => {
    if (!canPing(socket)) {
      subscriber.complete();
      return undefined;
    }
    let awaitingPong: Subscription | undefined;
    const onPong = (): void => {
      awaitingPong?.unsubscribe();
      awaitingPong = undefined;
    };
    socket.on('pong', onPong);
    const ticks = interval(options.intervalMs, scheduler).subscribe(() => {
      if (awaitingPong) return;
      try {
        socket.ping();
      } catch {
        return; // not open any more: the socket's own close ends this session
      }
      awaitingPong = timer(options.timeoutMs, scheduler).subscribe(() =>
        subscriber.error(new TimeoutError('HEARTBEAT_TIMEOUT', 'pong', options.timeoutMs)),
      );
    });
    return () => {
      ticks.unsubscribe();
      awaitingPong?.unsubscribe();
      socket.off('pong', onPong);
    };
  });
}

/**
 * Errors with `HEARTBEAT_TIMEOUT` when no inbound frame arrived for `timeoutMs` (the browser's
 * substitute for a ping, which browsers cannot send). `activity$` emits on every frame.
 */
export function inactivityWatchdog$(
  activity$: Observable<unknown>,
  timeoutMs: number,
  scheduler?: SchedulerLike,
): Observable<never> {
  return new Observable<never>((subscriber) => {
    let deadline: Subscription | undefined;
    const arm = (): void => {
      deadline?.unsubscribe();
      deadline = timer(timeoutMs, scheduler).subscribe(() =>
        subscriber.error(new TimeoutError('HEARTBEAT_TIMEOUT', 'inbound frame', timeoutMs)),
      );
    };
    arm();
    const activity = activity$.subscribe(arm);
    return () => {
      activity.unsubscribe();
      deadline?.unsubscribe();
    };
  });
}
