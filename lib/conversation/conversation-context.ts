import type { Subscription } from 'rxjs';
import type { HubConnection } from '../connection/hub-connection.js';
import type { HubOptions } from '../hub/hub-options.js';
import type { Request$ } from '../hub/request.js';

/** What a conversation needs from its hub (internal). */
export interface ConversationContext {
  readonly connection: HubConnection;
  /** The hub's requests (see `requests`). */
  readonly request$: Request$;
  /** Keeps inbound events flowing to the conversation while it is open. */
  readonly attachRouting: () => Subscription;
  /** For `recoverOnReconnect`, and `fetch` / `apiKey` to read large replies. */
  readonly options: HubOptions;
}
