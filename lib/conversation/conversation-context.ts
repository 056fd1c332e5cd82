import type { HubConnection } from '../connection/hub-connection.js';
import type { ResolvedHubOptions } from '../options.js';
import type { Request$ } from '../request/requests.js';

/** What a conversation needs from its hub (internal). */
export interface ConversationContext {
  readonly connection: HubConnection;
  /** The hub's requests (see `createRequests`). */
  readonly request$: Request$;
  /** For `recoverOnReconnect`, and `fetch` / `apiKey` to read large replies. */
  readonly options: ResolvedHubOptions;
}
