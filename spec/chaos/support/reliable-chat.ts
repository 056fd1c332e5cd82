import { type Observable, firstValueFrom, retry, timer } from 'rxjs';
import type { ConnectionStatus } from '../../../lib/connection/hub-connection.js';
import type { ChatMessage } from '../../../lib/conversation/chat-message.js';
import type { Conversation } from '../../../lib/conversation/conversation.js';

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

/** One user message as the test saw it leave. */
export interface SentMessage {
  readonly text: string;
  /** The connection was not `connected` when `sendText` was called: the frame waited in the queue. */
  readonly queued: boolean;
  /** The generation of the socket it was written to; undefined if the send failed. */
  generation?: number;
  error?: string;
}

/** Sends `text` and resolves once the frame was written (or failed), recording both. */
export function sendAndRecord(
  conversation: Conversation,
  text: string,
  status: () => ConnectionStatus,
): Promise<SentMessage> {
  const sent: SentMessage = { text, queued: status().state !== 'connected' };
  return new Promise((resolve) =>
    conversation.sendText(text).subscribe({
      // The receipt comes synchronously as the frame is written: the status then names its socket.
      next: () => (sent.generation = generationOf(status())),
      error: (error: { code?: string }) => resolve({ ...sent, error: String(error.code ?? error) }),
      complete: () => resolve(sent),
    }),
  );
}

function generationOf(status: ConnectionStatus): number | undefined {
  return 'generation' in status ? status.generation : undefined;
}

/** Reads back, through the transcript, the replies the socket lost; retried while the hub misbehaves. */
export function recoverReplies(conversation: Conversation): Promise<readonly ChatMessage[]> {
  const recover$: Observable<readonly ChatMessage[]> = conversation
    .recover$()
    .pipe(retry({ count: 20, delay: () => timer(50) }));
  return firstValueFrom(recover$);
}
