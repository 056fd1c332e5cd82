import type { ReconnectOptions } from './options.js';

/** Reconnect options with every default filled in. */
export type ResolvedReconnectOptions = Required<ReconnectOptions>;

/** The defaults of {@link ReconnectOptions}; why each is what it is: docs/reconnection.md. */
export const RECONNECT_DEFAULTS: ResolvedReconnectOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  maxAttempts: Infinity,
  stableAfterMs: 10_000,
};

/** Fills the defaults in. */
export function resolveReconnectOptions(options: ReconnectOptions = {}): ResolvedReconnectOptions {
  return { ...RECONNECT_DEFAULTS, ...definedOnly(options) };
}

/**
 * The wait before reconnect attempt `attempt` (1 for the first retry after a loss): exponential
 * backoff capped at `maxDelayMs`, with full jitter (a uniform pick in `[0, cap)`) so that many
 * widgets dropped at once do not reconnect in the same second (the gateway refuses more than 500
 * new connections per second per account). `floorMs` is a lower bound the close code may demand
 * (1008 throttling); it is applied after the jitter.
 *
 * @example
 * backoffDelay(3, { initialDelayMs: 500, multiplier: 2, maxDelayMs: 30_000 }, () => 0.5) // 1000
 */
export function backoffDelay(
  attempt: number,
  options: Pick<ResolvedReconnectOptions, 'initialDelayMs' | 'maxDelayMs' | 'multiplier'>,
  random: () => number = Math.random,
  floorMs = 0,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** exponent);
  const jittered = Math.floor(clamp01(random()) * ceiling);
  return Math.max(floorMs, jittered);
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
