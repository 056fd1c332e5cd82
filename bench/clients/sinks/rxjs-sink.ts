import WebSocket from 'ws';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { webSocket, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import type { Sink, SinkOptions } from './sink.js';

interface WireFrame {
  readonly event?: { readonly event_type?: string; readonly event_payload?: { conversation_id?: string } };
}

/** RxJS's `webSocket` subject used bare: JSON deserializer, one `filter` per subscriber. */
export async function rxjsSink(options: SinkOptions): Promise<Sink> {
  const { url, conversationId, subscribers, hit } = options;
  const subject = webSocket<WireFrame>({
    url,
    // `ws` is not typed as a DOM WebSocket constructor; it behaves as one for RxJS.
    WebSocketCtor: WebSocket as unknown as WebSocketSubjectConfig<WireFrame>['WebSocketCtor'],
    deserializer: (event) => JSON.parse(String(event.data)) as WireFrame,
  });
  const mine = subject.pipe(
    filter(
      (frame) =>
        frame.event?.event_type === 'bot_message' &&
        frame.event.event_payload?.conversation_id === conversationId,
    ),
  );
  const subscriptions: Subscription[] = [];
  for (let i = 0; i < subscribers; i++) subscriptions.push(mine.subscribe(hit));
  await firstValueFrom(subject);
  return {
    close: () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subject.complete();
    },
  };
}
