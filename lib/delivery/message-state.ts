import type { UserMessageContent } from '../protocol/parts.js';

/**
 * Where a user message is:
 * - `queued`: not written yet (no socket connected, or held until a check of the transcript is done);
 * - `written`: written to the socket of `generation`; the hub may or may not have read it;
 * - `confirmed`: the hub has it — it answered a request written after it on the same socket
 *   (`confirmedBy: 'answer'`; TCP keeps a socket's frames in order), or its transcript lists it
 *   (`'transcript'`). A bot reply does not confirm: it names no message.
 * A message that cannot be delivered fails instead (the observable errors with a typed error).
 */
export type MessageState = 'queued' | 'written' | 'confirmed';

/** One step of a user message, as `sendText` / `sendMessage` emit it. */
export interface MessageStatus {
  /** The `client_msg_id` it carries (the same on every write of this message). */
  readonly clientMsgId: string;
  /** Where the message is: `queued`, `written` or `confirmed` (docs/reconnection.md). */
  readonly state: MessageState;
  /** `written`: the socket generation it was written to. */
  readonly generation?: number;
  /** `confirmed`: what showed the hub has it. */
  readonly confirmedBy?: 'answer' | 'transcript';
}

/** A queued or unconfirmed message as a store keeps it (never the API key, never a frame). */
export interface StoredMessage {
  readonly clientMsgId: string;
  readonly content: UserMessageContent;
  /** Written at least once: the hub may have it, so it is checked against the transcript before any re-send. */
  readonly written: boolean;
}

/** What a store keeps of one conversation. */
export interface StoredConversation {
  readonly messages: readonly StoredMessage[];
  /** User messages the hub held before the first stored message, when known (the `count` rule). */
  readonly count?: number;
  /** Keys of the last confirmed messages (the `content` rule's context). */
  readonly tail: readonly string[];
}
