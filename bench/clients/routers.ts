import WebSocket from 'ws';
import { loadLibrary, whenConnected } from '../harness/library.js';
import { userMessageFrame } from '../harness/frames.js';
import type { Subscription } from 'rxjs';

/** Many conversations on one socket, each with one subscriber that calls `hit`. */
export interface ConversationRouter {
  readonly size: number;
  open(conversationId: string): { send(text: string): void };
  close(): void | Promise<void>;
}

interface WireFrame {
  readonly event?: { readonly event_type?: string; readonly event_payload?: { conversation_id?: string } };
}

/** The baseline: `ws`, `JSON.parse`, a `Map` from conversation id to its handler. */
export async function rawRouter(url: string, hit: () => void): Promise<ConversationRouter> {
  const handlers = new Map<string, { id: string; onMessage: (frame: WireFrame) => void }>();
  const socket = new WebSocket(url);
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as WireFrame;
    if (frame.event?.event_type !== 'bot_message') return;
    handlers.get(frame.event.event_payload?.conversation_id ?? '')?.onMessage(frame);
  });
  await new Promise((resolve, reject) => {
    socket.once('message', resolve);
    socket.once('error', reject);
  });
  return {
    get size() {
      return handlers.size;
    },
    open(id) {
      handlers.set(id, { id, onMessage: () => hit() });
      return {
        send: (text) => socket.send(JSON.stringify(userMessageFrame(id, text))),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        handlers.clear();
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
}

/** captivate-hub-rx: `hub.conversation(id)` and one `messages$` subscription each. */
export async function libraryRouter(url: string, hit: () => void): Promise<ConversationRouter> {
  const hub = loadLibrary().connectHub({ url, apiKey: 'bench-key' });
  const subscriptions: Subscription[] = [];
  // Held open by an events$ subscription so the socket does not wait for the first conversation.
  const keepAlive = hub.events$.subscribe();
  await whenConnected(hub);
  return {
    get size() {
      return subscriptions.length;
    },
    open(id) {
      const conversation = hub.conversation(id);
      subscriptions.push(conversation.messages$.subscribe(hit));
      return { send: (text) => void conversation.sendText(text) };
    },
    close: () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriptions.length = 0;
      keepAlive.unsubscribe();
      hub.close();
    },
  };
}
