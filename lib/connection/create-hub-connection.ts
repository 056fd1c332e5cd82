import {
  type Observable,
  type SchedulerLike,
  BehaviorSubject,
  Observable as RxObservable,
  ReplaySubject,
  Subject,
  Subscription,
  map,
  throwError,
} from 'rxjs';
import { ConnectionError, type HubError, type HubProtocolError, PayloadTooLargeError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import { HUB_LIMITS } from '../protocol/limits.js';
import { encodeEvent } from '../protocol/encode.js';
import { resolveReconnectOptions } from './backoff.js';
import type { ConnectionStatus, HubConnection, SendReceipt } from './hub-connection.js';
import type { ConnectionOptions } from './options.js';
import { OutboundQueue } from './outbound-queue.js';
import { reconnectLoop$ } from './reconnect-loop.js';
import { OPEN } from './raw-socket.js';
import { socketSession$, type SocketWriter } from './socket-session.js';
import type { SocketFailure } from './socket-failure.js';
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
  const queue = new OutboundQueue(options.outboundQueueLimit ?? 1000);
  const reconnect = options.reconnect === false ? undefined : resolveReconnectOptions(options.reconnect);
  const quiet$ = inFlight$.pipe(map((count) => count === 0 && queue.size === 0));
  /** `events$` subscribers and `hold()`s. */
  let holders = 0;
  let running: Subscription | undefined;
  let writer: SocketWriter | undefined;
  /** The largest frame written to the current socket, to name the culprit of a 1009 close. */
  let largestFrame = '';
  let generation = 0;
  let closed = false;

  /** Every change is logged with the status as details: a loss at `info`, giving up at `warn`. */
  const setStatus = (status: ConnectionStatus): void => {
    const level =
      status.state === 'reconnecting' ? 'info' : (status as { error?: unknown }).error ? 'warn' : 'debug';
    options.logger?.[level]?.(`captivate-hub: ${status.state}`, status);
    status$.next(status);
  };

  const flush = (): void => {
    const current = writer;
    if (!current) return;
    queue.drain(
      () => writer === current && current.readyState === OPEN,
      (frame) => {
        current.send(frame);
        if (frame.length > largestFrame.length) largestFrame = frame;
        return { generation };
      },
    );
  };

  const stop = (): void => {
    const wasRunning = running;
    running = writer = undefined;
    wasRunning?.unsubscribe();
  };

  /** Nobody holds or listens and nothing waits to be sent: close, so a Node script can exit. */
  const stopIfUnused = (): void => {
    if (!running || holders > 0 || queue.size > 0) return;
    stop();
    setStatus({ state: 'idle' });
  };

  const shutDown = (error?: HubError): void => {
    if (closed) return;
    closed = true;
    stop();
    queue.failAll(closedError(error));
    setStatus(error ? { state: 'closed', error } : { state: 'closed' });
    status$.complete();
    events$.complete();
    errors$.complete();
  };

  const start = (): void => {
    if (closed || running) return;
    // Set before subscribing: a socket may connect, or fail for good, synchronously.
    const current = (running = new Subscription());
    const loop$ = reconnectLoop$({
      session: () => socketSession$(options, quiet$, scheduler),
      reconnect,
      apiKey: options.apiKey,
      wakeups$: wakeups$(deps.wakeupSources),
      random: deps.random,
      scheduler,
      lastGeneration: generation,
      hooks: {
        onConnecting: (own, attempt) => {
          generation = own;
          largestFrame = '';
          setStatus({ state: 'connecting', generation, attempt });
        },
        onSignal: (signal, own) => {
          if (own !== generation || closed) return;
          if (signal.kind === 'event') events$.next(signal.event);
          else if (signal.kind === 'malformed') errors$.next(signal.error);
          else if (signal.kind === 'connected') {
            writer = signal.writer;
            flush();
            setStatus({ state: 'connected', generation, socketId: signal.socketId });
            stopIfUnused();
          }
        },
        onSocketEnded: ({ payloadTooLarge }) => {
          writer = undefined;
          if (payloadTooLarge) {
            const bytes = new TextEncoder().encode(largestFrame).byteLength;
            errors$.next(new PayloadTooLargeError(bytes, HUB_LIMITS.maxMessageBytes));
          }
        },
        onReconnecting: ({ error }, attempt, delayMs, own) => {
          setStatus({ state: 'reconnecting', generation: own, attempt, delayMs, lastError: error });
        },
      },
    });
    current.add(loop$.subscribe({ error: (failure: SocketFailure) => shutDown(failure.error) }));
  };

  /** Counts a holder until the returned (idempotent) release; nothing to hold once closed. */
  const acquire = (): (() => void) => {
    if (closed) return () => undefined;
    holders += 1;
    start();
    return once(() => {
      holders -= 1;
      stopIfUnused();
    });
  };

  setStatus({ state: 'idle' });
  return {
    status$: status$.asObservable(),
    errors$: errors$.asObservable(),
    events$: new RxObservable<HubEvent>((subscriber) => {
      const inner = events$.subscribe(subscriber);
      subscriber.add(acquire());
      return inner;
    }),
    send: (event) => {
      if (closed) return throwError(() => closedError());
      let receipt$: Observable<SendReceipt>;
      try {
        receipt$ = queue.push(
          encodeEvent(event, { maxBytes: options.maxFrameBytes ?? HUB_LIMITS.maxFrameBytes }),
        );
      } catch (error) {
        return throwError(() => error);
      }
      start();
      flush();
      return receipt$;
    },
    hold: acquire,
    beginRequest: () => {
      inFlight$.next(inFlight$.value + 1);
      return once(() => inFlight$.next(inFlight$.value - 1));
    },
    close: () => shutDown(),
  };
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
  return new ConnectionError(
    'CONNECTION_CLOSED',
    'Connection closed before the event was sent',
    undefined,
    undefined,
    cause ? { cause } : undefined,
  );
}
