// What `chat` and `tail` share: where the hub is (flags or environment), exit codes, and how a
// connection's status becomes log lines and, when it ends for good, an exit code.
import { Command, Option } from 'commander';
import { Observable } from 'rxjs';
import type { ConnectionStatus } from '../connection/hub-connection.js';

/** Exit codes of the `captivate-hub` commands (documented in their help and docs/getting-started.md). */
export const EXIT_CODES = { done: 0, failed: 1, usage: 2, refused: 3 } as const;

/** `--url` / `--api-key`, defaulting to the environment. */
export interface HubTarget {
  readonly url: string;
  readonly apiKey: string;
}

/**
 * Adds `--url` and `--api-key` (from `CAPTIVATE_HUB_URL` / `CAPTIVATE_HUB_API_KEY` when not given)
 * and makes every usage error exit with code 2 instead of commander's 1.
 */
export function withHubTarget(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', 'the hub Socket Mode URL (ws:// or wss://)')
        .env('CAPTIVATE_HUB_URL')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--api-key <key>', 'the channel API key').env('CAPTIVATE_HUB_API_KEY').makeOptionMandatory(),
    )
    .addHelpText('after', '\nExit codes: 0 done, 2 usage error, 3 connection refused or API key rejected.')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_CODES.done : EXIT_CODES.usage));
}

/**
 * Logs status changes and emits one exit code when the link ends for good: 3 if the API key is
 * rejected or the very first connection fails (a CLI should not retry a typo forever), 1 if it
 * closes with another error later. A user's Ctrl-C is handled by the caller.
 */
export function connectionOutcome(
  status$: Observable<ConnectionStatus>,
  log: (line: string) => void,
): Observable<number> {
  return new Observable<number>((subscriber) => {
    let everConnected = false;
    return status$.subscribe((status) => {
      switch (status.state) {
        case 'connecting':
          if (!everConnected) log('connecting…');
          return;
        case 'connected':
          log(everConnected ? 'reconnected' : `connected (socket ${status.socketId})`);
          everConnected = true;
          return;
        case 'reconnecting':
          if (!everConnected) {
            log(`cannot connect: ${status.lastError.message}`);
            return subscriber.next(EXIT_CODES.refused);
          }
          log(
            `connection lost (${status.lastError.code}); reconnecting in ${status.delayMs} ms (attempt ${status.attempt})`,
          );
          return;
        case 'closed':
          if (!status.error) return;
          log(`connection closed: ${status.error.message}`);
          return subscriber.next(
            status.error.code === 'AUTH_REJECTED' || !everConnected ? EXIT_CODES.refused : EXIT_CODES.failed,
          );
      }
    });
  });
}

/** Resolves on Ctrl-C or SIGTERM, whichever comes first. */
export function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Flushes stdout and stderr, then exits: `process.exit` alone can cut piped output short. */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
