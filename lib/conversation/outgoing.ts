import { type Observable, type Subscription, timer } from '../rx.js';
import type { HubError } from '../errors.js';
import type { MessageStatus } from '../delivery/message-state.js';
import { Outbox } from '../delivery/outbox.js';
import { HUB_DEFAULTS } from '../defaults.js';
import type { ConversationContext } from './conversation-context.js';
import type { UserMessageContent } from '../protocol/parts.js';
import type { Conversation, RestoredMessage } from './conversation.js';

/** How long a failed check of the transcript waits before it is tried again on the same socket. */
const CHECK_RETRY_MS = 1_000;

/** What a conversation holds of its user messages: the outbox, made on first use. */
export interface Outgoing {
  /** Sends (see `Outbox.push`). */
  push(clientMsgId: string, content: UserMessageContent): Observable<MessageStatus>;
  /** The messages a store kept from an earlier run (made at once when there are any). */
  readonly restored: RestoredMessage[];
  /** Fails what is left (the conversation closed). */
  close(error: HubError): void;
}

/** Each conversation's outgoing side, so the hub can mark a conversation it just started. */
const outgoings = new WeakMap<Conversation, { startedHere(): void }>();

/** The conversation was just started here: the hub holds no user message of it yet (the count rule). */
export function markStartedHere(conversation: Conversation): void {
  outgoings.get(conversation)?.startedHere();
}

/**
 * Conversation `id`'s user messages (see `Outbox`), wired to its hub: frames to the connection,
 * checks through the transcript request, the hub-wide probe, the store. Everything it runs lives in
 * `life`. The outbox is made on the first send (or at once when the store kept messages), so a
 * conversation that only listens costs nothing here.
 */
export function conversationOutgoing(
  id: string,
  context: ConversationContext,
  life: Subscription,
  report: (error: HubError) => void,
): Outgoing & { bind(conversation: Conversation): void } {
  const { store } = context;
  let outbox: Outbox | undefined;
  let started = false;
  const make = (): Outbox => {
    if (outbox) return outbox;
    outbox = newOutbox(id, context, life, report);
    if (started) outbox.startedHere();
    return outbox;
  };
  // Kept by an earlier run of the app (a reload, a restart): resumed, written ones checked first.
  const kept = store?.get(id);
  const restored: RestoredMessage[] = [];
  if (kept) {
    const statuses = make().restore(kept);
    kept.messages.forEach(({ clientMsgId, content }, i) =>
      restored.push({ clientMsgId, content, status$: statuses[i] as Observable<MessageStatus> }),
    );
  } else if (store) store.put(id, { messages: [], tail: [] });
  return {
    push: (clientMsgId, content) => make().push(clientMsgId, content),
    restored,
    close: (error) => outbox?.close(error),
    bind: (conversation) =>
      void outgoings.set(conversation, {
        startedHere: () => {
          started = true;
          outbox?.startedHere();
        },
      }),
  };
}

function newOutbox(
  id: string,
  context: ConversationContext,
  life: Subscription,
  report: (error: HubError) => void,
): Outbox {
  const { connection, request$, confirmations, store, scheduler, options } = context;
  const self = { conversationId: id };
  const outbox: Outbox = new Outbox({
    write: (clientMsgId, content) =>
      connection.enqueue({ type: 'user_message', payload: { clientMsgId, ...self, content } }),
    transcript$: () =>
      request$(
        { type: 'conversation_transcript_request', payload: self },
        (answer) => answer.payload.entries,
      ),
    nextSeq: confirmations.nextSeq,
    written: confirmations.written,
    changed: () => store?.put(id, outbox.snapshot()),
    report,
    later: (retry) => life.add(timer(CHECK_RETRY_MS, scheduler).subscribe(retry)),
    probe$: () => request$({ type: 'metadata_request', payload: self }, () => 0),
    limit: options.maxUnconfirmed ?? HUB_DEFAULTS.maxUnconfirmed,
  });
  // The probe tells it of each socket (one hub-wide status watch, not one per conversation).
  life.add(confirmations.add(outbox));
  const now = confirmations.current;
  if (now !== undefined) outbox.connected(now);
  return outbox;
}
