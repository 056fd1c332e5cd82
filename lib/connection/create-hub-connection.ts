import {
  type SchedulerLike,
  AsyncSubject,
  BehaviorSubject,
  Observable as RxObservable,
  ReplaySubject,
  Subject,
  Subscription,
  map,
  throwError,
} from '../rx.js';
import { ConnectionError, QueueFullError, type HubError, type HubProtocolError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import { HUB_LIMITS } from '../protocol/limits.js';
import { encodeEvent } from '../protocol/encode.js';
import { resolveReconnectOptions } from './backoff.js';
import type { SocketFailure } from './close-policy.js';
import type { ConnectionStatus, HubConnection, QueuedFrame, SendReceipt } from './hub-connection.js';
import type { OutboundEvent } from '../protocol/outbound.js';
import type { ConnectionOptions } from './options.js';
import { reconnectLoop$ } from './reconnect-loop.js';
import { socketSession$, type SessionSink, type SocketWriter } from './socket-session.js';
import { type WakeupSources, wakeups$ } from './wakeups.js';

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
 * Opens one logical link to the hub: lazily, over as many sockets as it takes.
 *
 * @example
 * const connection = createHubConnection({ url: 'wss://hub.example/dev', apiKey });
 * connection.events$.subscribe((event) => console.log(event.type));
 * connection.send({ type: 'conversation_start', payload: { userId: 'u1' } }).subscribe();
 */
export function createHubConnection(options: ConnectionOptions, deps: HubConnectionDeps = {}): HubConnection {
  const { scheduler } = deps;
  const status$ = new ReplaySubject<ConnectionStatus>(1);
  const events$ = new Subject<HubEvent>();
  const errors$ = new Subject<HubError | HubProtocolError>();
  const inFlight$ = new BehaviorSubject(0);
  /**
   * Encoded frames waiting for a connected socket, in call order. Bounded: past the limit a send
   * fails with `QUEUE_FULL` alone (never a silent drop). Each receipt replays: `send()` is hot.
   */
  const queue: Queued[] = [];
  const queueLimit = options.outboundQueueLimit ?? 1000;
  const reconnect = options.reconnect === false ? undefined : resolveReconnectOptions(options.reconnect);
  const quiet$ = inFlight$.pipe(map((count) => count === 0 && queue.length === 0));
  /** `events$` subscribers and `hold()`s. */
  let holders = 0;
  let running: Subscription | undefined;
  /** The socket of the last `socket_connected`; it stops being writable when its session ends. */
  let write: SocketWriter | undefined;
  /** Counts sockets (see `ConnectionStatus`). */
  let generation = 0;
  let closed = false;

  /** Every change is logged with the status as details: a loss at `info`, giving up at `warn`. */
  const setStatus = (status: ConnectionStatus): void => {
    const level =
      status.state === 'reconnecting' ? 'info' : (status as { error?: unknown }).error ? 'warn' : 'debug';
    options.logger?.[level]?.(`captivate-hub: ${status.state}`, status);
    status$.next(status);
  };

  /**
   * Writes queued frames from the head while the socket takes them; a frame leaves the queue only
   * once written. A receipt's subscriber may send meanwhile: its frame joins the tail and this
   * loop writes it in turn, so call order holds.
   */
  const flush = (): void => {
    let head;
    while ((head = queue[0]) && write?.(head.frame)) {
      queue.shift();
      head.receipt.next({ generation });
      head.receipt.complete();
    }
  };

  const stop = (): void => {
    running?.unsubscribe();
    running = undefined;
  };

  /** Nobody holds or listens and nothing waits to be sent: close, so a Node script can exit. */
  const stopIfUnused = (): void => {
    if (!running || holders > 0 || queue.length > 0) return;
    stop();
    setStatus({ state: 'idle' });
  };

  const shutDown = (error?: HubError): void => {
    if (closed) return;
    closed = true;
    stop();
    const failure = closedError(error);
    for (const { receipt } of queue.splice(0)) receipt.error(failure);
    setStatus({ state: 'closed', error });
    status$.complete();
    events$.complete();
    errors$.complete();
  };

  const sink: SessionSink = {
    connected: (socketId, writer) => {
      write = writer;
      flush();
      setStatus({ state: 'connected', generation, socketId });
      stopIfUnused();
    },
    event: (event) => events$.next(event),
    error: (error) => errors$.next(error),
  };

  const start = (): void => {
    if (closed || running) return;
    // Set before subscribing: a socket may connect, or fail for good, synchronously.
    const current = (running = new Subscription());
    const loop$ = reconnectLoop$({
      session: (attempt) => {
        generation += 1;
        setStatus({ state: 'connecting', generation, attempt });
        return socketSession$(options, sink, quiet$, scheduler);
      },
      reconnect,
      onRetry: ({ error }, attempt, delayMs) =>
        setStatus({ state: 'reconnecting', generation, attempt, delayMs, lastError: error }),
      wakeups$: wakeups$(deps.wakeupSources),
      random: deps.random,
      scheduler,
    });
    current.add(loop$.subscribe({ error: (failure: SocketFailure) => shutDown(failure.error) }));
  };

  /** Counts a holder until the returned (idempotent) release; once closed, `start` does nothing. */
  const acquire = (): (() => void) => {
    holders += 1;
    start();
    return once(() => {
      holders -= 1;
      stopIfUnused();
    });
  };

  const enqueue = (event: OutboundEvent): QueuedFrame => {
    try {
      if (closed) throw closedError();
      const frame = encodeEvent(event, { maxBytes: options.maxFrameBytes ?? HUB_LIMITS.maxFrameBytes });
      if (queue.length >= queueLimit) throw new QueueFullError(queueLimit);
      const receipt = new AsyncSubject<SendReceipt>();
      const entry = { frame, receipt };
      queue.push(entry);
      start();
      flush();
      return { written$: receipt.asObservable(), withdraw: () => withdraw(entry) };
    } catch (error) {
      return { written$: throwError(() => error), withdraw: () => false };
    }
  };

  /** Takes a frame off the queue before it is written; its receipt completes empty. */
  const withdraw = (entry: Queued): boolean => {
    const at = queue.indexOf(entry);
    if (at < 0) return false;
    queue.splice(at, 1);
    entry.receipt.complete();
    stopIfUnused();
    return true;
  };

  setStatus({ state: 'idle' });
  return {
    status$: status$.asObservable(),
    errors$: errors$.asObservable(),
    events$: new RxObservable<HubEvent>((subscriber) => {
      events$.subscribe(subscriber);
      return acquire();
    }),
    send: (event) => enqueue(event).written$,
    enqueue,
    recycle: (socket) => {
      if (closed || !running || socket !== generation) return;
      options.logger?.info?.('captivate-hub: recycling the socket (an answer it owes never came)', {
        generation,
      });
      stop();
      start();
    },
    hold: acquire,
    beginRequest: () => {
      inFlight$.next(inFlight$.value + 1);
      return once(() => inFlight$.next(inFlight$.value - 1));
    },
    close: () => shutDown(),
  };
}

/** A frame waiting for a connected socket, and its receipt. */
interface Queued {
  readonly frame: string;
  readonly receipt: AsyncSubject<SendReceipt>;
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
