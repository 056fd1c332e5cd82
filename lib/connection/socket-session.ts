import { type SchedulerLike, Observable, Subject, Subscription, filter, take, switchMap, timer } from 'rxjs';
import { webSocket, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import { HubProtocolError, TimeoutError } from '../errors.js';
import { decodeFrame } from '../protocol/decode.js';
import type { HubEvent } from '../protocol/inbound.js';
import { FAILURE_POLICY } from './close-policy.js';
import { inactivityWatchdog$, pingHeartbeat$, type ResolvedHeartbeat } from './heartbeat.js';
import { endSocket, OPEN, rawSocketOf, type RawSocket } from './raw-socket.js';
import {
  type CloseEventLike,
  failureFromClose,
  failureFromSocketError,
  SocketFailure,
} from './socket-failure.js';
import { ConnectionError } from '../errors.js';

/** RxJS's constructor type; see `toRxjsWebSocketCtor` for the one cast to it. */
export type RxjsWebSocketCtor = NonNullable<WebSocketSubjectConfig<unknown>['WebSocketCtor']>;

/** Everything one socket needs; shared by all generations of a connection. */
export interface SessionConfig {
  /** The upgrade URL, key included: never log it (use `redactUrl`). */
  readonly url: string;
  readonly apiKey: string;
  readonly WebSocketCtor: RxjsWebSocketCtor;
  readonly connectTimeoutMs: number;
  readonly heartbeat: ResolvedHeartbeat | undefined;
  readonly stableAfterMs: number;
  readonly maxConnectionMs: number;
  /** Emits true when no request awaits its answer and nothing is queued: a moment to reconnect on purpose. */
  readonly quiet$: Observable<boolean>;
  readonly scheduler?: SchedulerLike;
}

/** Writes frames to one socket; useless (canWrite false) once that socket ended. */
export interface SocketWriter {
  readonly generation: number;
  canWrite(): boolean;
  write(frame: string): void;
  /** UTF-8 size of the largest frame written, to name the culprit of a 1009 close. */
  largestFrameBytes(): number;
}

/** What one socket reports to the connection, in order, until it ends (by erroring with a `SocketFailure`). */
export type SessionSignal =
  | { readonly kind: 'connected'; readonly socketId: string; readonly writer: SocketWriter }
  | { readonly kind: 'event'; readonly event: HubEvent }
  | { readonly kind: 'malformed'; readonly error: HubProtocolError }
  /** The socket stayed up `stableAfterMs` after `socket_connected`: the attempt count may reset. */
  | { readonly kind: 'stable' };

/**
 * One socket of generation `generation`, from the upgrade to its end. Never completes: every end
 * (a clean close from the hub completes RxJS's subject) becomes a `SocketFailure` error carrying
 * the close-code policy, so `retry` sees it. Unsubscribing closes the socket with 1000.
 * Everything of this socket (frames, timers, heartbeat) lives inside this subscription, so
 * nothing of a dead generation can reach its successor.
 */
export function socketSession$(config: SessionConfig, generation: number): Observable<SessionSignal> {
  return new Observable<SessionSignal>((subscriber) => {
    let socket: RawSocket | undefined;
    let lastClose: CloseEventLike | undefined;
    let connected = false;
    let halfOpen = false;
    let ended = false;
    const lifetime = new Subscription();
    const activity$ = new Subject<void>();

    const fail = (failure: SocketFailure): void => {
      if (ended) return;
      ended = true;
      halfOpen = failure.error.code === 'HEARTBEAT_TIMEOUT' || failure.error.code === 'CONNECT_TIMEOUT';
      subscriber.error(failure);
    };
    const failWith = (err: unknown): void => fail(failureFromSocketError(err, config.apiKey, connected));

    const subject = webSocket<unknown>({
      url: config.url,
      WebSocketCtor: config.WebSocketCtor,
      binaryType: 'arraybuffer',
      // A throwing deserializer would error the whole subject: hand the raw data to decodeFrame.
      deserializer: (event: MessageEvent) => event.data as unknown,
      serializer: (frame: unknown) => frame as string,
      openObserver: { next: (event) => (socket = rawSocketOf(event)) },
      closeObserver: { next: (event) => (lastClose = event) },
    });

    let largestFrame = '';
    const writer: SocketWriter = {
      generation,
      canWrite: () => !ended && socket?.readyState === OPEN,
      write: (frame) => {
        if (frame.length > largestFrame.length) largestFrame = frame;
        subject.next(frame);
      },
      largestFrameBytes: () => new TextEncoder().encode(largestFrame).byteLength,
    };

    const onConnected = (socketId: string): void => {
      connected = true;
      connectDeadline.unsubscribe();
      subscriber.next({ kind: 'connected', socketId, writer });
      if (ended) return;
      lifetime.add(
        timer(config.stableAfterMs, config.scheduler).subscribe(() => subscriber.next({ kind: 'stable' })),
      );
      lifetime.add(plannedReconnect$(config).subscribe(() => fail(plannedFailure())));
      const heartbeat = config.heartbeat;
      if (heartbeat && socket) {
        lifetime.add(pingHeartbeat$(socket, heartbeat, config.scheduler).subscribe({ error: failWith }));
      }
      if (heartbeat?.inactivityTimeoutMs !== undefined) {
        const watchdog$ = inactivityWatchdog$(activity$, heartbeat.inactivityTimeoutMs, config.scheduler);
        lifetime.add(watchdog$.subscribe({ error: failWith }));
      }
    };

    const onFrame = (data: unknown): void => {
      if (ended) return;
      activity$.next();
      const decoded = decodeFrame(data);
      if (decoded instanceof HubProtocolError) {
        subscriber.next({ kind: 'malformed', error: decoded });
        return;
      }
      if (decoded.type === 'socket_connected' && !connected) onConnected(decoded.payload.socketId);
      if (!ended) subscriber.next({ kind: 'event', event: decoded });
    };

    const connectDeadline = timer(config.connectTimeoutMs, config.scheduler).subscribe(() =>
      fail(
        failureFromSocketError(
          new TimeoutError('CONNECT_TIMEOUT', 'socket_connected', config.connectTimeoutMs),
          config.apiKey,
          false,
        ),
      ),
    );
    lifetime.add(connectDeadline);
    lifetime.add(
      subject.subscribe({
        next: onFrame,
        error: failWith,
        // A clean close completes the subject; it is still an end we must react to.
        complete: () =>
          fail(
            lastClose
              ? failureFromClose(lastClose, connected)
              : failureFromSocketError(undefined, config.apiKey, connected),
          ),
      }),
    );

    return () => {
      ended = true;
      if (socket) endSocket(socket, 1000, 'client closing', halfOpen);
      lifetime.unsubscribe();
      activity$.complete();
    };
  });
}

/** Fires once, after `maxConnectionMs` on a connected socket, at the first quiet moment. */
function plannedReconnect$(config: SessionConfig): Observable<unknown> {
  return timer(config.maxConnectionMs, config.scheduler).pipe(
    switchMap(() => config.quiet$.pipe(filter(Boolean), take(1))),
  );
}

function plannedFailure(): SocketFailure {
  const error = new ConnectionError(
    'CONNECTION_LOST',
    'Planned reconnect before the gateway maximum connection duration',
    1000,
  );
  return new SocketFailure(error, FAILURE_POLICY.planned, { wasConnected: true, planned: true });
}
