import { Subscription, timer, type SchedulerLike } from 'rxjs';
import type { ConnectionStatus, HubConnection } from '../connection/hub-connection.js';
import { ConnectionError, HubError, TimeoutError } from '../errors.js';
import type { HubEvent, HubEventOfType, HubEventType } from '../protocol/inbound.js';
import type { OutboundEvent } from '../protocol/outbound.js';
import { correlationOf, type PendingEntry, type PendingRequests } from './pending-requests.js';

/** What a request needs from the hub it runs in. */
export interface RequestContext {
  readonly connection: HubConnection;
  readonly pending: PendingRequests;
  readonly requestTimeoutMs: number;
  readonly scheduler: SchedulerLike;
  /** Keeps inbound events flowing (and so answers arriving) while the request waits. */
  attachRouting(): Subscription;
}

/** One request: the frame, the answer it waits for, and what to make of that answer. */
export interface RequestSpec<A extends HubEventType, T> {
  readonly event: OutboundEvent;
  readonly answer: A;
  /**
   * Safe to send twice. An idempotent request whose frame went out on a socket that died before
   * the answer is re-sent once on the next socket; any other fails with `CONNECTION_LOST`.
   */
  readonly idempotent: boolean;
  readonly pick: (answer: HubEventOfType<A>) => T;
}

export interface RequestListener<T> {
  next(value: T): void;
  error(error: HubError): void;
}

/**
 * The life of one request from `send` to its answer, independent of whoever asked: if the caller
 * goes away (`detach`), the request still runs to its end as a "ghost" so its late answer is
 * consumed here and never taken for the answer of a later request with the same key.
 */
export class RequestProcess<A extends HubEventType, T> implements PendingEntry {
  readonly key: string;
  readonly conversationId: string | undefined;
  private readonly life = new Subscription();
  private attempt = new Subscription();
  private writtenGeneration: number | undefined;
  private resent = false;
  private settled = false;

  constructor(
    private readonly context: RequestContext,
    private readonly spec: RequestSpec<A, T>,
    private listener: RequestListener<T> | undefined,
    private readonly onSettled?: () => void,
  ) {
    const correlation = correlationOf(spec.event);
    if (!correlation || correlation.answer !== spec.answer) {
      throw new Error(`No correlation rule for ${spec.event.type} → ${spec.answer}`);
    }
    this.key = correlation.key;
    const payload = spec.event.payload;
    this.conversationId = 'conversationId' in payload ? payload.conversationId : undefined;
  }

  start(): void {
    this.context.pending.add(this);
    this.life.add(this.context.connection.beginRequest());
    this.life.add(this.context.attachRouting());
    this.life.add(this.context.connection.status$.subscribe((status) => this.onStatus(status)));
    if (!this.settled) this.write();
  }

  /** The caller is gone; the request runs on to absorb its answer. */
  detach(): void {
    this.listener = undefined;
  }

  answer(event: HubEvent): void {
    // The correlation key guarantees the type; the check keeps a wrong rule from lying to `pick`.
    if (event.type !== this.spec.answer)
      return this.fail(new HubError('HUB_ERROR', `Unexpected ${event.type}`));
    const value = this.spec.pick(event as HubEventOfType<A>);
    this.settle((listener) => listener.next(value));
  }

  fail(error: HubError): void {
    this.settle((listener) => listener.error(error));
  }

  private write(): void {
    this.writtenGeneration = undefined;
    this.attempt.unsubscribe();
    const attempt = new Subscription();
    this.attempt = attempt;
    attempt.add(
      this.context.connection.send(this.spec.event).subscribe({
        next: (receipt) => (this.writtenGeneration = receipt.generation),
        error: (error: unknown) => this.fail(asHubError(error)),
      }),
    );
    if (this.settled) return;
    const { requestTimeoutMs, scheduler } = this.context;
    attempt.add(
      timer(requestTimeoutMs, scheduler).subscribe(() =>
        this.fail(new TimeoutError('REQUEST_TIMEOUT', this.spec.answer, requestTimeoutMs)),
      ),
    );
  }

  private onStatus(status: ConnectionStatus): void {
    if (status.state === 'closed') {
      return this.fail(new ConnectionError('CONNECTION_CLOSED', `Closed while awaiting ${this.spec.answer}`));
    }
    const written = this.writtenGeneration;
    if (written === undefined || (status.state === 'connected' && status.generation === written)) return;
    // The socket that carried the frame is gone; its answer will never come on the successor.
    if (this.spec.idempotent && !this.resent) {
      this.resent = true;
      this.write();
      return;
    }
    this.fail(new ConnectionError('CONNECTION_LOST', `Connection lost while awaiting ${this.spec.answer}`));
  }

  private settle(notify: (listener: RequestListener<T>) => void): void {
    if (this.settled) return;
    this.settled = true;
    this.context.pending.remove(this);
    this.attempt.unsubscribe();
    const listener = this.listener;
    this.listener = undefined;
    if (listener) notify(listener);
    this.onSettled?.();
    // Released last: the caller (a new conversation) and the lane's next request attach to the
    // routing first, so the socket is not let go between an answer and the frames right behind it.
    this.life.unsubscribe();
  }
}

function asHubError(error: unknown): HubError {
  return error instanceof HubError ? error : new HubError('CONNECTION_LOST', String(error), { cause: error });
}
