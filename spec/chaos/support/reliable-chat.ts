import { type Observable, firstValueFrom, retry, timer } from 'rxjs';
import type { ConnectionStatus } from '../../../lib/connection/hub-connection.js';
import type { ChatMessage } from '../../../lib/conversation/chat-message.js';
import type { Conversation } from '../../../lib/conversation/conversation.js';
import type { MessageState } from '../../../lib/delivery/message-state.js';

/** The text of a chat message's text parts. */
export function textOf(message: ChatMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** Collects every bot/agent text a conversation shows (live or recovered). */
export function collectReplies(conversation: Conversation): Set<string> {
  const replies = new Set<string>();
  conversation.messages$.subscribe((message) => replies.add(textOf(message)));
  return replies;
}

/** One user message as the test saw it go: every state it passed through. */
export interface SentMessage {
  readonly text: string;
  /** The connection was not `connected` when `sendText` was called. */
  readonly queued: boolean;
  readonly states: MessageState[];
  /** How often it was written (more than once: re-sent after a check of the transcript). */
  writes: number;
  error?: string;
  /** Resolves when the message is confirmed or failed. */
  readonly done: Promise<void>;
}

/** Sends `text` and records its states as they come. */
export function sendAndTrack(
  conversation: Conversation,
  text: string,
  status: () => ConnectionStatus,
): SentMessage {
  let finish: () => void = () => undefined;
  const sent: SentMessage = {
    text,
    queued: status().state !== 'connected',
    states: [],
    writes: 0,
    done: new Promise<void>((resolve) => (finish = resolve)),
  };
  conversation.sendText(text).subscribe({
    next: ({ state }) => {
      sent.states.push(state);
      if (state === 'written') sent.writes += 1;
    },
    error: (error: { code?: string }) => {
      sent.error = String(error.code ?? error);
      finish();
    },
    complete: () => finish(),
  });
  return sent;
}

/** Resolves once `message` settled, or after `ms` (the assertions then see it unconfirmed). */
export function settled(message: SentMessage, ms: number): Promise<void> {
  let timeout: NodeJS.Timeout | undefined;
  return Promise.race([
    message.done,
    new Promise<void>((resolve) => (timeout = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timeout));
}

/** Reads back, through the transcript, the replies the socket lost; retried while the hub misbehaves. */
export function recoverReplies(conversation: Conversation): Promise<readonly ChatMessage[]> {
  const recover$: Observable<readonly ChatMessage[]> = conversation
    .recover$()
    .pipe(retry({ count: 20, delay: () => timer(50) }));
  return firstValueFrom(recover$);
}
