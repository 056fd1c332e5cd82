import { Command } from 'commander';
import { firstValueFrom, type Subscription } from 'rxjs';
import { connectHub, forConversation, type Hub, type HubEvent } from '../index.js';
import { printable } from './terminal-text.js';
import {
  connectionOutcome,
  EXIT_CODES,
  exitAfterFlush,
  interrupted,
  withHubTarget,
  type HubTarget,
} from './hub-target.js';

interface TailOptions extends HubTarget {
  readonly conversation?: string;
}

/**
 * `captivate-hub tail`: every inbound event as one JSON line on stdout (for `| jq`), logs on stderr.
 * Runs until Ctrl-C, a rejected key, or stdout closing (`| head`).
 */
export function tailCommand(): Command {
  return withHubTarget(new Command('tail'))
    .description('print every inbound hub event as one JSON line (NDJSON) on stdout; logs go to stderr')
    .option('--conversation <id>', 'only the events of this conversation')
    .action(async (options: TailOptions) => exitAfterFlush(await tail(options)));
}

async function tail(options: TailOptions): Promise<number> {
  const log = (line: string) => process.stderr.write(`[tail] ${printable(line)}\n`);
  const hub = connectHub({ url: watchUrl(options.url, options.conversation), apiKey: options.apiKey });
  const stdoutClosed = new Promise<number>((resolve) =>
    process.stdout.once('error', () => resolve(EXIT_CODES.done)),
  );
  const printing = print(hub, options.conversation);
  try {
    return await Promise.race([
      firstValueFrom(connectionOutcome(hub.status$, log)),
      interrupted().then(() => EXIT_CODES.done),
      stdoutClosed,
    ]);
  } finally {
    printing.unsubscribe();
    hub.close();
  }
}

function print(hub: Hub, conversationId: string | undefined): Subscription {
  const events$ =
    conversationId === undefined ? hub.events$ : hub.events$.pipe(forConversation(conversationId));
  return events$.subscribe((event) => process.stdout.write(`${jsonLine(event)}\n`));
}

/**
 * The event as one JSON line or, when it cannot be written as JSON (nested deeper than the stack
 * allows, …), a placeholder line with its type and conversation: one bad frame must not end the tail.
 */
export function jsonLine(event: HubEvent): string {
  try {
    return JSON.stringify(event);
  } catch (error) {
    const { type, conversationId } = event as { type: string; conversationId?: unknown };
    return JSON.stringify({
      type,
      ...(typeof conversationId === 'string' ? { conversationId } : {}),
      placeholder: `could not print this event (${error instanceof Error ? error.name : 'error'})`,
    });
  }
}

/**
 * With `--conversation`, asks to watch it (`watch` query): an emulator then copies every frame the
 * conversation is sent to this socket, whichever socket uses it. A real hub ignores the parameter and
 * sends this socket only what it addresses to it — for another socket's conversation, nothing.
 */
function watchUrl(url: string, conversationId: string | undefined): string {
  if (conversationId === undefined) return url;
  try {
    const watched = new URL(url);
    watched.searchParams.set('watch', conversationId);
    return watched.toString();
  } catch {
    return url; // the connection reports the bad URL
  }
}
