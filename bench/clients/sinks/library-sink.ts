import type { Subscription } from 'rxjs';
import { loadLibrary, whenConnected } from '../../harness/library.js';
import type { Sink, SinkOptions } from './sink.js';

/**
 * captivate-hub-rx as a widget would use it: `conversation.messages$`; with several
 * subscribers, every other one watches `hub.events$.pipe(ofType('bot_message'))` instead.
 */
export async function librarySink(options: SinkOptions): Promise<Sink> {
  const { connectHub, ofType } = loadLibrary();
  const hub = connectHub({ url: options.url, apiKey: 'bench-key' });
  const conversation = hub.conversation(options.conversationId);
  const subscriptions: Subscription[] = [];
  for (let i = 0; i < options.subscribers; i++) {
    const source$ = i % 2 === 0 ? conversation.messages$ : hub.events$.pipe(ofType('bot_message'));
    subscriptions.push(source$.subscribe(options.hit));
  }
  await whenConnected(hub);
  return {
    close: () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      hub.close();
    },
  };
}
