import type { HubConnection } from '../connection/hub-connection.js';
import type { HubOptions } from '../hub/hub-options.js';
import type { Request$ } from '../hub/request.js';

/** What a conversation needs from its hub (internal). */
export interface ConversationContext {
  readonly connection: HubConnection;
  /** The hub's requests (see `requests`). */
  readonly request$: Request$;
  /** For `recoverOnReconnect`, and `fetch` / `apiKey` to read large replies. */
  readonly options: HubOptions;
}
