import { createInterface, type Interface } from 'node:readline';
import { Command } from 'commander';
import { filter, firstValueFrom, lastValueFrom, Subscription, take, timeout, type Observable } from 'rxjs';
import { connectHub, type Conversation, type MessagePart } from '../index.js';
import {
  connectionOutcome,
  EXIT_CODES,
  exitAfterFlush,
  interrupted,
  withHubTarget,
  type HubTarget,
} from './hub-target.js';

interface ChatOptions extends HubTarget {
  readonly userId?: string;
}

/**
 * `captivate-hub chat`: an interactive chat in the terminal. Typing a number picks the bot's button
 * of that number; `/agent` asks for a human; Ctrl-D or `/quit` ends it.
 */
export function chatCommand(): Command {
  return withHubTarget(new Command('chat'))
    .description('chat with the hub (or the emulator) in the terminal')
    .option('--user-id <id>', 'the userId of the conversation (the hub uses "anon" without one)')
    .action(async (options: ChatOptions) => exitAfterFlush(await chat(options)));
}

async function chat(options: ChatOptions): Promise<number> {
  const terminal = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
  });
  const say = (line: string) => printAbovePrompt(terminal, line);
  const hub = connectHub({ url: options.url, apiKey: options.apiKey });
  const session = new ChatSession(say);
  const subscriptions = new Subscription();
  // The status line: on a terminal the prompt always shows the connection's state.
  subscriptions.add(
    hub.status$.subscribe((status) => {
      terminal.setPrompt(`[${status.state}] > `);
      if (process.stdin.isTTY) terminal.prompt(true);
    }),
  );
  subscriptions.add(
    hub.startConversation$({ userId: options.userId }).subscribe({
      next: (conversation) => subscriptions.add(session.begin(conversation)),
      error: (error: Error) => say(`! could not start a conversation: ${error.message}`),
    }),
  );
  terminal.on('line', (line) => (line.trim() === '/quit' ? terminal.close() : session.input(line.trim())));
  const ended = new Promise<number>((resolve) => terminal.once('close', () => resolve(EXIT_CODES.done)));
  try {
    const code = await Promise.race([
      firstValueFrom(connectionOutcome(hub.status$, (line) => say(`· ${line}`))),
      interrupted().then(() => EXIT_CODES.done),
      ended,
    ]);
    await session.flush();
    return code;
  } finally {
    subscriptions.unsubscribe();
    terminal.close();
    hub.close();
  }
}

/** One conversation in the terminal: prints what arrives, sends what is typed. */
class ChatSession {
  private conversation: Conversation | undefined;
  private readonly waiting: string[] = [];
  private readonly sends: Observable<unknown>[] = [];
  private choices: readonly { label: string; value: string }[] = [];

  constructor(private readonly say: (line: string) => void) {}

  begin(conversation: Conversation): Subscription {
    this.conversation = conversation;
    this.say(`· conversation ${conversation.id}`);
    const subscriptions = new Subscription();
    subscriptions.add(conversation.messages$.subscribe((message) => this.show(message.from, message.parts)));
    subscriptions.add(
      conversation.actions$.subscribe((event) =>
        event.payload.actions.forEach((a) => this.say(`· action ${a.id}`)),
      ),
    );
    subscriptions.add(conversation.updates$.subscribe((update) => this.say(`· ${update.payload.type}`)));
    subscriptions.add(
      conversation.errors$.subscribe((error) => this.say(`! ${error.code}: ${error.message}`)),
    );
    for (const line of this.waiting.splice(0)) this.input(line);
    return subscriptions;
  }

  input(line: string): void {
    if (!line) return;
    if (!this.conversation) {
      this.waiting.push(line);
      return;
    }
    if (line === '/agent') {
      this.sends.push(this.conversation.sendAction('escalateToHuman'));
      return;
    }
    const choice = /^\d+$/.test(line) ? this.choices[Number(line) - 1] : undefined;
    const text = choice?.value ?? line;
    const sent = this.conversation.sendText(text);
    sent.subscribe({
      error: (error: Error) => this.say(`! not sent: ${error.message}`),
    });
    // Written is enough here: confirmation waits for the probe, seconds later.
    this.sends.push(
      sent.pipe(
        filter(({ state }) => state !== 'queued'),
        take(1),
      ),
    );
  }

  /** Waits (briefly) until what was typed before Ctrl-D is written to the socket. */
  async flush(): Promise<void> {
    await Promise.allSettled(this.sends.map((sent) => lastValueFrom(sent.pipe(timeout(2000)))));
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

/** Prints a line without mangling what the user is typing (on a TTY the prompt is redrawn). */
function printAbovePrompt(terminal: Interface, line: string): void {
  if (!process.stdin.isTTY) {
    process.stdout.write(`${line}\n`);
    return;
  }
  process.stdout.write(`\r\x1b[K${line}\n`);
  terminal.prompt(true);
}
