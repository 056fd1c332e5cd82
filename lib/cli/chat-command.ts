import { createInterface, type Interface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { firstValueFrom, Subscription, tap } from 'rxjs';
import { connectHub, type Hub } from '../index.js';
import { ChatSession } from './chat-session.js';
import {
  connectionOutcome,
  EXIT_CODES,
  exitAfterFlush,
  interrupted,
  withHubTarget,
  type HubTarget,
} from './hub-target.js';
import { printable } from './terminal-text.js';

interface ChatOptions extends HubTarget {
  readonly userId?: string;
  readonly replyTimeout: number;
  /** `--user-first`: no bot-first start trigger. */
  readonly userFirst?: boolean;
}

const CHAT_HELP = `
While chatting:
  <text>      send a message (Enter)
  <number>    pick that button of the bot's last message, e.g. 1
  /agent      ask for a human agent
  /quit       end the chat (or Ctrl-D)

The chat starts bot-first: right after the start it sends the hub's start trigger (an empty
message), to which the production hub's bot answers with its greeting. --user-first leaves it out
(for a hub whose bot greets at the start by itself, e.g. the emulator's --greet-on-start).

Piped input (echo hello | captivate-hub chat): each line is sent in order once the previous one
got a reply (or --reply-timeout passed); the chat ends, exit code 0, once the last line is
answered. A line without a reply makes the exit code 1.

Give the key with --api-key-file <path> or CAPTIVATE_HUB_API_KEY rather than --api-key.`;

/**
 * `captivate-hub chat`: a chat in the terminal, or driven by piped input. Typing a number picks
 * the bot's button of that number; `/agent` asks for a human; Ctrl-D or `/quit` ends it.
 */
export function chatCommand(): Command {
  return withHubTarget(new Command('chat'))
    .description('chat with the hub (or the emulator) in the terminal, or from piped input')
    .option('--user-id <id>', 'the userId of the conversation (the hub uses "anon" without one)')
    .option(
      '--reply-timeout <ms>',
      'piped input: how long to wait for the reply to a line',
      parseTimeout,
      10_000,
    )
    .option('--user-first', 'send no start trigger: the bot speaks only once the user has')
    .addHelpText('after', CHAT_HELP)
    .action(async (options: ChatOptions) => exitAfterFlush(await chat(options)));
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new InvalidArgumentError('expected a whole number of milliseconds');
  return ms;
}

async function chat(options: ChatOptions): Promise<number> {
  const interactive = process.stdin.isTTY === true;
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  // Everything printed comes from the hub or the network: no control characters reach the terminal.
  const say = (line: string) => printAbovePrompt(terminal, printable(line));
  const hub = connectHub({ url: options.url, apiKey: options.apiKey });
  const session = new ChatSession(say, {
    awaitReplies: !interactive,
    replyTimeoutMs: options.replyTimeout,
    // Bounded memory for a long piped file: stop reading while many lines wait.
    onBacklog: (full) => (full ? terminal.pause() : terminal.resume()),
  });
  const subscriptions = new Subscription();
  let outcome: number | undefined;
  const connection = firstValueFrom(
    connectionOutcome(hub.status$, (line) => say(`· ${line}`)).pipe(tap((code) => (outcome = code))),
  );
  subscriptions.add(showStatusInPrompt(hub, terminal, interactive));
  const started = new Promise<number | undefined>((resolve) => {
    // Bot-first by default: the production hub's bot greets in answer to the start trigger.
    const userId = options.userId === undefined ? {} : { userId: options.userId };
    const options$ = { ...userId, botFirst: options.userFirst !== true };
    subscriptions.add(
      hub.startConversation$(options$).subscribe({
        next: (conversation) => (subscriptions.add(session.begin(conversation)), resolve(undefined)),
        // A start that fails because the link failed is reported by the link's outcome (exit 3 for a
        // rejected key) rather than as the start's own "closed before it was sent".
        error: (error: Error) =>
          setImmediate(() => {
            if (outcome === undefined) say(`! could not start a conversation: ${error.message}`);
            resolve(EXIT_CODES.failed);
          }),
      }),
    );
  });
  terminal.on('line', (line) => (line.trim() === '/quit' ? terminal.close() : session.input(line.trim())));
  const inputEnded = new Promise<void>((resolve) => terminal.once('close', resolve));
  const finished = inputEnded.then(async () => {
    const failed = await started;
    if (failed !== undefined) return failed;
    await session.drained();
    return session.linesWithoutReply > 0 ? EXIT_CODES.failed : EXIT_CODES.done;
  });
  // A failed start ends the chat at once, also on a terminal where input may never end.
  const startFailed = started.then((failed) => failed ?? new Promise<number>(() => {}));
  try {
    return await Promise.race([connection, interrupted().then(() => EXIT_CODES.done), startFailed, finished]);
  } finally {
    subscriptions.unsubscribe();
    terminal.close();
    hub.close();
  }
}

/** On a terminal the prompt always shows the connection's state. */
function showStatusInPrompt(hub: Hub, terminal: Interface, interactive: boolean): Subscription {
  return hub.status$.subscribe((status) => {
    terminal.setPrompt(`[${status.state}] > `);
    if (interactive) terminal.prompt(true);
  });
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
