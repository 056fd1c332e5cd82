import type { GeneralErrorEvent, HubEvent } from '../protocol/inbound.js';
import { answeredMessageOf, type Correlation, conversationLane, lanesOf } from './correlation.js';
import type { RequestState } from './push.js';

/** A request at the head of its lane, as routing sees it. */
export interface InFlight {
  readonly correlation: Correlation;
  readonly state: RequestState;
  /** The generation of the socket its frame was written on, while that socket owes the answer. */
  readonly owedBy: number | undefined;
}

/**
 * What an inbound event does to the requests: `answered` (hand it over), `failed` (a
 * `general_error` answering it), or `swallowed` (the late answer of a request that timed out or
 * was cancelled after its frame was written: consumed, the lane freed, handed to no one).
 */
export interface Settlement<P extends InFlight = InFlight> {
  readonly request: P;
  readonly outcome: 'answered' | 'failed' | 'swallowed';
}

/**
 * THE routing of answers, pure: the settlement `event` makes given the lanes (lane → its requests,
 * head first), or `undefined` when it answers none. Only a head whose frame was written on a
 * socket that still owes its answer can be settled — a request still queued has no answer
 * coming, and one owed by a dead socket never will.
 *
 * A `general_error` naming conversation X fails X's head — unless it has a `message_link` (a 413:
 * something too large for the socket). That may be a large bot reply as well as the answer of X's
 * transcript request, and only its body tells: it is left to the conversation, which fetches it
 * and settles the request with the transcript it holds (a synthesised `conversation_transcript`),
 * or fails it if the body cannot be read (see {@link linkAwaiter}).
 */
export function settlementOf<P extends InFlight>(
  event: HubEvent,
  lanes: ReadonlyMap<string, readonly P[]>,
): Settlement<P> | undefined {
  for (const lane of lanesOf(event)) {
    const head = lanes.get(lane)?.[0];
    if (head?.owedBy === undefined) continue;
    const isError = event.type === 'general_error';
    if (isError ? !failsHead(event) : !answers(event, head.correlation)) continue;
    const outcome = head.state !== 'written' ? 'swallowed' : isError ? 'failed' : 'answered';
    return { request: head, outcome };
  }
  return undefined;
}

function answers(event: HubEvent, { awaits, messageId }: Correlation): boolean {
  if (event.type !== awaits) return false;
  const answered = answeredMessageOf(event);
  return messageId === undefined || answered === undefined || answered === messageId;
}

function failsHead(event: GeneralErrorEvent): boolean {
  return event.payload.messageLink === undefined;
}

/**
 * The request of conversation `conversationId` a `message_link` that could not be read may have
 * answered: the head of its lane if that is a transcript request written on a live socket.
 */
export function linkAwaiter<P extends InFlight>(
  conversationId: string,
  lanes: ReadonlyMap<string, readonly P[]>,
): P | undefined {
  const head = lanes.get(conversationLane(conversationId))?.[0];
  // `written`: its socket owes the answer (`owedBy` is set).
  return head?.state === 'written' && head.correlation.awaits === 'conversation_transcript'
    ? head
    : undefined;
}
