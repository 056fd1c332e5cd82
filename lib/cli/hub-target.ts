// What `chat` and `tail` share: where the hub is (flags or environment), exit codes, and how a
// connection's status becomes log lines and, when it ends for good, an exit code.
import { closeSync, openSync, readSync } from 'node:fs';
import { Command, Option } from 'commander';
import { Observable } from 'rxjs';
import type { ConnectionStatus } from '../connection/hub-connection.js';

/**
 * Exit codes of the `captivate-hub` commands (documented in their help and docs/getting-started.md):
 * 0 done, 1 failed after connecting (link lost for good, a line without a reply), 2 usage error,
 * 3 connection refused or API key rejected.
 */
export const EXIT_CODES = { done: 0, failed: 1, usage: 2, refused: 3 } as const;

/** Exit codes as the help of every hub command lists them. */
export const EXIT_CODES_HELP =
  '\nExit codes: 0 done, 1 failed after connecting, 2 usage error, 3 connection refused or API key rejected.';

/** `--url` and the API key, from the flags, a key file or the environment. */
export interface HubTarget {
  readonly url: string;
  readonly apiKey: string;
}

/** Longer than any channel key: a bigger file is the wrong file, and is never read whole. */
const KEY_FILE_MAX_BYTES = 4096;

/**
 * Adds `--url`, `--api-key-file` and `--api-key` (from `CAPTIVATE_HUB_URL` / `CAPTIVATE_HUB_API_KEY`
 * when not given) and makes every usage error exit with code 2 instead of commander's 1. The key
 * file and the environment are what the help recommends: a key on the command line is visible in
 * the process list and the shell history.
 */
export function withHubTarget(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', 'the hub Socket Mode URL (ws:// or wss://)')
        .env('CAPTIVATE_HUB_URL')
        .makeOptionMandatory(),
    )
    .addOption(new Option('--api-key-file <path>', 'read the channel API key from this file (recommended)'))
    .addOption(
      new Option(
        '--api-key <key>',
        'the channel API key; on the command line it is discouraged (visible in the process list and ' +
          'shell history): prefer --api-key-file or the environment variable',
      ).env('CAPTIVATE_HUB_API_KEY'),
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .hook('preAction', (cmd) => {
      cmd.setOptionValue('apiKey', resolveApiKey(cmd));
    })
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_CODES.done : EXIT_CODES.usage));
}

/** The key from `--api-key-file`, else `--api-key` / the environment; a usage error when none or both. */
function resolveApiKey(cmd: Command): string {
  const { apiKey, apiKeyFile } = cmd.opts<{ apiKey?: string; apiKeyFile?: string }>();
  if (apiKeyFile !== undefined) {
    if (apiKey !== undefined && cmd.getOptionValueSource('apiKey') === 'cli')
      cmd.error('error: give the API key once: --api-key-file or --api-key, not both');
    return readKeyFile(cmd, apiKeyFile);
  }
  if (!apiKey) cmd.error('error: no API key: pass --api-key-file <path> or set CAPTIVATE_HUB_API_KEY');
  return apiKey;
}

function readKeyFile(cmd: Command, path: string): string {
  let text: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(KEY_FILE_MAX_BYTES + 1);
      text = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, null));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return cmd.error(
      `error: cannot read --api-key-file: ${(error as NodeJS.ErrnoException).code ?? 'failed'}`,
    );
  }
  const key = text.trim();
  if (text.length > KEY_FILE_MAX_BYTES || !key || /\s/.test(key))
    cmd.error('error: --api-key-file must hold only the API key (one line)');
  return key;
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
