import IsomorphicWebSocket from 'isomorphic-ws';
import { type SchedulerLike, Observable, Subscription, first, interval, timer } from '../rx.js';
import { type WebSocketSubject, type WebSocketSubjectConfig, webSocket } from '../rx-websocket.js';
import {
  HubProtocolError,
  type InboundTooLargeError,
  PayloadTooLargeError,
  TimeoutError,
} from '../errors.js';
import { decodeFrame } from '../protocol/decode.js';
import type { HubEvent } from '../protocol/inbound.js';
import { MAX_MESSAGE_BYTES } from '../protocol/limits.js';
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
    // The session's state, in locals rather than an object's properties: a minifier renames
    // locals, never property names. Everything timed lives in `lifetime`, ended with the session.
    const { maxInboundFrameBytes } = options;
    const lifetime = new Subscription();
    let raw: RawSocket | undefined;
    let connected = false;
    let ended = false;
    /** Set when a timeout of ours ran out: the socket is presumed half-open. */
    let timedOut = false;
    /** Whether a ping awaits its pong (the socket may be half-open); what each frame calls (see `startHeartbeat`). */
    let [pongDue, frameCame] = NO_HEARTBEAT;
    /** The largest frame written, to name the culprit of a 1009 close. */
    let largestFrame = '';
    const end = (failure: SocketFailure): void => {
      if (ended) return;
      ended = true;
      // 1009: the gateway refused a frame as too big (written frames are never re-sent).
      if (failure.error.closeCode === 1009) {
        sink.error(new PayloadTooLargeError(utf8ByteLength(largestFrame), MAX_MESSAGE_BYTES));
      }
      subscriber.error(failure);
    };
    /** The socket closed or failed, or a timeout of ours ran out. */
    const fail = (err: unknown): void => {
      // `ws` refused an oversized frame while it arrived (1009 of our own): reported, then reconnected.
      const tooLarge = ended ? undefined : refusedWhileArriving(err, maxInboundFrameBytes);
      if (tooLarge) sink.error(tooLarge);
      end(failureFromSocketError(err, options.apiKey, connected));
    };
    const [after, timeout] = sessionTimers(lifetime, scheduler, (error) => {
      timedOut = true;
      fail(error);
    });
    const onConnected = (socketId: string): void => {
      connected = true;
      connectDeadline.unsubscribe();
      sink.connected(socketId, write);
      if (ended) return;
      after(options.stableAfterMs, () => subscriber.next('stable'));
      // Before the gateway's 2 h cap, at the first quiet moment, so no request is cut in flight.
      // A routine close of our own, so free: it comes long after the socket became stable.
      const plannedEnd = () => end(failureFromClose({ code: 1000, reason: 'planned reconnect' }, true));
      after(options.maxConnectionMs, () => lifetime.add(quiet$.pipe(first(Boolean)).subscribe(plannedEnd)));
      if (options.heartbeat) {
        [pongDue, frameCame] = startHeartbeat(raw, options.heartbeat, lifetime, timeout, scheduler);
      }
    };
    const onFrame = (data: unknown): void => {
      frameCame();
      // Where the socket could not refuse it while arriving (browsers): dropped undecoded.
      const tooLarge = oversizedFrame(data, maxInboundFrameBytes);
      if (tooLarge) return sink.error(tooLarge);
      const decoded = decodeFrame(data);
      if (decoded instanceof HubProtocolError) return sink.error(decoded);
      if (!connected && decoded.type === 'socket_connected') onConnected(decoded.payload.socketId);
      if (!ended) sink.event(decoded);
    };
    const subject = openSocket(options, (opened) => (raw = opened), fail);
    const write: SocketWriter = (frame) => {
      if (ended || raw?.readyState !== OPEN) return false;
      subject.next(frame);
      if (frame.length > largestFrame.length) largestFrame = frame;
      return true;
    };
    // Error events and exceptions of the constructor; closes reach `closeObserver` first.
    const frames = subject.subscribe({ next: onFrame, error: fail });
    // Counted from the socket's creation, so a stalled upgrade counts too.
    const connectDeadline = timeout('CONNECT_TIMEOUT', 'socket_connected', options.connectTimeoutMs);
    return () => {
      ended = true;
      lifetime.unsubscribe();
      // Closed by us first (1000, or terminated when half-open): the subject would close it without a code.
      if (raw) endSocket(raw, timedOut || pongDue(), scheduler);
      frames.unsubscribe();
    };
  });
}

