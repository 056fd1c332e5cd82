import { Observable, type Subscription, timer } from '../rx.js';
import type { HubError } from '../errors.js';
import type { MessageStatus } from '../delivery/message-state.js';
import { Outbox, type OutboxDeps } from '../delivery/outbox.js';
import { PROBE_WRITTEN } from '../delivery/probe.js';
import type { FrameWatcher, Withdraw } from '../connection/hub-connection.js';
import type { TranscriptEntry } from '../protocol/inbound.js';
import { HUB_DEFAULTS } from '../defaults.js';
import type { ConversationContext } from './conversation-context.js';
import type { UserMessageContent } from '../protocol/parts.js';
import type { Conversation, RestoredMessage } from './conversation.js';

/** How long a failed check of the transcript waits before it is tried again on the same socket. */
const CHECK_RETRY_MS = 1_000;

/** Each conversation's outgoing side, so the hub can mark a conversation it just started. */
const outgoings = new WeakMap<Conversation, Outgoing>();

/** The conversation was just started here: the hub holds no user message of it yet (the count rule). */
export function markStartedHere(conversation: Conversation): void {
  outgoings.get(conversation)?.startedHere();
}

/**
 * Conversation `id`'s user messages (see `Outbox`), wired to its hub: frames to the connection,
 * checks through the transcript request, the hub-wide probe, the store. Everything it runs lives in
 * `life`. The outbox is made on the first send (or at once when the store kept messages), so a
 * conversation that only listens costs one small object here (a class: no closure per conversation).
 */
export class Outgoing implements OutboxDeps {
  /** The messages a store kept from an earlier run (made at once when there are any). */
  readonly restored: RestoredMessage[] = [];
  readonly limit: number;
  #outbox: Outbox | undefined;
  #started = false;
  readonly #self: { readonly conversationId: string };

  readonly #id: string;
  readonly #context: ConversationContext;
  readonly #life: Subscription;
  readonly #onError: (error: HubError) => void;

  constructor(
    id: string,
    context: ConversationContext,
    life: Subscription,
    onError: (error: HubError) => void,
  ) {
    this.#id = id;
    this.#context = context;
    this.#life = life;
    this.#onError = onError;
    this.#self = { conversationId: id };
    this.limit = context.options.maxUnconfirmed ?? HUB_DEFAULTS.maxUnconfirmed;
    const { store } = context;
    // Kept by an earlier run of the app (a reload, a restart): resumed, written ones checked first.
    const kept = store?.get(id);
    if (kept) {
      const statuses = this.#made().restore(kept);
      kept.messages.forEach(({ clientMsgId, content }, i) =>
        this.restored.push({ clientMsgId, content, status$: statuses[i] as Observable<MessageStatus> }),
      );
    } else if (store) store.put(id, { messages: [], tail: [] });
  }

  /** Sends (see `Outbox.push`). */
  push(clientMsgId: string, content: UserMessageContent): Observable<MessageStatus> {
    return this.#made().push(clientMsgId, content);
  }

  /** The hub rejected a frame of the conversation: `error` is reported, what is written on this socket fails (`Outbox.rejectUpTo`). */
  rejected(error: HubError): void {
    if (this.#outbox) this.#outbox.rejectUpTo(this.#context.confirmations.current ?? NaN, Infinity, error);
    else this.#onError(error);
  }

  /** Fails what is left (the conversation closed). */
  close(error: HubError): void {
    this.#outbox?.close(error);
  }

  startedHere(): void {
    this.#started = true;
    if (this.#outbox) this.#outbox.startedHere();
    // Kept as the count, so the count rule holds after a reload too.
    else this.#context.store?.put(this.#id, { messages: [], tail: [], count: 0 });
  }

  bind(conversation: Conversation): void {
    outgoings.set(conversation, this);
  }

  // The outbox's needs, as methods (on the prototype: nothing per conversation).
  write(clientMsgId: string, content: UserMessageContent, watcher: FrameWatcher): Withdraw {
    const payload = { clientMsgId, conversationId: this.#id, content };
    return this.#context.connection.enqueue({ type: 'user_message', payload }, watcher);
  }
  transcript$(): Observable<readonly TranscriptEntry[]> {
    const request = { type: 'conversation_transcript_request', payload: this.#self } as const;
    return this.#context.request$(request, (answer) => answer.payload.entries);
  }
  probe$(): Observable<unknown> {
    const request = { type: 'metadata_request', payload: this.#self } as const;
    // Tells the probe when its frame is written: its timeout counts from then (see `Confirmations`).
    return new Observable((subscriber) =>
      this.#context
        .request$(
          request,
          () => 0,
          () => subscriber.next(PROBE_WRITTEN),
        )
        .subscribe(subscriber),
    );
  }
  nextSeq(): number {
    return this.#context.confirmations.nextSeq();
  }
  written(): void {
    this.#context.confirmations.written();
  }
  changed(): void {
    if (this.#outbox) this.#context.store?.put(this.#id, this.#outbox.snapshot());
  }
  report(error: HubError): void {
    this.#onError(error);
  }
  later(retry: () => void): void {
    this.#life.add(timer(CHECK_RETRY_MS, this.#context.scheduler).subscribe(retry));
  }

  #made(): Outbox {
    if (this.#outbox) return this.#outbox;
    const outbox = (this.#outbox = new Outbox(this));
    if (this.#started) outbox.startedHere();
    // The probe tells it of each socket (one hub-wide status watch, not one per conversation).
    const { confirmations } = this.#context;
    this.#life.add(confirmations.add(outbox));
    const now = confirmations.current;
    if (now !== undefined) outbox.connected(now);
    return outbox;
  }
}
