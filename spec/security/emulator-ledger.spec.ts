import { startHubEmulator } from '../../lib/emulator/index.js';
import { TestClient } from '../emulator/support/test-client.js';

describe('the received ledger has a byte budget', () => {
  it('keeps no more than ledgerMaxBytes of frames, the newest, while counting them all', async () => {
    const emulator = await startHubEmulator({ ledgerMaxBytes: 1_000_000 });
    const client = await TestClient.open(emulator.urlWithKey());
    try {
      const filler = 'x'.repeat(100_000);
      // Well-formed but ignored (unknown event type): recorded, then ignored.
      for (let i = 0; i < 40; i++) client.send('no_such_event', { n: i, filler });
      client.send('get_user_conversations', { userId: 'nobody' });
      await client.take('user_conversations', undefined, 5_000);
      const kept = emulator.received.all();
      expect(emulator.received.total).toBe(41);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length * filler.length).toBeLessThanOrEqual(1_000_000);
      expect(kept.at(-1)?.eventType).toBe('get_user_conversations');
      expect(kept.at(-2)?.payload['n']).toBe(39);
    } finally {
      client.close();
      await emulator.stop();
    }
  });
});
