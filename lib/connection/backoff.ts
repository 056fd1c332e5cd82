import { RECONNECT_DEFAULTS } from '../defaults.js';
import type { ReconnectOptions } from './options.js';

export { RECONNECT_DEFAULTS };

/** Reconnect options with every default filled in (never `undefined`, whatever the consumer's tsconfig). */
export type ResolvedReconnectOptions = {
  readonly [K in keyof ReconnectOptions]-?: Exclude<ReconnectOptions[K], undefined>;
};

/** Fills the defaults in (an option given as `undefined` keeps its default). */
export function resolveReconnectOptions(options: ReconnectOptions = {}): ResolvedReconnectOptions {
  const resolved: Record<string, number> = { ...RECONNECT_DEFAULTS, ...options };
  for (const key in resolved) resolved[key] ??= RECONNECT_DEFAULTS[key as keyof ReconnectOptions];
  return resolved as ResolvedReconnectOptions;
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
  const ceiling = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * options.multiplier ** Math.max(0, attempt - 1),
  );
  // A random source outside [0, 1] (or NaN) is clamped, so the delay stays within [0, ceiling].
  const jitter = Math.min(Math.max(random(), 0), 1) || 0;
  return Math.max(floorMs, Math.floor(jitter * ceiling));
}
