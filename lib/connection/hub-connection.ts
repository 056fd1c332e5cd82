import type { Observable } from '../rx.js';
import type { HubError, HubProtocolError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';

/**
 * The connection's state, replayed to late subscribers.
 * `generation` counts sockets: it grows by one with every socket opened, so anything tied
 * to a socket (a written request, a timer) can tell a dead socket from its successor.
 */
export type ConnectionStatus =
  | {
      /** Nothing has needed the socket yet: no connection was attempted. */
      readonly state: 'idle';
    }
  | {
      /** A socket is being opened (the upgrade, then the wait for `socket_connected`). */
      readonly state: 'connecting';
      /** The socket's number: 1 for the first, one more for each socket opened since. */
      readonly generation: number;
      /** How many attempts in a row failed before this one (0 for a first try). */
      readonly attempt: number;
    }
  | {
      /** The hub greeted the socket (`socket_connected`): sends go out. */
      readonly state: 'connected';
      /** The socket's number. */
      readonly generation: number;
      /** The hub's id of this socket. */
      readonly socketId: string;
    }
  | {
      /** The socket was lost; the next attempt starts after `delayMs`. */
      readonly state: 'reconnecting';
      /** The number of the socket that was lost. */
      readonly generation: number;
      /** 1 for the first retry after a loss. */
      readonly attempt: number;
      /** The wait before the next attempt (backoff with jitter). */
      readonly delayMs: number;
      /** Why the socket was lost. */
      readonly lastError: HubError;
    }
  | {
      /** Closed for good: by `close()` (no error), a rejected key, or the last retry failing. */
      readonly state: 'closed';
      /** Why, when it was not closed on purpose. */
      readonly error?: HubError;
    };

/**
 * The `state` of a {@link ConnectionStatus}: `'idle'` → `'connecting'` → `'connected'` ⇄
 * `'reconnecting'` → `'closed'`.
 *
 * @example
 * hub.status$.pipe(map((s) => s.state)).subscribe((state: ConnectionState) => render(state));
 */
export type ConnectionState = ConnectionStatus['state'];

/** Receipt of an outbound frame: it was written to the socket of this generation. */
export interface SendReceipt {
  readonly generation: number;
}

/**
 * Told what becomes of a frame handed to `enqueue` (a plain object, often the sender itself: no
 * observable, no subscription per frame).
 */
export interface FrameWatcher {
  /** The frame was written to the socket of `generation` — maybe within the `enqueue` call. */
  written(generation: number): void;
  /** It will never be written: `PAYLOAD_TOO_LARGE`, `QUEUE_FULL` or `CONNECTION_CLOSED`. */
  fail(error: HubError): void;
}

/**
 * Takes a frame back if it is still queued (it will never be written, its watcher hears nothing
 * more): `true`; else (written, failed, withdrawn already) `false`.
 */
export type Withdraw = () => boolean;

/**
 * One logical link to the hub over a succession of sockets. Internal seam between the
 * socket layer (`connection/`) and the conversation layer (`hub/`, `conversation/`).
 */
export interface HubConnection {
  /** Current status first, then every change. Never errors; completes after `close()`. */
  readonly status$: Observable<ConnectionStatus>;
  /**
   * Every decoded inbound event of every socket, in order, multicast (decoded once).
   * Subscribing opens the socket if needed (ref-counted with `hold()`); completes after `close()`.
   */
  readonly events$: Observable<HubEvent>;
  /** Malformed frames and connection-level errors tied to no request. Completes after `close()`. */
  readonly errors$: Observable<HubError | HubProtocolError>;
  /**
   * Queues `event` now (hot: whether or not anyone subscribes) and sends it once connected
   * (after `socket_connected`), in call order, before any newer send. The returned observable
   * replays one receipt when the frame was written, then completes; or errors with
   * `PAYLOAD_TOO_LARGE` (never written), `QUEUE_FULL`, or `CONNECTION_CLOSED` (closed before it
   * could be written). Holds the socket open until written.
   */
  send(event: OutboundEvent): Observable<SendReceipt>;
  /**
   * Like `send()`, but told to `watcher` (synchronously when the socket takes the frame at once),
   * and the frame can be taken back until it is written (the returned `Withdraw`).
   */
  enqueue(event: OutboundEvent, watcher: FrameWatcher): Withdraw;
  /**
   * Ends the socket of `generation` if it is the one open now, and opens the next at once (a
   * routine reconnect): whatever that socket still owed will never arrive.
   */
  recycle(generation: number): void;
  /** Keeps the socket open (and reconnecting) until the returned function is called. */
  hold(): () => void;
  /**
   * Marks a request as awaiting its answer until the returned function is called. The planned
   * reconnect before the gateway's maximum connection duration waits for a moment with none.
   */
  beginRequest(): () => void;
  /** Closes with 1000, fails queued sends with `CONNECTION_CLOSED`, completes every stream. */
  close(): void;
}
