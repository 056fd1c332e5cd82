import type { SchedulerLike } from '../rx.js';
import type { HubConnection } from '../connection/hub-connection.js';
import type { Confirmations } from '../delivery/probe.js';
import type { ConversationStore } from '../delivery/store.js';
import type { ResolvedHubOptions } from '../options.js';
import type { Request$, Requests } from '../request/requests.js';

/** What a conversation needs from its hub (internal). */
export interface ConversationContext {
  readonly connection: HubConnection;
  /** The hub's requests (see `createRequests`). */
  readonly request$: Request$;
  /** Where what a `message_link` held goes when it is a transcript, or when it could not be read. */
  readonly requests: Pick<Requests, 'settle' | 'linkArrived'>;
  /** For `recoverOnReconnect`, and `fetch` / `apiKey` to read large replies. */
  readonly options: ResolvedHubOptions;
  /** The hub-wide write order and probe that confirm user messages. */
  readonly confirmations: Confirmations;
  /** Where queued and unconfirmed messages are kept across reloads, if anywhere. */
  readonly store: ConversationStore | undefined;
  readonly scheduler: SchedulerLike;
}
