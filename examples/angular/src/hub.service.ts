import { DestroyRef, Injectable, InjectionToken, computed, inject } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ReplaySubject, Subject, map, merge, scan, switchMap } from 'rxjs';
import {
  connectHub,
  type ConnectionState,
  type Conversation,
  type HubOptions,
  type MessagePart,
} from 'captivate-hub-rx';

/** Where the hub is. Provide it at bootstrap: `{ provide: HUB_OPTIONS, useValue: { url, apiKey } }`. */
export const HUB_OPTIONS = new InjectionToken<HubOptions>('captivate-hub-rx options');

/** One line of the chat as the component renders it. */
export interface ChatLine {
  readonly from: 'user' | 'bot' | 'agent';
  readonly parts: readonly MessagePart[];
}

/** The connection's state in words for the user: no codes, no attempt counters. */
const STATUS_WORDS: Record<ConnectionState, string> = {
  idle: 'Not connected yet',
  connecting: 'Connecting…',
  connected: 'Online',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

/**
 * One hub connection for the whole app (`providedIn: 'root'`), closed when the app is destroyed.
 * Streams stay observables for the async pipe; the chat's state is also exposed as signals.
 */
@Injectable({ providedIn: 'root' })
export class HubService {
  private readonly destroyRef = inject(DestroyRef);
  private readonly hub = connectHub(inject(HUB_OPTIONS));
  private readonly conversation$ = new ReplaySubject<Conversation>(1);
  private readonly sent$ = new Subject<ChatLine>();
  private conversation: Conversation | undefined;

  /** The connection status, for `| async` in templates. */
  readonly status$ = this.hub.status$;
  /** The state as a signal, e.g. for styling. */
  readonly status = toSignal(this.hub.status$.pipe(map((status) => status.state)), { initialValue: 'idle' });
  /** The state in words, for the status line. */
  readonly statusText = computed(() => STATUS_WORDS[this.status()]);
  readonly conversationId = toSignal(this.conversation$.pipe(switchMap((conversation) => conversation.id$)));
  /** What the user sent and what the bot and agents answered, in order. */
  readonly lines = toSignal(
    this.conversation$.pipe(
      switchMap((conversation) =>
        merge(
          this.sent$,
          conversation.messages$.pipe(map(({ from, parts }): ChatLine => ({ from, parts }))),
        ).pipe(scan((lines: readonly ChatLine[], line) => [...lines, line], [])),
      ),
    ),
    { initialValue: [] },
  );
  readonly started = computed(() => this.conversationId() !== undefined);
  /** Index of the user's last line: quick replies offered before it are spent. */
  readonly lastUserLine = computed(() => {
    const lines = this.lines();
    for (let index = lines.length - 1; index >= 0; index--) if (lines[index]?.from === 'user') return index;
    return -1;
  });

  constructor() {
    // Root services live as long as the app: close the socket when the app is torn down.
    this.destroyRef.onDestroy(() => this.hub.close());
  }

  /**
   * Starts a conversation bot-first: the start trigger makes the hub's bot greet, and the greeting
   * arrives in `lines`.
   */
  start(userId?: string): void {
    this.hub
      .startConversation$({ ...(userId === undefined ? {} : { userId }), botFirst: true })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (conversation) => {
          this.conversation = conversation;
          this.conversation$.next(conversation);
        },
        error: (error: unknown) => console.error('Could not start a conversation', error),
      });
  }

  /**
   * Sends text in the current conversation. For a quick reply the hub gets the button's `value`
   * and the chat shows its `label` (`shown`).
   */
  send(text: string, shown = text): void {
    if (!this.conversation) return;
    this.sent$.next({ from: 'user', parts: [{ type: 'text', text: shown }] });
    this.conversation.sendText(text);
  }

  /** Asks the flow for a human agent (the hub's reserved `escalateToHuman` action). */
  askForAgent(): void {
    this.conversation?.sendAction('escalateToHuman');
  }
}
