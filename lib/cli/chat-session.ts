import {
  debounceTime,
  filter,
  firstValueFrom,
  lastValueFrom,
  startWith,
  Subject,
  Subscription,
  take,
  timeout,
  type Observable,
} from 'rxjs';
import type { Conversation, MessagePart } from '../index.js';

/** How a chat session treats its input. */
export interface ChatSessionOptions {
  /**
   * `true` for piped input: each line waits for the hub's reply (or `replyTimeoutMs`) before the
   * next is sent, so a numbered pick sees the buttons it answers and the replies come out in order.
   * `false` on a terminal: a line is sent as soon as it is typed.
   */
  readonly awaitReplies: boolean;
  readonly replyTimeoutMs: number;
  /** Told when the backlog of unsent lines gets long (`true`) and when it is short again (`false`). */
  readonly onBacklog?: (full: boolean) => void;
}

/** Unsent lines past which input is paused (piped input can be far faster than the hub). */
const BACKLOG_HIGH = 100;
const BACKLOG_LOW = 10;

/**
 * Once the first reply to a line has arrived, how long the conversation must stay quiet before the
 * next line goes (a bot may answer with several messages). Also waited for after the greeting.
 */
const QUIET_MS = 250;

/**
 * One conversation in the terminal: prints what arrives, sends what is typed, in order. Lines typed
 * before the conversation started wait for it.
 */
export class ChatSession {
  private conversation: Conversation | undefined;
  private readonly queue: string[] = [];
  /** Sends not yet written to the socket: what `drained()` waits for. */
  private readonly pendingSends = new Set<Observable<unknown>>();
  private readonly activity = new Subject<void>();
  private choices: readonly { label: string; value: string }[] = [];
  private pumping: Promise<void> | undefined;
  private unanswered = 0;
  private backlogFull = false;

  constructor(
    private readonly say: (line: string) => void,
    private readonly options: ChatSessionOptions,
  ) {}

  /** Lines that got no reply within the timeout (piped input only). */
  get linesWithoutReply(): number {
    return this.unanswered;
  }

  begin(conversation: Conversation): Subscription {
    this.conversation = conversation;
    this.say(`· conversation ${conversation.id}`);
    const seen = () => this.activity.next();
    const subscriptions = new Subscription();
    subscriptions.add(
      conversation.messages$.subscribe((message) => (this.show(message.from, message.parts), seen())),
    );
    subscriptions.add(
      conversation.actions$.subscribe((event) => {
        event.payload.actions.forEach((a) => this.say(`· action ${a.id}`));
        seen();
      }),
    );
    subscriptions.add(
      conversation.updates$.subscribe((update) => (this.say(`· ${update.payload.type}`), seen())),
    );
    subscriptions.add(
      conversation.errors$.subscribe((error) => (this.say(`! ${error.code}: ${error.message}`), seen())),
    );
    this.pump();
    return subscriptions;
  }

  /** Queues a typed line (empty lines are skipped). */
  input(line: string): void {
    if (!line) return;
    this.queue.push(line);
    if (!this.backlogFull && this.queue.length >= BACKLOG_HIGH) this.setBacklog(true);
    this.pump();
  }

  /**
   * Resolves once every queued line was sent (and, for piped input, answered), the conversation
   * quiet, and what was sent written to the socket (each within a timeout).
   */
  async drained(): Promise<void> {
    while (this.pumping) await this.pumping;
    if (this.options.awaitReplies) await this.quiet();
    await Promise.allSettled([...this.pendingSends].map((sent) => lastValueFrom(sent.pipe(timeout(2000)))));
  }

  private pump(): void {
    if (this.pumping || !this.conversation || this.queue.length === 0) return;
    this.pumping = this.sendQueued().finally(() => {
      this.pumping = undefined;
      this.pump();
    });
  }

  private async sendQueued(): Promise<void> {
    if (this.options.awaitReplies) await this.quiet();
    for (let line = this.queue.shift(); line !== undefined; line = this.queue.shift()) {
      if (this.backlogFull && this.queue.length <= BACKLOG_LOW) this.setBacklog(false);
      if (!this.options.awaitReplies) {
        this.send(line);
        continue;
      }
      const reply = firstValueFrom(this.activity.pipe(timeout({ first: this.options.replyTimeoutMs })));
      this.send(line);
      if (
        await reply.then(
          () => true,
          () => false,
        )
      )
        await this.quiet();
      else {
        this.unanswered++;
        this.say(`! no reply within ${this.options.replyTimeoutMs} ms`);
      }
    }
  }

  private setBacklog(full: boolean): void {
    this.backlogFull = full;
    this.options.onBacklog?.(full);
  }

  /** Resolves once nothing arrived for `QUIET_MS`. */
  private quiet(): Promise<void> {
    return firstValueFrom(this.activity.pipe(startWith(undefined), debounceTime(QUIET_MS), take(1)));
  }

  private send(line: string): void {
    const conversation = this.conversation;
    if (!conversation) return;
    // A text is done here once written (state past 'queued'): its confirmation waits for the
    // delivery probe, seconds later, and the hub's reply is awaited separately.
    const sent: Observable<unknown> =
      line === '/agent'
        ? conversation.sendAction('escalateToHuman')
        : conversation.sendText(this.choiceValue(line) ?? line).pipe(
            filter(({ state }) => state !== 'queued'),
            take(1),
          );
    this.pendingSends.add(sent);
    sent.subscribe({
      error: (error: Error) => {
        this.pendingSends.delete(sent);
        this.say(`! not sent: ${error.message}`);
      },
      complete: () => this.pendingSends.delete(sent),
    });
  }

  /** A number picks that button of the bot's last buttons. */
  private choiceValue(line: string): string | undefined {
    return /^\d+$/.test(line) ? this.choices[Number(line) - 1]?.value : undefined;
  }

  private show(from: 'bot' | 'agent', parts: readonly MessagePart[]): void {
    for (const part of parts) {
      if (part.type === 'text') this.say(`${from}> ${part.text}`);
      else if (part.type === 'buttons') {
        this.choices = part.buttons.options;
        if (part.buttons.title) this.say(`${from}> ${part.buttons.title}`);
        this.choices.forEach((option, index) => this.say(`   [${index + 1}] ${option.label}`));
      } else if (part.type === 'files') {
        for (const file of part.files) this.say(`${from}> file ${file.filename ?? ''} ${file.url}`);
      } else this.say(`${from}> [${part.type}]`);
    }
  }
}
