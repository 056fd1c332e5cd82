import type { FetchLike } from '../hub/hub-options.js';
import type { RequestContext } from '../hub/request-process.js';
import type { EventRouter } from '../hub/router.js';

/** What a conversation needs from its hub (internal). */
export interface ConversationContext extends RequestContext {
  readonly router: EventRouter;
  readonly apiKey: string;
  readonly fetch: FetchLike | undefined;
  readonly recoverOnReconnect: boolean;
  readonly earlyBufferLimit: number;
}
