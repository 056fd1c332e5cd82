import { BehaviorSubject, Observable, ReplaySubject, Subject, throwError } from 'rxjs';
import type {
  ConnectionStatus,
  FrameWatcher,
  HubConnection,
  SendReceipt,
  Withdraw,
} from '../../../lib/connection/hub-connection.js';
import { enqueueFrame, type QueuedFrame } from './queued-frame.js';
import { ConnectionError, type HubError, type HubProtocolError } from '../../../lib/errors.js';
import { connectHub } from '../../../lib/hub/connect-hub.js';
import type { Hub } from '../../../lib/hub/hub.js';
import type { HubOptions } from '../../../lib/options.js';
import { decodeWireEvent } from '../../../lib/protocol/decode.js';
import type { HubEvent } from '../../../lib/protocol/inbound.js';
import type { OutboundEvent } from '../../../lib/protocol/outbound.js';
import type { WireObject } from '../../../lib/protocol/wire.js';

/**
 * A `HubConnection` made of Subjects: the test decides when frames are written, what arrives,
 * and when the socket dies. Everything is synchronous.
 */
export class FakeConnection implements HubConnection {
  readonly statusSubject = new BehaviorSubject<ConnectionStatus>({
    state: 'connected',
    generation: 1,
    socketId: 's1',
  });
  readonly inbound = new Subject<HubEvent>();
  readonly errorsSubject = new Subject<HubError | HubProtocolError>();
  readonly sent: OutboundEvent[] = [];
  /** Frames queued while not connected, written on `reconnect()`. */
  private unwritten: ReplaySubject<SendReceipt>[] = [];
  holds = 0;
  requestsInFlight = 0;
  eventSubscribers = 0;
  /** How often the last events$ subscriber left (a real connection would then let the socket go). */
  eventsReleased = 0;
  closed = false;

  readonly status$ = this.statusSubject.asObservable();
  readonly errors$ = this.errorsSubject.asObservable();
  readonly events$ = new Observable<HubEvent>((subscriber) => {
    this.eventSubscribers++;
    const inner = this.inbound.subscribe(subscriber);
    return () => {
      this.eventSubscribers--;
      if (this.eventSubscribers === 0) this.eventsReleased++;
      inner.unsubscribe();
    };
  });

  get generation(): number {
    const status = this.statusSubject.value;
    return 'generation' in status ? status.generation : 0;
  }

  send(event: OutboundEvent): Observable<SendReceipt> {
    return this.frame(event).written$;
  }

  /** Recorded in `sent` at the call (written or queued); a withdrawn frame leaves `sent` again. */
  enqueue(event: OutboundEvent, watcher: FrameWatcher): Withdraw {
    return enqueueFrame(this.frame(event), watcher);
  }

  private frame(event: OutboundEvent): QueuedFrame {
    if (this.closed) {
      return {
        written$: throwError(() => new ConnectionError('CONNECTION_CLOSED', 'closed')),
        withdraw: () => false,
      };
    }
    this.sent.push(event);
    const receipt = new ReplaySubject<SendReceipt>(1);
    const status = this.statusSubject.value;
    if (status.state === 'connected') {
      receipt.next({ generation: status.generation });
      receipt.complete();
    } else {
      this.unwritten.push(receipt);
    }
    return {
      written$: receipt.asObservable(),
      withdraw: () => {
        const at = this.unwritten.indexOf(receipt);
        if (at < 0) return false;
        this.unwritten.splice(at, 1);
        this.sent.splice(this.sent.lastIndexOf(event), 1);
        this.withdrawn.push(event);
        receipt.complete();
        return true;
      },
    };
  }

  /** Generations the client asked to recycle; the fake then drops and reconnects at once. */
  readonly recycled: number[] = [];
  /** Frames taken back before they were written. */
  readonly withdrawn: OutboundEvent[] = [];

  recycle(generation: number): void {
    if (this.closed || generation !== this.generation || this.statusSubject.value.state !== 'connected')
      return;
    this.recycled.push(generation);
    this.drop();
    this.reconnect();
  }

  hold(): () => void {
    this.holds++;
    return once(() => this.holds--);
  }

  beginRequest(): () => void {
    this.requestsInFlight++;
    return once(() => this.requestsInFlight--);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const receipt of this.unwritten) receipt.error(new ConnectionError('CONNECTION_CLOSED', 'closed'));
    this.unwritten = [];
    this.statusSubject.next({ state: 'closed' });
    this.statusSubject.complete();
    this.inbound.complete();
    this.errorsSubject.complete();
  }

  /** Delivers a wire event (`{ event_type, event_payload, event_id? }`). */
  receive(eventType: string, payload: WireObject = {}, eventId?: string): void {
    this.inbound.next(decodeWireEvent({ event_type: eventType, event_payload: payload, event_id: eventId }));
  }

  /** The socket dies: status leaves `connected`. */
  drop(): void {
    const generation = this.generation;
    this.statusSubject.next({
      state: 'reconnecting',
      generation,
      attempt: 1,
      delayMs: 0,
      lastError: new ConnectionError('CONNECTION_LOST', 'dropped', 1006),
    });
  }

  /** A new socket reaches `socket_connected`; frames queued meanwhile are written on it. */
  reconnect(): void {
    const generation = this.generation + 1;
    this.statusSubject.next({ state: 'connected', generation, socketId: `s${generation}` });
    for (const receipt of this.unwritten) {
      receipt.next({ generation });
      receipt.complete();
    }
    this.unwritten = [];
  }

  lastSent(): OutboundEvent {
    const event = this.sent[this.sent.length - 1];
    if (!event) throw new Error('nothing sent');
    return event;
  }

  sentOfType<T extends OutboundEvent['type']>(type: T): Extract<OutboundEvent, { type: T }>[] {
    return this.sent.filter((event): event is Extract<OutboundEvent, { type: T }> => event.type === type);
  }
}

function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

/** A hub over a fresh fake connection. */
export function fakeHub(options: Partial<HubOptions> = {}): { hub: Hub; connection: FakeConnection } {
  const connection = new FakeConnection();
  const hub = connectHub(
    { url: 'ws://fake.test', apiKey: 'secret-key', ...options },
    { createConnection: () => connection },
  );
  return { hub, connection };
}

/** Collects what an observable emits, its error and completion. */
export function record<T>(source$: Observable<T>): {
  values: T[];
  error: unknown;
  completed: boolean;
  unsubscribe(): void;
} {
  const result = {
    values: [] as T[],
    error: undefined as unknown,
    completed: false,
    unsubscribe: (): void => undefined,
  };
  const subscription = source$.subscribe({
    next: (value) => result.values.push(value),
    error: (error: unknown) => (result.error = error),
    complete: () => (result.completed = true),
  });
  result.unsubscribe = () => subscription.unsubscribe();
  return result;
}
