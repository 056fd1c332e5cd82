import type { GeneralErrorEvent, HubEvent } from '../protocol/inbound.js';
import { answeredMessageOf, type Correlation, lanesOf } from './correlation.js';
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
 * A `general_error` naming conversation X fails X's head. One with a `message_link` (a 413: an
 * answer too large for the socket) fails only a transcript request — the one answer of X that
 * grows without bound; otherwise it is a large bot reply, left to the conversation.
 */
export function settlementOf<P extends InFlight>(
  event: HubEvent,
  lanes: ReadonlyMap<string, readonly P[]>,
): Settlement<P> | undefined {
  for (const lane of lanesOf(event)) {
    const head = lanes.get(lane)?.[0];
    if (head?.owedBy === undefined) continue;
    const isError = event.type === 'general_error';
    if (isError ? !failsHead(event, head.correlation) : !answers(event, head.correlation)) continue;
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

function failsHead(event: GeneralErrorEvent, { awaits }: Correlation): boolean {
  return event.payload.messageLink === undefined || awaits === 'conversation_transcript';
}
