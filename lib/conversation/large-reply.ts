import { Observable } from '../rx.js';
import { MessageFetchError } from '../errors.js';
import { decodeWireEvent } from '../protocol/decode.js';
import type { BotMessageEvent, GeneralErrorEvent } from '../protocol/inbound.js';
import { isWireObject } from '../protocol/json.js';
import type { HubOptions } from '../hub/hub-options.js';
import { chatMessageOf, type ChatMessage } from './chat-message.js';

export type LargeReplyOptions = Pick<HubOptions, 'fetch' | 'apiKey'>;

/**
 * A reply too large for the socket arrives as `general_error` 413 with a `message_link`; the
 * message itself is `GET <link>` with header `x-api-key`, body `{ botMessage: { content } }`
 * (docs/protocol/README.md §3). Emits it as a bot message, or errors with `MessageFetchError` — never a
 * stand-in message. The error names neither the link nor the key. Unsubscribing aborts the fetch.
 */
export function fetchLargeReply$(
  { eventId, conversationId }: GeneralErrorEvent,
  link: string,
  { fetch = globalThis.fetch, apiKey }: LargeReplyOptions,
): Observable<ChatMessage> {
  return new Observable<ChatMessage>((subscriber) => {
    const abort = new AbortController();
    let status: number | undefined;
    const read = async (): Promise<ChatMessage> => {
      // Without a `fetch` (no global one, none given) this throws too, and fails alike.
      const response = await fetch(link, { headers: { 'x-api-key': apiKey }, signal: abort.signal });
      status = response.status;
      if (!response.ok) throw new Error(`HTTP ${status}`);
      // Any JSON value: a number, a string or an array has no `botMessage` either.
      const body = (await response.json()) as { readonly botMessage?: unknown } | null;
      const botMessage = body?.botMessage;
      if (!isWireObject(botMessage) || botMessage.content === undefined)
        throw new Error('No botMessage.content');
      const raw = {
        event_type: 'bot_message',
        event_id: eventId,
        event_payload: {
          conversation_id: conversationId,
          ch_msg_id: botMessage.ch_msg_id,
          content: botMessage.content,
        },
      };
      // A `bot_message` always decodes as one (malformed parts are normalised, never refused).
      return chatMessageOf(decodeWireEvent(raw) as BotMessageEvent, 'link');
    };
    read().then(
      (message) => {
        subscriber.next(message);
        subscriber.complete();
      },
      // After an unsubscription (the abort) the subscriber is closed and ignores this.
      (cause: unknown) => subscriber.error(new MessageFetchError(conversationId, status, { cause })),
    );
    return () => abort.abort();
  });
}
