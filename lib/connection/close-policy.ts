/**
 * What the client does when a socket ends: THE close-code table (mirrored in
 * docs/reconnection.md). Routine gateway closes are not failures (shared/protocol/limits.md).
 */

/** How to reconnect after a socket ended. */
export type ReconnectPolicy =
  /** Routine end (idle timeout, maximum duration, going away): reconnect at once, attempt not counted. */
  | { readonly kind: 'immediate' }
  /** A failure: wait `backoffDelay(attempt)`, but at least `floorMs`. */
  | { readonly kind: 'backoff'; readonly floorMs: number }
  /** Never reconnect (the hub refused the key). */
  | { readonly kind: 'fatal' };

/** Lower bound of the wait after the gateway's policy close (1008, throttling) or 1013. */
export const THROTTLE_FLOOR_MS = 5_000;

const IMMEDIATE: ReconnectPolicy = { kind: 'immediate' };
const BACKOFF: ReconnectPolicy = { kind: 'backoff', floorMs: 0 };
const THROTTLED: ReconnectPolicy = { kind: 'backoff', floorMs: THROTTLE_FLOOR_MS };
const FATAL: ReconnectPolicy = { kind: 'fatal' };

export interface CloseRule {
  readonly codes: readonly number[];
  readonly policy: ReconnectPolicy;
  /** Also report `PAYLOAD_TOO_LARGE` on `errors$` (the frame is never re-sent). */
  readonly reportsPayloadTooLarge?: boolean;
  readonly why: string;
}

/** The close-code policy. Codes not listed back off (an unknown close is treated as a failure). */
export const CLOSE_POLICY: readonly CloseRule[] = [
  {
    codes: [1000, 1001],
    policy: IMMEDIATE,
    why: 'gateway idle timeout, maximum duration, going away: routine',
  },
  {
    codes: [1009],
    policy: IMMEDIATE,
    reportsPayloadTooLarge: true,
    why: 'a frame was too big: report PAYLOAD_TOO_LARGE, never re-send it, reconnect',
  },
  { codes: [1008, 1013], policy: THROTTLED, why: 'policy violation / try again later: throttled, back off' },
  { codes: [1006, 1011, 1012, 1014], policy: BACKOFF, why: 'abnormal close, server error, restart' },
];

/** The rule for a close code (the default rule backs off). */
export function closeRule(code: number): CloseRule {
  return (
    CLOSE_POLICY.find((rule) => rule.codes.includes(code)) ?? {
      codes: [code],
      policy: BACKOFF,
      why: 'unknown close code: treated as a failure',
    }
  );
}

/** Policies of socket ends that carry no close code. */
export const FAILURE_POLICY = {
  /** HTTP 401/403 at the upgrade (visible with `ws` only; a browser sees a 1006). */
  authRejected: FATAL,
  /** A network error, a refused TCP connection, any other failed upgrade. */
  networkError: BACKOFF,
  /** No `socket_connected` within `connectTimeoutMs`. */
  connectTimeout: BACKOFF,
  /** No pong (Node) or no frame (inactivity watchdog) in time: the socket was half-open. */
  heartbeatTimeout: BACKOFF,
  /** Our own reconnect before the gateway's maximum connection duration. */
  planned: IMMEDIATE,
} as const satisfies Record<string, ReconnectPolicy>;
