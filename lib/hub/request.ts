import { Observable, ReplaySubject, type SchedulerLike, Subscription, timer } from 'rxjs';
import type { HubConnection } from '../connection/hub-connection.js';
import { ConnectionError, HubError, TimeoutError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import {
  type AnswerTo,
  correlationOf,
  type HubRequest,
  type PendingEntry,
  type PendingRequests,
} from './pending-requests.js';

/** What a request needs from the hub it runs in. */
export interface RequestContext {
  readonly connection: HubConnection;
  readonly pending: PendingRequests;
  readonly requestTimeoutMs: number;
  readonly scheduler: SchedulerLike;
  /** Keeps inbound events flowing (and so answers arriving) while the request waits. */
  attachRouting(): Subscription;
}

/**
 * Requests of one kind that run strictly one at a time, oldest first; the first entry is the one
 * running. Used where the hub's answer carries nothing to tell concurrent requests apart
 * (`conversation_start_success`, `user_conversations`): with one request in flight per socket, the
 * next answer of that type can only be its own.
 */
export type RequestLane = Set<() => void>;

/**
 * A cold request: each subscription sends `event` once and emits `pick(answer)`, then completes.
 *
 * The request lives on its own, independent of whoever asked: if the caller unsubscribes after the
 * frame was sent, the request still runs to its end (answered, failed, timed out, or its socket
 * lost) so that its late answer is consumed here, never taken for the answer of a later request
 * with the same key — and in a `lane` it keeps its slot until then. Unsubscribing while it waits
 * in its lane removes it before anything is sent.
 *
 * Across a reconnect: a request whose frame went out on a socket that died before the answer is
 * re-sent once on the next socket when it is safe to send twice; a start or a delete (not
 * idempotent: a second start creates a second conversation) fails with `CONNECTION_LOST`.
 */
export function request$<R extends HubRequest, T>(
  context: RequestContext,
  event: R,
  pick: (answer: AnswerTo<R>) => T,
  lane?: RequestLane,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const { connection, pending, requestTimeoutMs, scheduler } = context;
    const { key, answer: awaited } = correlationOf(event)!;
    const idempotent = event.type !== 'conversation_start' && event.type !== 'delete_conversation';
    const life = new Subscription();
    let attempt = new Subscription();
    let written: number | undefined;
    let resent = false;
    let started = false;
    let settled = false;

    const settle = (notify: () => void): void => {
      if (settled) return;
      settled = true;
      pending.remove(entry);
      attempt.unsubscribe();
      // A no-op once the caller has gone: the request then only absorbs its answer.
      notify();
      if (lane) {
        lane.delete(start);
        lane.values().next().value?.();
      }
      // Released last: the caller (a new conversation) and the lane's next request attach to the
      // routing first, so the socket is not let go between an answer and the frames right behind it.
      life.unsubscribe();
    };
    const fail = (error: HubError): void => settle(() => subscriber.error(error));
    const entry: PendingEntry = {
      key,
      conversationId: (event.payload as { readonly conversationId?: string }).conversationId,
      answer: (answer: HubEvent) =>
        settle(() => {
          // The key holds the answer type, so `answer` is an `AnswerTo<R>`.
          subscriber.next(pick(answer as AnswerTo<R>));
          subscriber.complete();
        }),
      fail,
    };

    const write = (): void => {
      written = undefined;
      attempt.unsubscribe();
      attempt = new Subscription();
      attempt.add(
        connection.send(event).subscribe({
          next: (receipt) => (written = receipt.generation),
          error: (error: unknown) =>
            fail(
              error instanceof HubError
                ? error
                : new HubError('CONNECTION_LOST', String(error), { cause: error }),
            ),
        }),
      );
      if (settled) return;
      attempt.add(
        timer(requestTimeoutMs, scheduler).subscribe(() =>
          fail(new TimeoutError('REQUEST_TIMEOUT', awaited, requestTimeoutMs)),
        ),
      );
    };

    function start(): void {
      started = true;
      pending.add(entry);
      life.add(connection.beginRequest());
      life.add(context.attachRouting());
      life.add(
        connection.status$.subscribe((status) => {
          if (status.state === 'closed') {
            return fail(new ConnectionError('CONNECTION_CLOSED', `Closed while awaiting ${awaited}`));
          }
          if (written === undefined || (status.state === 'connected' && status.generation === written))
            return;
          // The socket that carried the frame is gone; its answer will never come on the successor.
          if (idempotent && !resent) {
            resent = true;
            return write();
          }
          fail(new ConnectionError('CONNECTION_LOST', `Connection lost while awaiting ${awaited}`));
        }),
      );
      if (!settled) write();
    }

    if (!lane) return start();
    lane.add(start);
    if (lane.size === 1) start();
    return () => {
      if (!started) lane.delete(start);
    };
  });
}

/** Subscribes to `source$` now, whether or not anyone else does, and replays its outcome. */
export function hot<T>(source$: Observable<T>): Observable<T> {
  const outcome = new ReplaySubject<T>(1);
  source$.subscribe(outcome);
  return outcome.asObservable();
}
