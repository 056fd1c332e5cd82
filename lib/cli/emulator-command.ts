import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_CODES } from './hub-target.js';
import { hostPolicy } from '../emulator/host-policy.js';
import {
  scriptedBot,
  startHubEmulator,
  type ChannelMode,
  type FrameShape,
  type LatencyMs,
} from '../emulator/index.js';

interface EmulatorCliOptions {
  readonly port: number;
  readonly host: string;
  readonly apiKey?: string;
  readonly shape: FrameShape;
  readonly latency?: LatencyMs;
  readonly idleTimeout?: number;
  readonly maxConnection?: number;
  readonly channelMode: ChannelMode;
  readonly webhookUrl?: string;
  readonly quiet?: boolean;
  readonly greetOnStart?: boolean;
  readonly allowedOrigin: readonly string[];
  readonly allowedHost: readonly string[];
  readonly publicUrl?: string;
}

function parseMs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a whole number of milliseconds');
  return n;
}

function collect(value: string, previous: readonly string[]): readonly string[] {
  return [...previous, value];
}

/** One `--allowed-host`, checked now so that a URL or a port is a usage error (exit 2), not a failed start. */
function collectHost(value: string, previous: readonly string[]): readonly string[] {
  if (value !== 'all') {
    try {
      hostPolicy(undefined, 'localhost', [value]);
    } catch {
      throw new InvalidArgumentError(
        'expected a host name without scheme or port (hub.local), .example.com for a domain and its ' +
          'subdomains, or all for any host',
      );
    }
  }
  return [...previous, value];
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535)
    throw new InvalidArgumentError('expected a port number between 0 and 65535 (0 = any free port)');
  return n;
}

/** `50` → 50 ms; `20-80` → a range drawn per frame. */
export function parseLatency(value: string): LatencyMs {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (!match?.[1]) throw new InvalidArgumentError('expected milliseconds, e.g. 50 or 20-80');
  const min = Number(match[1]);
  if (match[2] === undefined) return min;
  const max = Number(match[2]);
  if (max < min) throw new InvalidArgumentError('the range must be min-max');
  return [min, max];
}

function stamp(): string {
  return new Date().toISOString().slice(11, 23);
}

/**
 * `captivate-hub emulator`: a local hub in the foreground. Prints the ws URL (never the key) on stdout,
 * logs connections and — unless `--quiet` — every frame in and out on stderr; Ctrl-C / SIGTERM stop
 * it cleanly with exit code 0.
 */
export function emulatorCommand(): Command {
  return new Command('emulator')
    .description('run a local Captivate Hub emulator (ws + http) in the foreground')
    .option('-p, --port <port>', 'port to listen on, 0 for any free port', parsePort, 8787)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('-k, --api-key <key>', 'the only API key accepted (default: any key)')
    .addOption(
      new Option('--shape <shape>', 'envelope of hub frames')
        .choices(['plain', 'wrapped', 'mixed'])
        .default('wrapped'),
    )
    .option('--latency <ms>', 'delay per hub frame: 50 or a range 20-80', parseLatency)
    .option('--idle-timeout <ms>', 'close sockets idle this long (gateway: 600000)', parseMs)
    .option('--max-connection <ms>', 'close sockets this long after they opened (gateway: 7200000)', parseMs)
    .addOption(
      new Option('--channel-mode <mode>', "where replies go: the socket, or the owner's webhook")
        .choices(['socket', 'webhook'])
        .default('socket'),
    )
    .option('--webhook-url <url>', 'in webhook mode, POST each reply here (default: replies vanish)')
    .option('-q, --quiet', 'do not log frames')
    .option('--greet-on-start', 'greet right after the start, not only on the bot-first trigger message')
    .option(
      '--allowed-origin <origin>',
      'a page origin allowed to connect without --api-key besides loopback ones (repeatable)',
      collect,
      [],
    )
    .option(
      '--allowed-host <host>',
      'a Host name answered without --api-key besides loopback names and IP addresses; .example.com ' +
        'also allows its subdomains; all: any Host (repeatable)',
      collectHost,
      [],
    )
    .option('--public-url <url>', 'base of message links, e.g. https://hub.local:8443 behind a proxy')
    .addHelpText(
      'after',
      '\nExit codes: 0 stopped by Ctrl-C or SIGTERM, 1 could not start (port in use…), 2 usage error.',
    )
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_CODES.done : EXIT_CODES.usage))
    .action((options: EmulatorCliOptions) => runEmulator(options));
}

/**
 * Where the key comes from, never the key itself: a printed URL ends up in terminals, CI logs and
 * screenshots. Clients add it as `?apikey=…` (or `apiKey` of `connectHub`).
 */
function keyLine(apiKey: string | undefined): string {
  return apiKey === undefined
    ? 'API key: any key is accepted (append ?apikey=<any key> to the URL)'
    : 'API key: the one given with --api-key, not shown (append ?apikey=<key> to the URL)';
}

/** `--allowed-host all` (as webpack-dev-server's `--allowed-hosts all`): any Host, `allowedHosts: true`. */
function allowedHosts(hosts: readonly string[]): readonly string[] | true {
  return hosts.includes('all') ? true : hosts;
}

async function runEmulator(options: EmulatorCliOptions): Promise<void> {
  const log = (line: string) => process.stderr.write(`${stamp()} ${line}\n`);
  const hub = await startHubEmulator({
    port: options.port,
    host: options.host,
    ...(options.apiKey === undefined ? {} : { apiKeys: [options.apiKey] }),
    frameShape: options.shape,
    ...(options.latency === undefined ? {} : { latencyMs: options.latency }),
    limits: { idleTimeoutMs: options.idleTimeout, maxConnectionMs: options.maxConnection },
    channelMode: options.channelMode,
    ...(options.greetOnStart ? { bot: scriptedBot({ greetOnStart: true }) } : {}),
    ...(options.webhookUrl === undefined ? {} : { webhookUrl: options.webhookUrl }),
    allowedOrigins: options.allowedOrigin,
    allowedHosts: allowedHosts(options.allowedHost),
    publicUrl: options.publicUrl,
    logger: {
      info: log,
      warn: (line) => log(`WARN ${line}`),
      ...(options.quiet ? {} : { debug: log }),
    },
  });
  process.stdout.write(`Hub emulator listening on ${hub.url}\n${keyLine(options.apiKey)}\n`);
  process.stdout.write(`HTTP (healthz, message links, compatibility endpoint): ${hub.httpUrl}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log('stopping');
  await hub.stop();
  process.stdout.write('Hub emulator stopped\n', () => process.exit(0));
}
