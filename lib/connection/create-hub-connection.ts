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
import type { OutboundEvent } from '../protocol/outbound.js';
import { encodeEvent } from '../protocol/encode.js';
import { resolveReconnectOptions } from './backoff.js';
import type { ConnectionStatus, HubConnection, SendReceipt } from './hub-connection.js';
import type { ConnectionOptions } from './options.js';
import { OutboundQueue } from './outbound-queue.js';
import { reconnectLoop$ } from './reconnect-loop.js';
import { CONNECTION_DEFAULTS, sessionConfigOf } from './session-config.js';
import { redactUrl } from './socket-url.js';
import { socketSession$, type SessionSignal, type SocketWriter } from './socket-session.js';
import type { SocketFailure } from './socket-failure.js';
import { defaultWakeupSources, type WakeupSources, wakeups$ } from './wakeups.js';
import { DemandCounter } from './demand-counter.js';

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
  return new ReconnectingHubConnection(options, deps);
}

class ReconnectingHubConnection implements HubConnection {
  private readonly statusSubject = new ReplaySubject<ConnectionStatus>(1);
  private readonly eventsSubject = new Subject<HubEvent>();
  private readonly errorsSubject = new Subject<HubError | HubProtocolError>();
  private readonly inFlight = new BehaviorSubject(0);
  private readonly queue: OutboundQueue;
  private readonly demand = new DemandCounter(
    () => this.start(),
    () => this.stopIfUnused(),
  );
  private readonly maxFrameBytes: number;
  private readonly safeUrl: string;
  private status: ConnectionStatus = { state: 'idle' };
  private running: Subscription | undefined;
  private writer: SocketWriter | undefined;
  private generation = 0;
  private closed = false;

  readonly status$: Observable<ConnectionStatus> = this.statusSubject.asObservable();
  readonly errors$: Observable<HubError | HubProtocolError> = this.errorsSubject.asObservable();
  readonly events$: Observable<HubEvent> = new RxObservable<HubEvent>((subscriber) => {
    const inner = this.eventsSubject.subscribe(subscriber);
    if (this.closed) return inner;
    const release = this.demand.acquire();
    return () => {
      inner.unsubscribe();
      release();
    };
  });

  constructor(
    private readonly options: ConnectionOptions,
    private readonly deps: HubConnectionDeps,
  ) {
    this.queue = new OutboundQueue(options.outboundQueueLimit ?? CONNECTION_DEFAULTS.outboundQueueLimit);
    this.maxFrameBytes = options.maxFrameBytes ?? HUB_LIMITS.maxFrameBytes;
    this.safeUrl = redactUrl(options.url, [options.apiKeyParam ?? 'apikey']);
    this.statusSubject.next(this.status);
  }

  send(event: OutboundEvent): Observable<SendReceipt> {
    if (this.closed) return throwError(() => closedError());
    let frame: string;
    let receipt$: Observable<SendReceipt>;
    try {
      frame = encodeEvent(event, { maxBytes: this.maxFrameBytes });
      receipt$ = this.queue.push(frame);
    } catch (error) {
      return throwError(() => error);
    }
    this.start();
    this.flush();
    return receipt$;
  }

  hold(): () => void {
    return this.closed ? () => undefined : this.demand.acquire();
  }

  beginRequest(): () => void {
    this.inFlight.next(this.inFlight.value + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight.next(this.inFlight.value - 1);
    };
  }

  close(): void {
    this.shutDown(undefined);
  }

  private start(): void {
    if (this.closed || this.running) return;
    const reconnect =
      this.options.reconnect === false ? undefined : resolveReconnectOptions(this.options.reconnect);
    const quiet$ = this.inFlight.pipe(map((count) => count === 0 && this.queue.size === 0));
    const config = sessionConfigOf(this.options, reconnect, quiet$, this.deps.scheduler);
    const running = new Subscription();
    this.running = running;
    running.add(
      reconnectLoop$({
        session: (generation) => socketSession$(config, generation),
        reconnect,
        apiKey: this.options.apiKey,
        wakeups$: wakeups$(this.deps.wakeupSources ?? defaultWakeupSources()),
        random: this.deps.random,
        scheduler: this.deps.scheduler,
        lastGeneration: this.generation,
        hooks: {
          onConnecting: (generation, attempt) => {
            this.generation = generation;
            this.log('debug', 'connecting', { url: this.safeUrl, generation, attempt });
            this.setStatus({ state: 'connecting', generation, attempt });
          },
          onSignal: (signal, generation) => this.onSignal(signal, generation),
          onSocketEnded: (failure, generation) => this.onSocketEnded(failure, generation),
          onReconnecting: (failure, attempt, delayMs, generation) => {
            this.log('info', 'reconnecting', { generation, attempt, delayMs, code: failure.error.code });
            this.setStatus({ state: 'reconnecting', generation, attempt, delayMs, lastError: failure.error });
          },
        },
      }).subscribe({ error: (failure: SocketFailure) => this.shutDown(failure.error) }),
    );
  }

  private onSignal(signal: SessionSignal, generation: number): void {
    if (generation !== this.generation || this.closed) return;
    switch (signal.kind) {
      case 'connected':
        this.writer = signal.writer;
        this.flush();
        this.log('debug', 'connected', { generation, socketId: signal.socketId });
        this.setStatus({ state: 'connected', generation, socketId: signal.socketId });
        this.stopIfUnused();
        return;
      case 'event':
        this.eventsSubject.next(signal.event);
        return;
      case 'malformed':
        this.errorsSubject.next(signal.error);
        return;
      case 'stable':
        return;
    }
  }

  private onSocketEnded(failure: SocketFailure, generation: number): void {
    const writer = this.writer?.generation === generation ? this.writer : undefined;
    if (writer) this.writer = undefined;
    this.log('info', 'socket ended', {
      generation,
      code: failure.error.code,
      message: failure.error.message,
    });
    if (failure.payloadTooLarge) {
      this.errorsSubject.next(
        new PayloadTooLargeError(writer?.largestFrameBytes() ?? 0, HUB_LIMITS.maxMessageBytes),
      );
    }
  }

  private flush(): void {
    const writer = this.writer;
    if (!writer) return;
    this.queue.drain(
      () => this.writer === writer && writer.canWrite(),
      (frame) => {
        writer.write(frame);
        return { generation: writer.generation };
      },
    );
  }

  /** Nobody holds or listens and nothing waits to be sent: close, so a Node script can exit. */
  private stopIfUnused(): void {
    if (!this.running || this.demand.count > 0 || this.queue.size > 0) return;
    const running = this.running;
    this.running = undefined;
    this.writer = undefined;
    running.unsubscribe();
    this.setStatus({ state: 'idle' });
  }

  private shutDown(error: HubError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    const running = this.running;
    this.running = undefined;
    this.writer = undefined;
    running?.unsubscribe();
    this.queue.failAll(closedError(error));
    this.setStatus(error ? { state: 'closed', error } : { state: 'closed' });
    if (error) this.log('warn', 'connection closed', { code: error.code, message: error.message });
    this.statusSubject.complete();
    this.eventsSubject.complete();
    this.errorsSubject.complete();
    this.inFlight.complete();
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.statusSubject.next(status);
  }

  private log(level: 'debug' | 'info' | 'warn', message: string, details: Record<string, unknown>): void {
    this.options.logger?.[level]?.(`captivate-hub: ${message}`, details);
  }
}

function closedError(cause?: HubError): ConnectionError {
  return new ConnectionError(
    'CONNECTION_CLOSED',
    'The connection was closed before the event could be sent',
    undefined,
    undefined,
    cause ? { cause } : undefined,
  );
}
