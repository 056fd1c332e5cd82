import { randomUUID } from 'node:crypto';

/** The conversation every single-conversation scenario talks in. */
export const BENCH_CONVERSATION = 'bench-conv-0';

/** A `user_message` client frame as the raw baselines write it (the library encodes its own). */
export function userMessageFrame(conversation: string, text: string): object {
  return {
    action: 'sendMessage',
    event: {
      event_type: 'user_message',
      event_payload: {
        type: 'message_create',
        client_msg_id: randomUUID(),
        conversation_id: conversation,
        content: { type: 'text', text },
      },
    },
  };
}

export function conversationId(index: number): string {
  return `bench-conv-${index}`;
}

const TEXT = 'Your order shipped.';

/**
 * A `bot_message` in the wrapped hub shape (`{action:'receiveMessage', event:{…}}`): every client
 * in the bench accepts it — the vendor's client reads only this shape. About 310 bytes (the text is short so the frame is ~300 B, a typical chat reply).
 */
export function botMessageFrame(conversation: string, sequence: number, text = TEXT): string {
  return JSON.stringify({
    action: 'receiveMessage',
    event: {
      event_type: 'bot_message',
      event_id: `ev-${sequence.toString(36).padStart(8, '0')}`,
      event_payload: {
        type: 'message_create',
        ch_msg_id: randomUUID(),
        conversation_id: conversation,
        bot: {},
        content: [{ type: 'text', text }],
      },
      accepts_response_payload: false,
    },
  });
}

export function socketConnectedFrame(socketId: string): string {
  return JSON.stringify({
    action: 'receiveMessage',
    event: {
      event_type: 'socket_connected',
      event_id: `ev-connected-${socketId}`,
      event_payload: { socket_id: socketId },
      accepts_response_payload: false,
    },
  });
}

/**
 * Pre-encoded frames for `openConversations` conversations, so the pushing server spends its CPU
 * on the socket, not on JSON. Frame `i` goes to conversation `i % openConversations`.
 */
export function framePool(openConversations: number, size = Math.max(1_024, openConversations)): Buffer[] {
  const pool: Buffer[] = [];
  for (let i = 0; i < size; i++) {
    pool.push(Buffer.from(botMessageFrame(conversationId(i % openConversations), i)));
  }
  return pool;
}
