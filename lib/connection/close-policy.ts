/**
 * What the client does when a socket ends: THE close-code table (mirrored, with the why of each
 * row, in docs/reconnection.md). Routine gateway closes are not failures (shared/protocol/limits.md).
 */

/** How to reconnect after a socket ended. */
export type ReconnectPolicy =
  /** Routine end (idle timeout, maximum duration, going away): at once, attempt not counted, once per stable period. */
  | { readonly kind: 'immediate' }
  /** Our own reconnect before the gateway's maximum connection duration: at once, always. */
  | { readonly kind: 'planned' }
  /** A failure: wait `backoffDelay(attempt)`, but at least `floorMs`. */
  | { readonly kind: 'backoff'; readonly floorMs: number }
  /** Never reconnect (the hub refused the key). */
  | { readonly kind: 'fatal' };

/** Lower bound of the wait after the gateway's policy close (1008, throttling) or 1013. */
export const THROTTLE_FLOOR_MS = 5_000;

export const IMMEDIATE: ReconnectPolicy = { kind: 'immediate' };
export const PLANNED: ReconnectPolicy = { kind: 'planned' };
/** Network errors, refused upgrades, CONNECT_TIMEOUT, HEARTBEAT_TIMEOUT and unknown close codes. */
export const BACKOFF: ReconnectPolicy = { kind: 'backoff', floorMs: 0 };
/** HTTP 401/403 at the upgrade (visible with `ws` only; a browser sees a 1006). */
export const FATAL: ReconnectPolicy = { kind: 'fatal' };
const THROTTLED: ReconnectPolicy = { kind: 'backoff', floorMs: THROTTLE_FLOOR_MS };

/** The close-code policy. Codes not listed back off (an unknown close is treated as a failure). */
export const CLOSE_POLICY: Readonly<Record<number, ReconnectPolicy>> = {
  1000: IMMEDIATE, // gateway idle timeout, maximum duration: routine
  1001: IMMEDIATE, // going away: routine
  1009: IMMEDIATE, // a frame was too big: reported as PAYLOAD_TOO_LARGE (never re-sent), then reconnect
  1008: THROTTLED, // policy violation (throttling): hammering makes it worse
  1013: THROTTLED, // try again later
};

/** The policy of a close code, as a rule (`failureFromClose` reads `CLOSE_POLICY` itself). */
export function closeRule(code: number): { readonly policy: ReconnectPolicy } {
  return { policy: CLOSE_POLICY[code] ?? BACKOFF };
}
