import { firstValueFrom } from 'rxjs';
import type { ChatMessage } from '../../lib/conversation/chat-message.js';
import { record } from './support/fake-connection.js';
import { firstN, startLiveHub } from './support/live-hub.js';

const textOf = (message: ChatMessage): string =>
  message.parts.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join(' ');

/** Every hub frame is written this long after the emulator decided to send it. */
const LATENCY_MS = 40;

// Reported: recover$() finishing in 0–2 ms, as if it never waited for the transcript. On loopback
// without latency a round trip does take ~1 ms; with latency the wait must show, and the
// emulator's ledger must show the request.
describe.each(['transcript', 'messages'] as const)(
  'recover$ against the emulator (%s form)',
  (transcriptShape) => {
    it('sends conversation_transcript_request on the new socket, waits for the answer, emits only the missed', async () => {
      const { emulator, hub, stop } = await startLiveHub({}, { latencyMs: LATENCY_MS, transcriptShape });
      try {
        const conversation = await firstValueFrom(hub.startConversation$({ userId: 'rec' }));
        await firstN(conversation.messages$, 1); // the greeting, seen live
        const reconnected = firstN(conversation.id$, 2, 5_000);
        emulator.dropConnections();
        await reconnected;
        const status = await firstValueFrom(hub.status$);
        const socketId = status.state === 'connected' ? status.socketId : 'not connected';
        // The hub still binds the conversation to the dead socket: this message is never delivered live.
        emulator.botSays(conversation.id, 'said while you were away');
        const shown = record(conversation.messages$);
        const requestsBefore = emulator.received.ofType('conversation_transcript_request').length;

        const recovered = await firstValueFrom(conversation.recover$());
        const answeredAt = Date.now();

        const requests = emulator.received.ofType('conversation_transcript_request').slice(requestsBefore);
        expect(requests).toHaveLength(1);
        expect(requests[0]).toMatchObject({
          conversationId: conversation.id,
          connectionId: socketId,
          via: 'socket',
        });
        // The answer came after the hub got the request and took its latency to reply.
        expect(answeredAt - (requests[0]?.at ?? Infinity)).toBeGreaterThanOrEqual(LATENCY_MS - 2);
        expect(recovered.map((m) => [m.from, m.source, textOf(m)])).toEqual([
          ['bot', 'transcript', 'said while you were away'],
        ]);
        expect(shown.values).toEqual(recovered);

        // A second recovery asks the hub again and finds nothing new.
        await expect(firstValueFrom(conversation.recover$())).resolves.toEqual([]);
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
