import { Observable, type SchedulerLike, type Subscription } from '../rx.js';
import type { ConnectionStatus, HubConnection } from '../connection/hub-connection.js';
import { ConnectionError, type HubError } from '../errors.js';
import type { HubEvent } from '../protocol/inbound.js';
import { type AnswerTo, correlationOf, type HubRequest } from './correlation.js';
import { Lanes } from './lanes.js';
import { Push, type PushHost } from './push.js';
import { responseErrorOf } from './response-error.js';
import { linkAwaiter, settlementOf } from './settlement.js';

/**
 * Sends a request and emits what `pick` takes from its answer, then completes; cold (each
 * subscription is one request). Fails with a `HubError`: `REQUEST_TIMEOUT`, `HUB_ERROR` (the hub
 * answered with `general_error`), `CONNECTION_LOST`, `CONNECTION_CLOSED`, `PAYLOAD_TOO_LARGE`,
 * `QUEUE_FULL`. Unsubscribing cancels it. `written`, if given, is called when its frame goes out (it
 * may first wait for its lane and the socket).
 */
export type Request$ = <R extends HubRequest, T>(
  event: R,
  pick: (answer: AnswerTo<R>) => T,
  written?: () => void,
) => Observable<T>;

/** The requests of one hub. */
export interface Requests {
  readonly request$: Request$;
  /** Routing hands every inbound event here first; `true` when it settled a request. */
  settle(event: HubEvent): boolean;
  /**
   * A `message_link` of the conversation came: returns what fails, should the link not be read, the
   * transcript request it may have answered — the one awaiting the conversation's transcript now,
   * never one written after the link came (that one's answer is still to come) — freeing its lane
   * (holding it would stall the conversation's other requests, and the delivery probe, for the
   * late-answer window; if the link was a bot reply after all, the transcript that still comes is a
   * true transcript of that conversation for whichever transcript request takes it).
   */
  linkArrived(conversationId: string): (error: HubError) => void;
}

/** How the requests of a hub wait. */
export interface RequestTiming {
  /** See `HubOptions.requestTimeoutMs`. */
  readonly requestTimeoutMs: number;
  /** See `LATE_ANSWER_WINDOW_MS`. */
  readonly lateAnswerWindowMs: number;
  readonly scheduler?: SchedulerLike;
}

/**
 * The request layer of one hub: lanes of `Push`es (see `correlationOf` for the lanes), answers
 * routed by `settlementOf`, and one watch on the connection's status while anything is in a lane
 * (a socket's end settles what it owed). `attachRouting` keeps inbound events, and so answers,
 * flowing while a request holds its lane.
 */
export function createRequests(
  connection: HubConnection,
  timing: RequestTiming,
  attachRouting: () => () => void,
): Requests {
  const lanes = new Lanes<Push>();
  /** Every request in a lane, with the release of what it holds: the socket's routing, its in-flight mark. */
  const holds = new Map<Push, () => void>();
  let statusWatch: Subscription | undefined;

  const leave = (push: Push): void => {
    const release = holds.get(push);
    if (!release) return; // left already
    holds.delete(push);
    lanes.part(push)?.send();
    // Released last: the caller (a new conversation) and the lane's next request attach to the
    // routing first, so the socket is not let go between an answer and the frames right behind it.
    release();
    if (!holds.size) {
      statusWatch?.unsubscribe();
      statusWatch = undefined;
    }
  };
  const { scheduler, requestTimeoutMs: timeoutMs, lateAnswerWindowMs } = timing;
  const host: PushHost = { connection, scheduler, timeoutMs, lateAnswerWindowMs, leave };

  const enter = (push: Push): void => {
    const releases = [connection.beginRequest(), attachRouting()];
    holds.set(push, () => releases.forEach((release) => release()));
    statusWatch ??= connection.status$.subscribe((status) => onStatus([...holds.keys()], status));
    // Unless failed by the status the watch replayed (closed).
    if (!push.settled && lanes.join(push)) push.send();
  };

  const request$: Request$ = <R extends HubRequest, T>(
    event: R,
    pick: (answer: AnswerTo<R>) => T,
    written?: () => void,
  ) =>
    new Observable<T>((subscriber) => {
      const push = new Push(event, correlationOf(event), host, {
        // The lane holds the answer type, so `answer` is an `AnswerTo<R>`.
        answer: (answer) => {
          subscriber.next(pick(answer as AnswerTo<R>));
          subscriber.complete();
        },
        fail: (error) => subscriber.error(error),
        written,
      });
      enter(push);
      return () => push.cancel();
    });

  const settle = (event: HubEvent): boolean => {
    const settlement = settlementOf(event, lanes.byLane);
    if (!settlement) return false;
    const error = event.type === 'general_error' ? responseErrorOf(event) : undefined;
    settlement.request.settle(settlement.outcome, event, error);
    return true;
  };

  return { request$, settle, linkArrived: (conversationId) => linkArrived(lanes, conversationId) };
}

/** See `Requests.linkArrived`: binds to the request awaiting a link now, on the socket it is owed by. */
function linkArrived(lanes: Lanes<Push>, conversationId: string): (error: HubError) => void {
  const awaiter = linkAwaiter(conversationId, lanes.byLane);
  const owedBy = awaiter?.owedBy;
  // Still that request, still waiting on that socket: one written since (or re-sent) is none of the link's.
  return (error) => {
    const now = linkAwaiter(conversationId, lanes.byLane);
    if (now && now === awaiter && now.owedBy === owedBy) now.fail(error);
  };
}

/** A new status: the requests whose socket ended settle (see `Push.socketEnded`); a close fails the rest. */
function onStatus(pushes: readonly Push[], status: ConnectionStatus): void {
  const closed = status.state === 'closed';
  const live = status.state === 'connected' ? status.generation : undefined;
  for (const push of pushes) {
    // The socket that owes the answer ended: it will never come.
    if (push.owedBy !== undefined && push.owedBy !== live) push.socketEnded(closed);
    else if (closed) {
      push.fail(new ConnectionError('CONNECTION_CLOSED', `Closed while awaiting ${push.correlation.awaits}`));
    }
  }
}
