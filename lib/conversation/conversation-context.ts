import type { HubOptions } from '../hub/hub-options.js';
import type { RequestContext } from '../hub/request.js';

/** What a conversation needs from its hub (internal). */
export interface ConversationContext extends RequestContext {
  /** For `recoverOnReconnect`, and `fetch` / `apiKey` to read large replies. */
  readonly options: HubOptions;
}
