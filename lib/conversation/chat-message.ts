import type { BotMessageEvent, LivechatMessageEvent } from '../protocol/inbound.js';
import type { MessagePart } from '../protocol/parts.js';
import type { WireInboundEvent } from '../protocol/wire.js';

/**
 * A bot or live-agent message, whichever event carried it.
 *
 * @example
 * conversation.messages$.subscribe(({ from, parts }) => {
 *   for (const part of parts) if (part.type === 'text') console.log(`${from}: ${part.text}`);
 * });
 */
export interface ChatMessage {
  /** `bot` for `bot_message` (and large replies), `agent` for `livechat_message`. */
  readonly from: 'bot' | 'agent';
  /** The hub's message id (`ch_msg_id`) when given, else the delivery's `event_id`; `undefined` when neither is. */
  readonly id: string | undefined;
  /** The message, as parts (text, buttons, cards, files, …). */
  readonly parts: readonly MessagePart[];
  /**
   * How the message reached the client: `socket` live, `link` a large reply fetched from its
   * `message_link`, `transcript` recovered after a reconnect (see `Conversation.recover$`).
   */
  readonly source: 'socket' | 'link' | 'transcript';
  /** The wire event it came from (for `transcript`, the transcript event). */
  readonly raw: WireInboundEvent;
}

/** The message of a live `bot_message` / `livechat_message`. */
export function chatMessageOf(
  event: BotMessageEvent | LivechatMessageEvent,
  source: ChatMessage['source'] = 'socket',
): ChatMessage {
  const fromBot = event.type === 'bot_message';
  return {
    from: fromBot ? 'bot' : 'agent',
    id: (fromBot ? event.payload.chMsgId : undefined) ?? event.eventId,
    parts: event.payload.content,
    source,
    raw: event.raw,
  };
}
