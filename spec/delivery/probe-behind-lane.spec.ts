import { TestScheduler } from 'rxjs/testing';
import { connectHub } from '../../lib/hub/connect-hub.js';
import { FakeConnection, record } from '../client/support/fake-connection.js';

/**
 * The probe of a conversation is a request of its lane: behind a slow transcript request it waits
 * to be written. Its timeout counts from the write, so a slow lane never recycles a good socket
 * (virtual time, a hub over a fake connection).
 */
describe('the delivery probe waiting behind a transcript request of its conversation', () => {
  const setUp = (scheduler: TestScheduler) => {
    const connection = new FakeConnection();
    const hub = connectHub(
      {
        url: 'ws://fake.test',
        apiKey: 'secret-key',
        probe: { afterMs: 2_000, timeoutMs: 5_000 },
        requestTimeoutMs: 30_000,
      },
      { createConnection: () => connection, scheduler },
    );
    const conversation = hub.conversation('c1');
    const transcript = record(conversation.transcript$());
    const message = record(conversation.sendText('hi'));
    const probes = () => connection.sentOfType('metadata_request').length;
    const answerTranscript = () =>
      connection.receive('conversation_transcript', { conversation_id: 'c1', transcript: [] });
    return { hub, connection, transcript, message, probes, answerTranscript };
  };
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('is not timed out while it waits: its 5 s start when it is written', () => {
    scheduler.run(({ flush }) => {
      const { hub, connection, transcript, probes, answerTranscript } = setUp(scheduler);
      // Asked at 2 s; still queued behind the transcript request at 7 s (and 9 s).
      scheduler.schedule(() => expect([probes(), connection.recycled]).toEqual([0, []]), 9_000);
      scheduler.schedule(answerTranscript, 10_000); // the lane frees: the probe is written at 10 s
      scheduler.schedule(() => expect([probes(), connection.recycled]).toEqual([1, []]), 14_999);
      // Unanswered 5 s after its write: now the socket is taken as half-open.
      scheduler.schedule(() => expect(connection.recycled).toEqual([1]), 15_001);
      scheduler.schedule(() => hub.close(), 15_002);
      flush();
      expect(transcript.values).toEqual([[]]);
    });
  });

  it('answered after waiting, it confirms the message and recycles nothing', () => {
    scheduler.run(({ flush }) => {
      const { hub, connection, message, answerTranscript } = setUp(scheduler);
      scheduler.schedule(answerTranscript, 10_000);
      scheduler.schedule(
        () => connection.receive('conversation_metadata', { conversation_id: 'c1', content: {} }),
        12_000,
      );
      scheduler.schedule(() => hub.close(), 20_000);
      flush();
      expect(message.values.map((s) => s.state)).toEqual(['queued', 'written', 'confirmed']);
      expect(connection.recycled).toEqual([]);
    });
  });
});
