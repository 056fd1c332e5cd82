import { BehaviorSubject, Observable, ReplaySubject, Subject, type VirtualTimeScheduler } from 'rxjs';
import type {
  ConnectionStatus,
  FrameWatcher,
  HubConnection,
  SendReceipt,
  Withdraw,
} from '../../../lib/connection/hub-connection.js';
import { enqueueFrame, type QueuedFrame } from './queued-frame.js';
import { ConnectionError, type HubError, type HubProtocolError } from '../../../lib/errors.js';
import { decodeWireEvent } from '../../../lib/protocol/decode.js';
import type { HubEvent } from '../../../lib/protocol/inbound.js';
import type { OutboundEvent } from '../../../lib/protocol/outbound.js';
import type { WireObject } from '../../../lib/protocol/wire.js';

/** A frame the simulated hub read: what, on which socket, when (virtual ms). */
export interface WrittenFrame {
  readonly event: OutboundEvent;
  readonly generation: number;
  readonly at: number;
}

interface Queued {
  readonly event: OutboundEvent;
  readonly receipt: ReplaySubject<SendReceipt>;
}

/**
 * A `HubConnection` and the hub behind it, on virtual time: every request frame is answered after
 * the latency `latencyOf(n)` gives the n-th written frame (`Infinity`: never), on the socket that
 * read it only (an answer owed by a dead socket is lost with it). Answers name the request's user
 * (`<userId>-…`), so a test can tell whose answer a caller got. Frames sent while disconnected
 * queue and are written on the next socket, in order; a queued frame can be withdrawn.
 */
export class SimConnection implements HubConnection {
  readonly statusSubject = new BehaviorSubject<ConnectionStatus>({
    state: 'connected',
    generation: 1,
    socketId: 's1',
  });
  readonly inbound = new Subject<HubEvent>();
  readonly errors$ = new Subject<HubError | HubProtocolError>().asObservable();
  readonly status$ = this.statusSubject.asObservable();
  readonly events$ = new Observable<HubEvent>((subscriber) => this.inbound.subscribe(subscriber));
  readonly written: WrittenFrame[] = [];
  /** Sockets recycled on the client's request (generation ended). */
  readonly recycled: number[] = [];
  private queue: Queued[] = [];
  private answered = 0;
  private closed = false;

  constructor(
    private readonly scheduler: VirtualTimeScheduler,
    private readonly latencyOf: (n: number) => number,
  ) {}

  get generation(): number {
    const status = this.statusSubject.value;
    return 'generation' in status ? status.generation : 0;
  }

  get connected(): boolean {
    return this.statusSubject.value.state === 'connected';
  }

  send(event: OutboundEvent): Observable<SendReceipt> {
    return this.frame(event).written$;
  }

  enqueue(event: OutboundEvent, watcher: FrameWatcher): Withdraw {
    return enqueueFrame(this.frame(event), watcher);
  }

  private frame(event: OutboundEvent): QueuedFrame {
    const receipt = new ReplaySubject<SendReceipt>(1);
    const entry = { event, receipt };
    if (this.closed) receipt.error(new ConnectionError('CONNECTION_CLOSED', 'closed'));
    else if (this.connected) this.write(entry);
    else this.queue.push(entry);
    return {
      written$: receipt.asObservable(),
      withdraw: () => {
        const at = this.queue.indexOf(entry);
        if (at < 0) return false;
        this.queue.splice(at, 1);
        receipt.complete();
        return true;
      },
    };
  }

  hold(): () => void {
    return () => undefined;
  }

  beginRequest(): () => void {
    return () => undefined;
  }

  recycle(generation: number): void {
    if (generation !== this.generation || !this.connected) return;
    this.recycled.push(generation);
    this.drop();
    this.reconnect();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { receipt } of this.queue.splice(0))
      receipt.error(new ConnectionError('CONNECTION_CLOSED', 'closed'));
    this.statusSubject.next({ state: 'closed' });
    this.statusSubject.complete();
    this.inbound.complete();
  }

  /** The socket dies: what it owed is lost. */
  drop(): void {
    if (this.closed || !this.connected) return;
    this.statusSubject.next({
      state: 'reconnecting',
      generation: this.generation,
      attempt: 1,
      delayMs: 0,
      lastError: new ConnectionError('CONNECTION_LOST', 'dropped', 1006),
    });
  }

  /** A new socket connects; queued frames are written on it, in order. */
  reconnect(): void {
    if (this.closed || this.connected) return;
    const generation = this.generation + 1;
    this.statusSubject.next({ state: 'connected', generation, socketId: `s${generation}` });
    // A receipt's subscriber may send: its frame is written in turn.
    let head;
    while (this.connected && (head = this.queue.shift())) this.write(head);
  }

  private write({ event, receipt }: Queued): void {
    const generation = this.generation;
    this.written.push({ event, generation, at: this.scheduler.now() });
    receipt.next({ generation });
    receipt.complete();
    const answer = answerTo(event);
    if (!answer) return;
    const latency = this.latencyOf(this.answered++);
    if (!Number.isFinite(latency)) return;
    this.scheduler.schedule(() => {
      if (this.connected && this.generation === generation) {
        this.inbound.next(decodeWireEvent({ event_type: answer[0], event_payload: answer[1] }));
      }
    }, latency);
  }
}

let serial = 0;

/** The hub's answer to a request, naming the user who asked. */
function answerTo(event: OutboundEvent): [string, WireObject] | undefined {
  const payload = event.payload as { userId?: string; conversationId?: string };
  switch (event.type) {
    case 'conversation_start':
      return ['conversation_start_success', { conversation_id: `${payload.userId}-${++serial}` }];
    case 'get_user_conversations':
    case 'get_user_conversations_v2':
      return [
        'user_conversations',
        { conversations: [{ conversation_id: `${payload.userId}-${++serial}`, metadata: {} }] },
      ];
    case 'metadata_request':
      return [
        'conversation_metadata',
        { conversation_id: payload.conversationId!, content: { owner: payload.conversationId! } },
      ];
    default:
      return undefined;
  }
}
