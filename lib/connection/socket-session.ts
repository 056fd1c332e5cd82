import IsomorphicWebSocket from 'isomorphic-ws';
import {
  type SchedulerLike,
  type Subscriber,
  Observable,
  Subscription,
  first,
  interval,
  timer,
} from '../rx.js';
import { type WebSocketSubject, type WebSocketSubjectConfig, webSocket } from '../rx-websocket.js';
import {
  HubProtocolError,
  type InboundTooLargeError,
  PayloadTooLargeError,
  TimeoutError,
} from '../errors.js';
import { decodeFrame } from '../protocol/decode.js';
import type { HubEvent } from '../protocol/inbound.js';
import { HUB_LIMITS } from '../protocol/limits.js';
import { utf8ByteLength } from '../protocol/utf8.js';
import { failureFromClose, failureFromSocketError, type SocketFailure } from './close-policy.js';
import type { WebSocketConstructor } from './options.js';
import type { ResolvedConnectionOptions } from './resolve-options.js';
import { buildSocketUrl } from './socket-url.js';
import {
  endSocket,
  OPEN,
  oversizedFrame,
  type RawSocket,
  refusedWhileArriving,
  withMaxPayload,
} from './raw-socket.js';

type RxjsWebSocketCtor = NonNullable<WebSocketSubjectConfig<unknown>['WebSocketCtor']>;

/**
 * Writes a frame to the socket while the session runs and the socket is `OPEN` (RxJS silently
 * drops a frame given to a socket that is not); says whether it did.
 */
export type SocketWriter = (frame: string) => boolean;

/** Where a session delivers what the connection needs, synchronously and in order. */
export interface SessionSink {
  /** `socket_connected` arrived (called before that event itself is delivered). */
  connected(socketId: string, write: SocketWriter): void;
  event(event: HubEvent): void;
  /** A malformed frame, or the frame the gateway refused with a 1009 close (before the session ends). */
  error(error: HubProtocolError | PayloadTooLargeError | InboundTooLargeError): void;
}

/** The one value a session emits: the socket stayed up `stableAfterMs` after `socket_connected`, so the attempt count may reset. */
export type SessionSignal = 'stable';

/**
 * One socket, from the upgrade to its end. Never completes: every end, a clean close from the
 * hub included, becomes a `SocketFailure` error carrying the close-code policy, so `retry` sees
 * it. Unsubscribing closes the socket with 1000 (see `endSocket`).
 * The socket is an RxJS `webSocket` subject: its raw `data` is passed through untouched (a
 * throwing deserializer would error the whole subject) and judged by `decodeFrame`, which never
 * throws; frames are encoded by the connection, so the serializer is the identity.
 * Everything of this socket (frames, timers, heartbeat) lives inside this subscription and
 * `sink` hears nothing once it ended, so nothing of a dead generation can reach its successor.
 *
 * `quiet$` emits true when no request awaits its answer and nothing is queued: a moment to
 * reconnect on purpose before the gateway's maximum connection duration.
 */
export function socketSession$(
  options: ResolvedConnectionOptions,
  sink: SessionSink,
  quiet$: Observable<boolean>,
  scheduler?: SchedulerLike,
): Observable<SessionSignal> {
  return new Observable<SessionSignal>((subscriber) => {
    const session = new SessionState(options, sink, subscriber, scheduler);
    const heartbeat = options.heartbeat;
    const onConnected = (socketId: string): void => {
      session.connected = true;
      connectDeadline.unsubscribe();
      sink.connected(socketId, write);
      if (session.ended) return;
      session.after(options.stableAfterMs, () => subscriber.next('stable'));
      // Before the gateway's 2 h cap, at the first quiet moment, so no request is cut in flight.
      // A routine close of our own, so free: it comes long after the socket became stable.
      const plannedEnd = () =>
        session.end(failureFromClose({ code: 1000, reason: 'planned reconnect' }, true));
      session.after(options.maxConnectionMs, () =>
        session.lifetime.add(quiet$.pipe(first(Boolean)).subscribe(plannedEnd)),
      );
      if (heartbeat && session.socket?.ping && session.socket.on) startPinging(session, heartbeat);
      if (heartbeat && heartbeat.inactivityTimeoutMs !== undefined) {
        session.watchdogMs = heartbeat.inactivityTimeoutMs;
        session.armWatchdog();
      }
    };
    const onFrame = (data: unknown): void => {
      if (session.watchdog) session.armWatchdog();
      // Where the socket could not refuse it while arriving (browsers): dropped undecoded.
      const tooLarge = oversizedFrame(data, options.maxInboundFrameBytes);
      if (tooLarge) return sink.error(tooLarge);
      const decoded = decodeFrame(data);
      if (decoded instanceof HubProtocolError) return sink.error(decoded);
      if (!session.connected && decoded.type === 'socket_connected') onConnected(decoded.payload.socketId);
      if (!session.ended) sink.event(decoded);
    };
    const { subject, write } = openSocket(options, session);
    // Error events and exceptions of the constructor; closes reach `closeObserver` first.
    const frames = subject.subscribe({ next: onFrame, error: session.fail });
    // Counted from the socket's creation, so a stalled upgrade counts too.
    const connectDeadline = session.timeout('CONNECT_TIMEOUT', 'socket_connected', options.connectTimeoutMs);
    return () => {
      session.ended = true;
      session.lifetime.unsubscribe();
      // Closed by us first (1000, or terminated when half-open): the subject would close it without a code.
      if (session.socket)
        endSocket(session.socket, session.timedOut || session.pongDue !== undefined, scheduler);
      frames.unsubscribe();
    };
  });
}

