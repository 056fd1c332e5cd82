import { type SchedulerLike, asyncScheduler } from '../rx.js';
import { createHubConnection } from '../connection/create-hub-connection.js';
import type { HubConnection } from '../connection/hub-connection.js';
import type { ConnectionOptions } from '../connection/options.js';
import type { Hub } from './hub.js';
import { createHub } from './hub-client.js';
import { type HubOptions, resolveHubOptions } from '../options.js';

/** Seams for tests; applications never need them. @internal */
export interface HubDeps {
  /** Builds the connection. @default createHubConnection */
  readonly createConnection?: (options: ConnectionOptions) => HubConnection;
  /** Time for request timeouts. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

/**
 * Connects to a Captivate Hub channel in Socket Mode. Nothing happens on the network until
 * something needs the socket (a subscription to `events$`, a start, a send); the socket is then
 * shared by everything on this hub and reconnected as needed.
 *
 * @example
 * const hub = connectHub({ url: 'wss://hub.example/dev', apiKey: process.env.HUB_KEY! });
 * hub.startConversation$({ userId: 'user-42' }).subscribe((conversation) => {
 *   conversation.messages$.subscribe((message) => console.log(message.from, message.parts));
 *   conversation.sendText('Hello');
 * });
 */
export function connectHub(options: HubOptions, deps: HubDeps = {}): Hub {
  const resolved = resolveHubOptions(options);
  const scheduler = deps.scheduler ?? asyncScheduler;
  const connection = deps.createConnection
    ? deps.createConnection(options)
    : createHubConnection(options, { scheduler });
  return createHub(connection, resolved, scheduler);
}
