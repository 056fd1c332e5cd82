import fc from 'fast-check';
import { get } from 'node:http';
import { startHubEmulator } from '../../lib/emulator/index.js';
import { globMatches } from '../../lib/emulator/glob.js';
import { TestClient } from '../emulator/support/test-client.js';

/** The former RegExp translation, as the reference on inputs too small to backtrack badly. */
function viaRegExp(pattern: string, text: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^]*');
  return new RegExp(pattern.includes('*') ? `^${escaped}$` : escaped, 'i').test(text);
}

describe('wildcard search without backtracking', () => {
  it('agrees with the RegExp translation', () => {
    const small = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '*', '.', '?'), maxLength: 8 });
    fc.assert(
      fc.property(small, fc.string({ unit: fc.constantFrom('a', 'b', 'B', '.'), maxLength: 12 }), (p, t) => {
        expect(globMatches(p, t)).toBe(viaRegExp(p, t));
      }),
      { numRuns: 2_000 },
    );
  });

  it('does work linear in the number of stars: 30 stars over 100 000 characters', () => {
    const text = 'a'.repeat(100_000);
    const steps = { count: 0 };
    expect(globMatches(`${'*a'.repeat(30)}b`, text, steps)).toBe(false);
    expect(steps.count).toBeLessThanOrEqual(31);
    expect(globMatches(`${'*a'.repeat(30)}*`, text)).toBe(true);
  });

  it('answers /healthz right after an adversarial search over the socket', async () => {
    const emulator = await startHubEmulator();
    const client = await TestClient.open(emulator.urlWithKey());
    try {
      await client.start({ userId: 'u1', metadata: { note: 'a'.repeat(100_000) } });
      client.send('get_user_conversations_v2', { userId: 'u1', search: { note: `${'*a'.repeat(30)}b` } });
      const health = new Promise<number>((resolve, reject) =>
        get(`${emulator.httpUrl}/healthz`, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on(
          'error',
          reject,
        ),
      );
      const answer = await client.take('user_conversations', undefined, 5_000);
      expect(answer.event_payload['conversations']).toEqual([]);
      expect(await health).toBe(200);
    } finally {
      client.close();
      await emulator.stop();
    }
  });
});
