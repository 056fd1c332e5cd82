import { type SchedulerLike, type Subscription, timer } from '../rx.js';
import type { FrameWatcher, HubConnection, Withdraw } from '../connection/hub-connection.js';
import { ConnectionError, type HubError, TimeoutError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import type { Correlation, HubRequest } from './correlation.js';

/**
 * Where a request is in its life:
 * - `queued`: waiting for its lane, or in the connection's send queue (its frame can be taken back);
 * - `written`: its frame went out on socket generation `owedBy`; the caller waits for the answer;
 * - `answered` / `failed` / `timed-out` / `cancelled`: the caller has its outcome (or left).
 *
 * A request that timed out or was cancelled while `written` still holds its lane (`owedBy` stays
 * set): its socket owes it an answer, which is swallowed when it comes — until then no other
 * request of the lane is written, so that answer cannot be taken for another's.
 */
export type RequestState = 'queued' | 'written' | 'answered' | 'failed' | 'timed-out' | 'cancelled';

/** What a request needs from the requests of its hub. */
export interface PushHost {
  readonly connection: Pick<HubConnection, 'enqueue' | 'recycle'>;
  readonly scheduler: SchedulerLike | undefined;
  /** See `HubOptions.requestTimeoutMs`. */
  readonly timeoutMs: number;
  /** See `LATE_ANSWER_WINDOW_MS`. */
  readonly lateAnswerWindowMs: number;
  /** The request is done with its lane: the next one of the lane may go. */
  leave(push: Push): void;
}

/** How a request tells its caller. */
export interface PushCaller {
  answer(event: HubEvent): void;
  fail(error: HubError): void;
  /** Its frame went out on a socket (each time: a resend is written again). */
  readonly written?: (() => void) | undefined;
}

/**
 * One outbound request, from the caller's subscription to the end of its lane (in the spirit of
 * Phoenix's `Push`). Its transitions are its methods; the lane and routing live in `requests`.
 */
export class Push implements FrameWatcher {
  state: RequestState = 'queued';
  owedBy: number | undefined;
  readonly correlation: Correlation;
  /** Takes its frame back while queued. */
  #withdraw: Withdraw | undefined;
  /** The request's timeout, then (written, caller gone) its late-answer window. */
  #timer: Subscription | undefined;
  #writtenAt = 0;
  #resends: number;

  readonly #host: PushHost;
  readonly #caller: PushCaller;

  readonly #event: HubRequest;

  constructor(event: HubRequest, correlation: Correlation, host: PushHost, caller: PushCaller) {
    this.#event = event;
    this.#host = host;
    this.#caller = caller;
    this.correlation = correlation;
    this.#resends = correlation.resendable ? 1 : 0;
    this.#arm(host.timeoutMs, () => this.#expire());
  }

  /** Done with the caller: nothing more is told to it. */
  get settled(): boolean {
    return this.state !== 'queued' && this.state !== 'written';
  }

  /** Its turn in the lane: hands the frame to the connection (which tells `written` or `fail`). */
  send(): void {
    this.#withdraw = this.#host.connection.enqueue(this.#event, this);
  }

  /** Its frame was written on the socket of `generation` (see `FrameWatcher`). */
  written(generation: number): void {
    if (this.state !== 'queued') return;
    this.state = 'written';
    this.owedBy = generation;
    this.#writtenAt = this.#host.scheduler?.now() ?? Date.now();
    this.#caller.written?.();
  }

  /** Routing found its answer (`answered`), its error (`failed`) or its late answer (`swallowed`). */
  settle(outcome: 'answered' | 'failed' | 'swallowed', event: HubEvent, error?: HubError): void {
    this.owedBy = undefined;
    if (outcome === 'answered') this.#end('answered', () => this.#caller.answer(event));
    else if (outcome === 'failed') this.#end('failed', () => this.#caller.fail(error!));
    this.#leave();
  }

  /** Fails it now, whatever it was waiting for (its lane is freed). */
  fail(error: HubError): void {
    this.owedBy = undefined;
    this.#end('failed', () => this.#caller.fail(error));
    this.#leave();
  }

  /** The caller left before the outcome. */
  cancel(): void {
    if (!this.settled) this.#drop('cancelled', undefined);
  }

  /** The socket of generation `owedBy` ended; `closed`: the connection closed for good. */
  socketEnded(closed: boolean): void {
    if (this.owedBy === undefined) return;
    this.owedBy = undefined;
    if (this.settled) return this.#leave(); // the late answer will never come
    if (!closed && this.#resends-- > 0) {
      this.state = 'queued';
      this.#arm(this.#host.timeoutMs, () => this.#expire());
      return this.send();
    }
    const code = closed ? 'CONNECTION_CLOSED' : 'CONNECTION_LOST';
    this.fail(
      new ConnectionError(
        code,
        `${closed ? 'Closed' : 'Connection lost'} while awaiting ${this.correlation.awaits}`,
      ),
    );
  }

  #expire(): void {
    const { awaits } = this.correlation;
    this.#drop('timed-out', new TimeoutError('REQUEST_TIMEOUT', awaits, this.#host.timeoutMs));
  }

  /**
   * Timed out or cancelled. Still queued: taken off the queue, never written, the lane freed.
   * Written: the caller is told, but the lane stays held until the answer or the socket's end; if
   * neither comes within the late-answer window, the socket is recycled (which ends it).
   */
  #drop(state: 'timed-out' | 'cancelled', error: HubError | undefined): void {
    const owedBy = this.owedBy;
    this.#end(state, () => error && this.#caller.fail(error));
    if (owedBy === undefined) {
      this.#withdraw?.();
      return this.#leave();
    }
    const now = this.#host.scheduler?.now() ?? Date.now();
    const left = Math.max(0, this.#writtenAt + this.#host.lateAnswerWindowMs - now);
    this.#arm(left, () => this.#host.connection.recycle(owedBy));
  }

  #end(state: RequestState, notify: () => void): void {
    if (this.settled) return;
    this.state = state;
    this.#timer?.unsubscribe();
    notify();
  }

  #leave(): void {
    this.#timer?.unsubscribe();
    this.#withdraw = undefined;
    this.#host.leave(this);
  }

  #arm(ms: number, then: () => void): void {
    this.#timer?.unsubscribe();
    this.#timer = timer(ms, this.#host.scheduler).subscribe(then);
  }
}