type After = (ms: number, then: () => void) => Subscription;
type Timeout = (code: 'CONNECT_TIMEOUT' | 'HEARTBEAT_TIMEOUT', awaited: string, ms: number) => Subscription;

/** A session's timers, all in `lifetime`: `after` runs `then` once; a `timeout` fails the session. */
function sessionTimers(
  lifetime: Subscription,
  scheduler: SchedulerLike | undefined,
  timedOut: (error: TimeoutError) => void,
): readonly [After, Timeout] {
  const after: After = (ms, then) => {
    const scheduled = timer(ms, scheduler).subscribe(then);
    lifetime.add(scheduled);
    return scheduled;
  };
  return [after, (code, awaited, ms) => after(ms, () => timedOut(new TimeoutError(code, awaited, ms)))];
}

type Heartbeat = readonly [pongDue: () => boolean, frameCame: () => void];

/** Before `socket_connected`, or with the heartbeat off: no pong awaited, no watchdog to re-arm. */
const NO_HEARTBEAT: Heartbeat = [() => false, () => undefined];

/**
 * The heartbeat of a connected socket: a ping every `intervalMs` where the socket can (Node's
 * `ws`; browsers cannot ping), failing the session when its pong is not back within `timeoutMs`;
 * and, when `inactivityTimeoutMs` is set, a watchdog that every frame re-arms. Returns whether a
 * ping awaits its pong, and what each frame calls.
 */
function startHeartbeat(
  socket: RawSocket | undefined,
  { intervalMs, timeoutMs, inactivityTimeoutMs }: Exclude<ResolvedConnectionOptions['heartbeat'], false>,
  lifetime: Subscription,
  timeout: Timeout,
  scheduler: SchedulerLike | undefined,
): Heartbeat {
  let pongDue: Subscription | undefined;
  if (socket?.ping && socket.on) {
    socket.on('pong', () => {
      pongDue?.unsubscribe();
      pongDue = undefined;
    });
    lifetime.add(
      interval(intervalMs, scheduler).subscribe(() => {
        if (pongDue) return;
        socket.ping?.(); // throws only while CONNECTING, and `socket_connected` came
        pongDue = timeout('HEARTBEAT_TIMEOUT', 'pong', timeoutMs);
      }),
    );
  }
  let watchdog: Subscription | undefined;
  const frameCame = (): void => {
    if (inactivityTimeoutMs === undefined) return;
    watchdog?.unsubscribe();
    watchdog = timeout('HEARTBEAT_TIMEOUT', 'inbound frame', inactivityTimeoutMs);
  };
  frameCame();
  return [() => pongDue !== undefined, frameCame];
}

/**
 * The RxJS `webSocket` subject of one session. Its raw `data` is passed through
 * untouched (a throwing deserializer would error the whole subject) and judged by `decodeFrame`,
 * which never throws; frames are encoded by the connection, so the serializer is the identity.
 */
function openSocket(
  options: ResolvedConnectionOptions,
  opened: (socket: RawSocket) => void,
  fail: (err: unknown) => void,
): WebSocketSubject<unknown> {
  return webSocket<unknown>({
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
    openObserver: { next: (event) => opened(event.target as unknown as RawSocket) },
    // Every close ends the session here, clean or not (RxJS would complete on a clean one).
    closeObserver: { next: fail },
  });
}
