// Errors in words a user understands. The stable `code` stays available to developers in the
// line's `title` and `data-code`, never in the visible text.
import type { HubError } from '../../lib/index.js';

const WORDS: Partial<Record<HubError['code'], string>> = {
  AUTH_REJECTED: 'The chat service did not accept this page. Please try again later.',
  CONNECTION_CLOSED: 'The chat is closed. Reload the page to start again.',
  CONNECTION_LOST: 'The connection was lost before this could be sent.',
  CONNECT_TIMEOUT: 'The chat service could not be reached.',
  REQUEST_TIMEOUT: 'The chat service did not answer in time. Please try again.',
  QUEUE_FULL: 'Too many messages are waiting to be sent. Please wait until you are back online.',
  PAYLOAD_TOO_LARGE: 'That is too large to send.',
  MESSAGE_FETCH_FAILED: 'A long reply could not be loaded.',
  HUB_ERROR: 'The chat service reported a problem.',
  UNCONFIRMED_LIMIT: 'A message could not be sent: too many were waiting. Use Retry to send it again.',
};

/** A sentence for the user; unknown errors get a generic one. */
export function friendlyError(error: { readonly code?: string; readonly message: string }): string {
  const words = error.code ? WORDS[error.code as HubError['code']] : undefined;
  return words ?? 'Something went wrong. Please try again.';
}
