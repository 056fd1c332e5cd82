import {
  type SchedulerLike,
  AsyncSubject,
  BehaviorSubject,
  Observable as RxObservable,
  ReplaySubject,
  Subject,
  map,
} from '../rx.js';
import { ConnectionError, type HubError, type HubProtocolError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';
import { encodeEvent } from '../protocol/encode.js';
import type {
  ConnectionStatus,
  FrameWatcher,
  HubConnection,
  SendReceipt,
  Withdraw,
} from './hub-connection.js';
import type { ConnectionOptions, HubLogger } from './options.js';
import { OutboundQueue } from './outbound-queue.js';
import { resolveConnectionOptions } from './resolve-options.js';
import { socketRunner } from './socket-runner.js';
import type { SessionSink, SocketWriter } from './socket-session.js';
import type { WakeupSources } from './wakeups.js';

/** Seams for tests and unusual hosts. */
export interface HubConnectionDeps {
  /** Time for every timer of the connection (backoff, timeouts, heartbeat). @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /** Jitter source of the backoff, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Where `online` / `visibilitychange` come from. @default `window` / `document` when present */
  readonly wakeupSources?: WakeupSources;
}

/**
 * Opens one logical link to the hub: lazily, over as many sockets as it takes. Wiring of its
 * parts: the socket runner (`socketRunner`: reconnect loop over socket sessions), the outbound
 * queue (`OutboundQueue`), the status, and the count of holders that keeps the sockets running.
 *
 * @example
 * const connection = createHubConnection({ url: 'wss://hub.example/dev', apiKey });
 * connection.events$.subscribe((event) => console.log(event.type));
 * connection.send({ type: 'conversation_start', payload: { userId: 'u1' } }).subscribe();
 */
export function createHubConnection(options: ConnectionOptions, deps: HubConnectionDeps = {}): HubConnection {
  const resolved = resolveConnectionOptions(options);
  const status$ = new ReplaySubject<ConnectionStatus>(1);
  const events$ = new Subject<HubEvent>();
  const errors$ = new Subject<HubError | HubProtocolError>();
  const queue = new OutboundQueue(resolved.outboundQueueLimit, () => holders.stopIfUnused());
  const inFlight = inFlightRequests(queue);
  const setStatus = reportStatus(status$, resolved.logger);
  /** The socket of the last `socket_connected`; it stops being writable when its session ends. */
  let write: SocketWriter | undefined;
  let closed = false;
  const sink: SessionSink = {
    connected: (socketId, writer) => {
      write = writer;
      queue.flush(write, runner.generation);
      setStatus({ state: 'connected', generation: runner.generation, socketId });
      holders.stopIfUnused();
    },
    event: (event) => events$.next(event),
    error: (error) => errors$.next(error),
  };
  const shutDown = (error?: HubError): void => {
    if (closed) return;
    closed = true;
    runner.stop();
    queue.failAll(closedError(error));
    setStatus({ state: 'closed', error });
    for (const subject of [status$, events$, errors$]) subject.complete();
  };
  const { quiet$ } = inFlight;
  const runner = socketRunner(resolved, { ...deps, sink, quiet$, setStatus, gaveUp: shutDown });
  const start = (): void => void (closed || runner.start());
  const holders = countHolders(start, () => {
    if (!runner.running || queue.length > 0) return;
    runner.stop();
    setStatus({ state: 'idle' });
  });
  const enqueue = (event: OutboundEvent, watcher: FrameWatcher): Withdraw => {
    const frame = closed ? closedError() : encodeFrame(event, resolved.maxFrameBytes);
    if (typeof frame !== 'string') {
      watcher.fail(frame as HubError);
      return () => false;
    }
    start();
    return queue.add(frame, watcher, write, runner.generation);
  };

  setStatus({ state: 'idle' });
  return {
    status$: status$.asObservable(),
    errors$: errors$.asObservable(),
    events$: heldWhileSubscribed(events$, holders.acquire),
    send: (event) => sent$(enqueue, event),
    enqueue,
    recycle: (generation) => void (closed || runner.recycle(generation)),
    hold: holders.acquire,
    beginRequest: inFlight.begin,
    close: () => shutDown(),
  };
}

/** `send()`: the receipt of `enqueue`, replayed (one, then complete) to whoever subscribes. */
function sent$(enqueue: HubConnection['enqueue'], event: OutboundEvent): RxObservable<SendReceipt> {
  const receipt = new AsyncSubject<SendReceipt>();
  enqueue(event, {
    written: (generation) => {
      receipt.next({ generation });
      receipt.complete();
    },
    fail: (error) => receipt.error(error),
  });
  return receipt.asObservable();
}

/** `events$` for subscribers: each subscriber holds the sockets open until it unsubscribes. */
function heldWhileSubscribed(events$: Subject<HubEvent>, acquire: () => () => void): RxObservable<HubEvent> {
  return new RxObservable<HubEvent>((subscriber) => {
    events$.subscribe(subscriber);
    return acquire();
  });
}

/** Requests awaiting their answer: the sockets are quiet when none is and nothing is queued. */
function inFlightRequests(queue: OutboundQueue): { quiet$: RxObservable<boolean>; begin(): () => void } {
  const count$ = new BehaviorSubject(0);
  return {
    quiet$: count$.pipe(map((count) => count === 0 && queue.length === 0)),
    begin: () => {
      count$.next(count$.value + 1);
      return once(() => count$.next(count$.value - 1));
    },
  };
}

/** Every change is logged with the status as details: a loss at `info`, giving up at `warn`. */
function reportStatus(
  status$: Subject<ConnectionStatus>,
  logger: HubLogger | undefined,
): (status: ConnectionStatus) => void {
  return (status) => {
    const level =
      status.state === 'reconnecting' ? 'info' : (status as { error?: unknown }).error ? 'warn' : 'debug';
    logger?.[level]?.(`captivate-hub: ${status.state}`, status);
    status$.next(status);
  };
}

/**
 * `events$` subscribers and `hold()`s: `acquire` starts the sockets and counts a holder until the
 * returned (idempotent) release. With none left, `idle` may stop them (it checks the queue).
 */
function countHolders(start: () => void, idle: () => void): { acquire(): () => void; stopIfUnused(): void } {
  let holders = 0;
  /** Nobody holds or listens (and, `idle` checks, nothing waits to be sent): close, so a Node script can exit. */
  const stopIfUnused = (): void => {
    if (holders === 0) idle();
  };
  return {
    acquire() {
      holders += 1;
      start();
      return once(() => {
        holders -= 1;
        stopIfUnused();
      });
    },
    stopIfUnused,
  };
}

/** The frame of `event`, or the `HubError` refusing it (`PAYLOAD_TOO_LARGE`, `INVALID_ARGUMENT`). */
function encodeFrame(event: OutboundEvent, maxBytes: number): string | unknown {
  try {
    return encodeEvent(event, { maxBytes });
  } catch (error) {
    return error;
  }
}

/** `release` runs on the first call only. */
function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      release();
    }
  };
}

function closedError(cause?: HubError): ConnectionError {
  const options = cause ? { cause } : undefined;
  return new ConnectionError('CONNECTION_CLOSED', 'Closed before it was sent', undefined, undefined, options);
}
