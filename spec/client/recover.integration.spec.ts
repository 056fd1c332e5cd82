import { firstValueFrom } from 'rxjs';
import { ManualClock } from '../../lib/emulator/index.js';
import type { ChatMessage } from '../../lib/conversation/chat-message.js';
import { record } from './support/fake-connection.js';
import { firstN, startLiveHub, turns } from './support/live-hub.js';

const textOf = (message: ChatMessage): string =>
  message.parts.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join(' ');

/** Every hub frame is written this long after the emulator decided to send it. */
const LATENCY_MS = 40;

// Reported: recover$() finishing in 0–2 ms, as if it never waited for the transcript. The emulator
// runs on a ManualClock: its answer is written only when the test moves time by the latency, so
// recover$() must still be pending after the hub got the request (the ledger shows it) and until
// then, and done right after.

/** Settles `promise` while moving the emulator's time on, so every frame it holds gets written. */
async function pumped<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const settled = promise.finally(() => (done = true));
  settled.catch(() => undefined);
  while (!done) {
    clock.advance(LATENCY_MS);
    await turns(1);
  }
  return settled;
}
describe.each(['transcript', 'messages'] as const)(
  'recover$ against the emulator (%s form)',
  (transcriptShape) => {
    it('sends conversation_transcript_request on the new socket, waits for the answer, emits only the missed', async () => {
      const clock = new ManualClock();
      const { emulator, hub, stop } = await startLiveHub(
        {},
        { latencyMs: LATENCY_MS, transcriptShape, clock },
      );
      try {
        const conversation = await pumped(clock, firstValueFrom(hub.startConversation$({ userId: 'rec' })));
        await pumped(clock, firstN(conversation.messages$, 1)); // the greeting, seen live
        const reconnected = firstN(conversation.id$, 2, 5_000);
        emulator.dropConnections();
        await pumped(clock, reconnected);
        clock.advance(LATENCY_MS); // nothing of the old socket is left queued
        const status = await firstValueFrom(hub.status$);
        const socketId = status.state === 'connected' ? status.socketId : 'not connected';
        // The hub still binds the conversation to the dead socket: this message is never delivered live.
        emulator.botSays(conversation.id, 'said while you were away');
        const shown = record(conversation.messages$);
        const requestsBefore = emulator.received.ofType('conversation_transcript_request').length;

        let answered = false;
        const recovering = firstValueFrom(conversation.recover$()).finally(() => (answered = true));
        const requestsNow = () =>
          emulator.received.ofType('conversation_transcript_request').slice(requestsBefore);
        for (let turn = 0; requestsNow().length === 0 && turn < 10_000; turn++) await turns(1);
        expect(requestsNow()).toHaveLength(1);
        // The hub has the request; its answer waits for the latency: recover$ waits with it.
        clock.advance(LATENCY_MS - 1);
        await turns();
        expect(answered).toBe(false);
        clock.advance(1);
        const recovered = await recovering;

        const requests = requestsNow();
        expect(requests).toHaveLength(1);
        expect(requests[0]).toMatchObject({
          conversationId: conversation.id,
          connectionId: socketId,
          via: 'socket',
        });
        expect(recovered.map((m) => [m.from, m.source, textOf(m)])).toEqual([
          ['bot', 'transcript', 'said while you were away'],
        ]);
        expect(shown.values).toEqual(recovered);

        // A second recovery asks the hub again and finds nothing new.
        await expect(pumped(clock, firstValueFrom(conversation.recover$()))).resolves.toEqual([]);
        expect(
          emulator.received.ofType('conversation_transcript_request').slice(requestsBefore),
        ).toHaveLength(2);
        expect(shown.values).toHaveLength(1);
        shown.unsubscribe();
      } finally {
        await stop();
      }
    });
  },
);