/** One session's state and its timers: everything lives in `lifetime`, ended with the session. */
class SessionState {
  socket: RawSocket | undefined;
  connected = false;
  ended = false;
  /** Set when a timeout of ours ran out: the socket is presumed half-open. */
  timedOut = false;
  /** A ping awaits its pong: the socket may be half-open. */
  pongDue: Subscription | undefined;
  watchdog: Subscription | undefined;
  watchdogMs = 0;
  /** The largest frame written, to name the culprit of a 1009 close. */
  largestFrame = '';
  readonly lifetime = new Subscription();

  constructor(
    private readonly options: Pick<ResolvedConnectionOptions, 'apiKey' | 'maxInboundFrameBytes'>,
    private readonly sink: SessionSink,
    private readonly subscriber: Subscriber<SessionSignal>,
    readonly scheduler: SchedulerLike | undefined,
  ) {}

  after(ms: number, then: () => void): Subscription {
    const scheduled = timer(ms, this.scheduler).subscribe(then);
    this.lifetime.add(scheduled);
    return scheduled;
  }

  end(failure: SocketFailure): void {
    if (this.ended) return;
    this.ended = true;
    // 1009: the gateway refused a frame as too big (written frames are never re-sent).
    if (failure.error.closeCode === 1009) {
      this.sink.error(
        new PayloadTooLargeError(utf8ByteLength(this.largestFrame), HUB_LIMITS.maxMessageBytes),
      );
    }
    this.subscriber.error(failure);
  }

  /** The socket closed or failed, or a timeout of ours ran out. */
  readonly fail = (err: unknown): void => {
    // `ws` refused an oversized frame while it arrived (1009 of our own): reported, then reconnected.
    const tooLarge = this.ended ? undefined : refusedWhileArriving(err, this.options.maxInboundFrameBytes);
    if (tooLarge) this.sink.error(tooLarge);
    this.end(failureFromSocketError(err, this.options.apiKey, this.connected));
  };

  timeout(code: 'CONNECT_TIMEOUT' | 'HEARTBEAT_TIMEOUT', awaited: string, ms: number): Subscription {
    return this.after(ms, () => {
      this.timedOut = true;
      this.fail(new TimeoutError(code, awaited, ms));
    });
  }

  armWatchdog(): void {
    this.watchdog?.unsubscribe();
    this.watchdog = this.timeout('HEARTBEAT_TIMEOUT', 'inbound frame', this.watchdogMs);
  }
}

/** Node (`ws`) only: browsers cannot ping. */
function startPinging(
  session: SessionState,
  { intervalMs, timeoutMs }: { intervalMs: number; timeoutMs: number },
): void {
  const socket = session.socket!;
  socket.on?.('pong', () => {
    session.pongDue?.unsubscribe();
    session.pongDue = undefined;
  });
  session.lifetime.add(
    interval(intervalMs, session.scheduler).subscribe(() => {
      if (session.pongDue) return;
      socket.ping?.(); // throws only while CONNECTING, and `socket_connected` came
      session.pongDue = session.timeout('HEARTBEAT_TIMEOUT', 'pong', timeoutMs);
    }),
  );
}

/**
 * The RxJS `webSocket` subject of one session, and its writer. Its raw `data` is passed through
 * untouched (a throwing deserializer would error the whole subject) and judged by `decodeFrame`,
 * which never throws; frames are encoded by the connection, so the serializer is the identity.
 */
function openSocket(
  options: ResolvedConnectionOptions,
  session: SessionState,
): { subject: WebSocketSubject<unknown>; write: SocketWriter } {
  const subject = webSocket<unknown>({
    url: buildSocketUrl(options.url, options.apiKeyParam, options.apiKey),
    // Always explicit: RxJS falls back to a global WebSocket, which Node 20 lacks. The library's
    // one cast: `ws`'s class (and a user's constructor, typed loosely) does not type-check as
    // the DOM WebSocket RxJS declares, though it behaves as one.
    WebSocketCtor: withMaxPayload(
      options.WebSocketCtor ?? (IsomorphicWebSocket as WebSocketConstructor),
      options.maxInboundFrameBytes,
    ) as unknown as RxjsWebSocketCtor,
    binaryType: 'arraybuffer',
    deserializer: (event) => event.data as unknown,
    serializer: (frame) => frame as string,
    // `ws` only: the socket itself, for ping and terminate.
    openObserver: { next: (event) => (session.socket = event.target as unknown as RawSocket) },
    // Every close ends the session here, clean or not (RxJS would complete on a clean one).
    closeObserver: { next: session.fail },
  });
  const write: SocketWriter = (frame) => {
    if (session.ended || session.socket?.readyState !== OPEN) return false;
    subject.next(frame);
    if (frame.length > session.largestFrame.length) session.largestFrame = frame;
    return true;
  };
  return { subject, write };
}
