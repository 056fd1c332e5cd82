import { type Observable, ReplaySubject, type Subscription, defer, map, throwError } from '../rx.js';
import { ConnectionError, InvalidArgumentError } from '../errors.js';
import type { AnswerTo, HubRequest } from '../request/correlation.js';
import type { Request$ } from '../request/requests.js';
import { newClientMsgId } from '../delivery/client-msg-id.js';
import type { MessageSent } from './conversation.js';

/** How a conversation's methods reach the hub, checked against its life. */
export interface ConversationCalls {
  /** Cold: one request per subscription, failing with `CONNECTION_CLOSED` once the conversation closed. */
  ask$<R extends HubRequest, T>(event: R, pick: (answer: AnswerTo<R>) => T): Observable<T>;
  /** Written at the call, whether or not anyone subscribes; replays `result` once done (or the error). */
  now$<T>(write$: () => Observable<unknown>, result: T): Observable<T>;
  /** Like `now$`, for a frame that carries a new `client_msg_id`, which it resolves to. */
  sent$(write$: (clientMsgId: string) => Observable<unknown>): Observable<MessageSent>;
}

export const invalid$ = (message: string): Observable<never> =>
  throwError(() => new InvalidArgumentError(message));

/** The calls of conversation `id`, open while `life` is. */
export function conversationCalls(id: string, request$: Request$, life: Subscription): ConversationCalls {
  /** Checked at subscription: a cold call's conversation may close in between. */
  const ifOpen$ = <T>(make: () => Observable<T>): Observable<T> =>
    defer(() =>
      life.closed
        ? throwError(() => new ConnectionError('CONNECTION_CLOSED', `Conversation ${id} is closed`))
        : make(),
    );
  const now$ = <T>(write$: () => Observable<unknown>, result: T): Observable<T> => {
    const outcome = new ReplaySubject<T>(1);
    ifOpen$(write$)
      .pipe(map(() => result))
      .subscribe(outcome);
    return outcome.asObservable();
  };
  return {
    ask$: (event, pick) => ifOpen$(() => request$(event, pick)),
    now$,
    sent$: (write$) => {
      const clientMsgId = newClientMsgId();
      return now$(() => write$(clientMsgId), { clientMsgId });
    },
  };
}
