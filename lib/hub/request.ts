import { Observable, type SchedulerLike, Subscription, timer } from '../rx.js';
import type { HubConnection } from '../connection/hub-connection.js';
import { ConnectionError, type HubError, TimeoutError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import {
  type AnswerTo,
  correlationOf,
  type HubRequest,
  type PendingEntry,
  PendingRequests,
} from './pending-requests.js';

/** Sends a request of the hub it was made for; see {@link requests}. */
export type Request$ = <R extends HubRequest, T>(
  event: R,
  pick: (answer: AnswerTo<R>) => T,
  lane?: RequestLane,
) => Observable<T>;

/**
 * Requests of one kind that run strictly one at a time, oldest first; the first entry is the one
 * running. Used where the hub's answer carries nothing to tell concurrent requests apart
 * (`conversation_start_success`, `user_conversations`): with one request in flight per socket, the
 * next answer of that type can only be its own.
 */
export type RequestLane = Set<() => void>;

/**
 * The requests of one hub: `request$` sends one, `settle` hands it each inbound event (the pending
 * request it answers settles; `true` then). `attachRouting` keeps inbound events flowing (and so
 * answers arriving) while a request waits.
 *
 * `request$(event, pick, lane?)` is cold: each subscription sends `event` once and emits
 * `pick(answer)`, then completes.
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
export function requests(
  connection: HubConnection,
  requestTimeoutMs: number,
  scheduler: SchedulerLike,
  attachRouting: () => () => void,
): { readonly request$: Request$; settle(event: HubEvent): boolean } {
  const pending = new PendingRequests();
  const request$: Request$ = <R extends HubRequest, T>(
    event: R,
    pick: (answer: AnswerTo<R>) => T,
    lane?: RequestLane,
  ) =>
    new Observable<T>((subscriber) => {
      const { key, answer: awaited } = correlationOf(event)!;
      const life = new Subscription();
      let timeout: Subscription | undefined;
      let written: number | undefined;
      // Re-sent once at most, and only what is safe to send twice: a second start would create a
      // second conversation.
      let resends = event.type === 'conversation_start' || event.type === 'delete_conversation' ? 0 : 1;
      let started = false;
      let settled = false;

      const settle = (notify: () => void): void => {
        if (settled) return;
        settled = true;
        pending.remove(entry);
        // A no-op once the caller has gone: the request then only absorbs its answer.
        notify();
        if (lane) {
          lane.delete(start);
          lane.values().next().value?.();
        }
        // Released last (the timeout too): the caller (a new conversation) and the lane's next request
        // attach to the routing first, so the socket is not let go between an answer and the frames
        // right behind it.
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
        timeout?.unsubscribe();
        timeout = timer(requestTimeoutMs, scheduler).subscribe(() =>
          fail(new TimeoutError('REQUEST_TIMEOUT', awaited, requestTimeoutMs)),
        );
        life.add(timeout);
        // The connection fails a send with a `HubError` only (PAYLOAD_TOO_LARGE, QUEUE_FULL, CONNECTION_CLOSED).
        connection.send(event).subscribe({ next: (receipt) => (written = receipt.generation), error: fail });
      };

      function start(): void {
        started = true;
        pending.add(entry);
        life.add(connection.beginRequest());
        life.add(attachRouting());
        life.add(
          connection.status$.subscribe((status) => {
            const closed = status.state === 'closed';
            // Unless closed: the socket that carried the frame is gone, and its answer with it.
            if (
              closed ||
              (written !== undefined && (status.state !== 'connected' || status.generation !== written))
            ) {
              if (!closed && resends-- > 0) return write();
              fail(
                new ConnectionError(
                  closed ? 'CONNECTION_CLOSED' : 'CONNECTION_LOST',
                  `${closed ? 'Closed' : 'Connection lost'} while awaiting ${awaited}`,
                ),
              );
            }
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
  return { request$, settle: (event) => pending.settle(event) };
}
