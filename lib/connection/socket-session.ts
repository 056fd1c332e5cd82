import IsomorphicWebSocket from 'isomorphic-ws';
import { type SchedulerLike, Observable, Subscription, filter, interval, switchMap, take, timer } from 'rxjs';
import { webSocket, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import { ConnectionError, HubProtocolError, TimeoutError } from '../errors.js';
import { decodeFrame } from '../protocol/decode.js';
import type { HubEvent } from '../protocol/inbound.js';
import { RECONNECT_DEFAULTS } from './backoff.js';
import { PLANNED } from './close-policy.js';
import type { ConnectionOptions } from './options.js';
import { type CloseEventLike, failureFromSocketError, SocketFailure } from './socket-failure.js';
import { buildSocketUrl } from './socket-url.js';
import { endSocket, type RawSocket } from './raw-socket.js';

type RxjsWebSocketCtor = NonNullable<WebSocketSubjectConfig<unknown>['WebSocketCtor']>;

/**
 * The socket, as the connection may use it: write while it is `OPEN`. The connection forgets
 * it synchronously when its session ends, and the session closes it then.
 */
export interface SocketWriter {
  readonly readyState: number;
  send(frame: string): void;
}

/** What one socket reports to the connection, in order, until it ends (by erroring with a `SocketFailure`). */
export type SessionSignal =
  | { readonly kind: 'connected'; readonly socketId: string; readonly writer: SocketWriter }
  | { readonly kind: 'event'; readonly event: HubEvent }
  | { readonly kind: 'malformed'; readonly error: HubProtocolError }
  /** The socket stayed up `stableAfterMs` after `socket_connected`: the attempt count may reset. */
  | { readonly kind: 'stable' };

/**
 * One socket, from the upgrade to its end. Never completes: every end, a clean close from the
 * hub included, becomes a `SocketFailure` error carrying the close-code policy, so `retry` sees
 * it. Unsubscribing closes the socket with 1000 (see `endSocket`).
 * The socket is an RxJS `webSocket` subject: its raw `data` is passed through untouched (a
 * throwing deserializer would error the whole subject) and judged by `decodeFrame`, which never
 * throws; frames are encoded by the connection, so the serializer is the identity.
 * Everything of this socket (frames, timers, heartbeat) lives inside this subscription, so
 * nothing of a dead generation can reach its successor.
 *
 * `quiet$` emits true when no request awaits its answer and nothing is queued: a moment to
 * reconnect on purpose before the gateway's maximum connection duration.
 */
export function socketSession$(
  options: ConnectionOptions,
  quiet$: Observable<boolean>,
  scheduler?: SchedulerLike,
): Observable<SessionSignal> {
  const { apiKey, connectTimeoutMs = 10_000, maxConnectionMs = 7_080_000 } = options;
  const heartbeat = options.heartbeat === false ? undefined : (options.heartbeat ?? {});
  const watchdogMs = heartbeat?.inactivityTimeoutMs;
  const stableAfterMs =
    (options.reconnect || RECONNECT_DEFAULTS).stableAfterMs ?? RECONNECT_DEFAULTS.stableAfterMs;

  return new Observable<SessionSignal>((subscriber) => {
    let socket: RawSocket | undefined;
    let connected = false;
    let ended = false;
    /** Set when a timeout ended the socket: it is presumed half-open. */
    let timedOut = false;
    /** A ping awaits its pong: the socket may be half-open. */
    let pongDue: Subscription | undefined;
    let watchdog: Subscription | undefined;
    const lifetime = new Subscription();
    const after = (ms: number, then: () => void): Subscription => {
      const scheduled = timer(ms, scheduler).subscribe(then);
      lifetime.add(scheduled);
      return scheduled;
    };
    const fail = (err: unknown): void => {
      if (ended) return;
      ended = true;
      timedOut = err instanceof TimeoutError;
      subscriber.error(failureFromSocketError(err, apiKey, connected));
    };
    const timeout = (code: 'CONNECT_TIMEOUT' | 'HEARTBEAT_TIMEOUT', awaited: string, ms: number) =>
      after(ms, () => fail(new TimeoutError(code, awaited, ms)));

    /** Node (`ws`) only: browsers cannot ping. */
    const startPinging = (socket: RawSocket, intervalMs = 30_000, timeoutMs = 10_000): void => {
      socket.on?.('pong', () => {
        pongDue?.unsubscribe();
        pongDue = undefined;
      });
      const pings = interval(intervalMs, scheduler).subscribe(() => {
        if (pongDue) return;
        try {
          socket.ping?.();
        } catch {
          return; // not open any more: the socket's own close ends this session
        }
        pongDue = timeout('HEARTBEAT_TIMEOUT', 'pong', timeoutMs);
      });
      lifetime.add(pings);
    };

    const armWatchdog = (): void => {
      watchdog?.unsubscribe();
      watchdog = timeout('HEARTBEAT_TIMEOUT', 'inbound frame', watchdogMs as number);
    };

    const onConnected = (socketId: string): void => {
      connected = true;
      connectDeadline.unsubscribe();
      subscriber.next({ kind: 'connected', socketId, writer });
      if (ended) return;
      after(stableAfterMs, () => subscriber.next({ kind: 'stable' }));
      // Before the gateway's 2 h cap, at the first quiet moment, so no request is cut in flight.
      const planned$ = timer(maxConnectionMs, scheduler).pipe(
        switchMap(() => quiet$.pipe(filter(Boolean), take(1))),
      );
      lifetime.add(
        planned$.subscribe(() => {
          const error = new ConnectionError(
            'CONNECTION_LOST',
            'Planned reconnect before the gateway maximum duration',
            1000,
          );
          fail(new SocketFailure(error, PLANNED, true));
        }),
      );
      if (heartbeat && socket?.ping && socket.on)
        startPinging(socket, heartbeat.intervalMs, heartbeat.timeoutMs);
      if (watchdogMs !== undefined) armWatchdog();
    };

    const onFrame = (data: unknown): void => {
      if (ended) return;
      if (watchdog) armWatchdog();
      const decoded = decodeFrame(data);
      if (decoded instanceof HubProtocolError) {
        subscriber.next({ kind: 'malformed', error: decoded });
        return;
      }
      if (!connected && decoded.type === 'socket_connected') onConnected(decoded.payload.socketId);
      if (!ended) subscriber.next({ kind: 'event', event: decoded });
    };

    let lastClose: CloseEventLike | undefined;
    const subject = webSocket<unknown>({
      url: buildSocketUrl(options.url, options.apiKeyParam ?? 'apikey', apiKey),
      // Always explicit: RxJS falls back to a global WebSocket, which Node 20 lacks. The library's
      // one cast: `ws`'s class (and a user's constructor, typed loosely) does not type-check as
      // the DOM WebSocket RxJS declares, though it behaves as one.
      WebSocketCtor: (options.WebSocketCtor ?? IsomorphicWebSocket) as unknown as RxjsWebSocketCtor,
      binaryType: 'arraybuffer',
      deserializer: (event) => event.data as unknown,
      serializer: (frame) => frame as string,
      // `ws` only: the socket itself, for ping and terminate.
      openObserver: { next: (event) => (socket = event.target as unknown as RawSocket) },
      closeObserver: { next: (event) => (lastClose = event) },
    });
    const writer: SocketWriter = {
      get readyState() {
        return socket?.readyState ?? 0;
      },
      send: (frame) => subject.next(frame),
    };
    const frames = subject.subscribe({
      next: onFrame,
      error: fail,
      // A clean close from the hub completes the subject: for the loop it is an end like any other.
      complete: () => fail(lastClose ?? { code: 1005 }),
    });
    // Counted from the socket's creation, so a stalled upgrade counts too.
    const connectDeadline = timeout('CONNECT_TIMEOUT', 'socket_connected', connectTimeoutMs);

    return () => {
      ended = true;
      lifetime.unsubscribe();
      // Closed by us first (1000, or terminated when half-open): the subject would close it without a code.
      if (socket) endSocket(socket, timedOut || pongDue !== undefined, scheduler);
      frames.unsubscribe();
    };
  });
}
