import WebSocket from 'ws';
import type { Sink, SinkOptions } from './sink.js';

interface WireFrame {
  readonly event?: { readonly event_type?: string; readonly event_payload?: { conversation_id?: string } };
}

/**
 * The physical floor: `ws`, one `JSON.parse` per frame, then each subscriber's own check — what
 * a hand-written client with no library would do.
 */
export function rawSink(options: SinkOptions): Promise<Sink> {
  const { url, conversationId, subscribers, hit } = options;
  const listeners: Array<(frame: WireFrame) => void> = [];
  for (let i = 0; i < subscribers; i++) {
    listeners.push((frame) => {
      const event = frame.event;
      if (event?.event_type === 'bot_message' && event.event_payload?.conversation_id === conversationId)
        hit();
    });
  }
  const socket = new WebSocket(url);
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as WireFrame;
    for (let i = 0; i < listeners.length; i++) (listeners[i] as (frame: WireFrame) => void)(frame);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    // Ready once the hub's greeting arrived, like every other client here.
    socket.once('message', () => resolve({ close: () => socket.close(1000) }));
  });
}
