import fc from 'fast-check';
import { backoffDelay, RECONNECT_DEFAULTS, resolveReconnectOptions } from '../../lib/connection/backoff.js';

describe('backoffDelay', () => {
  const defaults = RECONNECT_DEFAULTS;

  it('doubles the ceiling from 500 ms up to 30 s (random = 1 shows the ceiling)', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, defaults, () => 1));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('applies full jitter: a uniform pick between 0 and the ceiling', () => {
    expect(backoffDelay(3, defaults, () => 0)).toBe(0);
    expect(backoffDelay(3, defaults, () => 0.25)).toBe(500);
  });

  it('honours a floor after jitter (1008 throttling)', () => {
    expect(backoffDelay(1, defaults, () => 0, 5000)).toBe(5000);
    expect(backoffDelay(10, defaults, () => 1, 5000)).toBe(30000);
  });

  it('stays within [floor, max(floor, maxDelayMs)] for any attempt and random', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ noNaN: false }), (attempt, r) => {
        const delay = backoffDelay(attempt, defaults, () => r);
        return Number.isInteger(delay) && delay >= 0 && delay <= defaults.maxDelayMs;
      }),
    );
  });

  it('fills defaults and keeps given options', () => {
    expect(resolveReconnectOptions({ maxAttempts: 3, initialDelayMs: undefined })).toEqual({
      ...RECONNECT_DEFAULTS,
      maxAttempts: 3,
    });
  });
});
