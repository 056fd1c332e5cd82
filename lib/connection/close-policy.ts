import { AuthRejectedError, ConnectionError, type HubError, TimeoutError } from '../errors.js';
import { redactSecret } from './socket-url.js';

/**
 * Why a socket ended and what the client does about it: THE close-code table (mirrored, with the
 * why of each row, in docs/reconnection.md). Routine gateway closes are not failures
 * (shared/protocol/limits.md).
 */

/**
 * How to reconnect after a socket ended:
 * - `immediate`: routine end (idle timeout, maximum duration, going away): at once, attempt not
 *   counted, once per stable period;
 * - `planned`: our own reconnect before the gateway's maximum connection duration: at once, always;
 * - `backoff`: a failure: wait `backoffDelay(attempt)`, but at least `floorMs`;
 * - `fatal`: never reconnect (the hub refused the key).
 */
export interface ReconnectPolicy {
  readonly kind: 'immediate' | 'planned' | 'backoff' | 'fatal';
  readonly floorMs?: number;
}

/** Lower bound of the wait after the gateway's policy close (1008, throttling) or 1013. */
export const THROTTLE_FLOOR_MS = 5_000;

const IMMEDIATE: ReconnectPolicy = { kind: 'immediate' };
export const PLANNED: ReconnectPolicy = { kind: 'planned' };
/** Network errors, refused upgrades, CONNECT_TIMEOUT, HEARTBEAT_TIMEOUT and unknown close codes. */
const BACKOFF: ReconnectPolicy = { kind: 'backoff' };
const THROTTLED: ReconnectPolicy = { kind: 'backoff', floorMs: THROTTLE_FLOOR_MS };

/** The close-code policy. Codes not listed back off (an unknown close is treated as a failure). */
const CLOSE_POLICY: Readonly<Record<number, ReconnectPolicy>> = {
  1000: IMMEDIATE, // gateway idle timeout, maximum duration: routine
  1001: IMMEDIATE, // going away: routine
  1009: IMMEDIATE, // a frame was too big: reported as PAYLOAD_TOO_LARGE (never re-sent), then reconnect
  1008: THROTTLED, // policy violation (throttling): hammering makes it worse
  1013: THROTTLED, // try again later
};

/** The policy of a close code, as a rule (for tests; `failureFromClose` reads the table itself). */
export function closeRule(code: number): { readonly policy: ReconnectPolicy } {
  return { policy: CLOSE_POLICY[code] ?? BACKOFF };
}

/**
 * Why one socket ended, as the reconnect loop sees it: the public error (what `status$` shows
 * as `lastError`) and the policy. Internal: never leaves the connection layer.
 */
export interface SocketFailure {
  readonly error: HubError;
  readonly policy: ReconnectPolicy;
  /** Set when the socket reached `socket_connected` before it ended. */
  readonly wasConnected: boolean;
  /** 1009: the gateway refused a frame as too big (reported on `errors$`, never re-sent). */
  readonly payloadTooLarge?: boolean;
}

/** The shape of a close event on every platform (browser `CloseEvent`, `ws`'s). */
export interface CloseEventLike {
  readonly code: number;
  readonly reason?: string;
}

/** A socket ended with this close event (cleanly, as a completion, or not). */
export function failureFromClose(
  { code, reason = '' }: CloseEventLike,
  wasConnected: boolean,
): SocketFailure {
  const message = `The hub closed the connection (${code}${reason && ` ${reason}`})`;
  return {
    error: new ConnectionError('CONNECTION_LOST', message, code, reason),
    policy: CLOSE_POLICY[code] ?? BACKOFF,
    wasConnected,
    payloadTooLarge: code === 1009,
  };
}

/**
 * The socket ended with `err`: what the WebSocket implementation gave RxJS (an error event,
 * a close event, or an exception of the constructor), or a timeout of ours. Foreign text may
 * echo the URL, so the key is redacted before anything is kept.
 */
export function failureFromSocketError(err: unknown, apiKey: string, wasConnected: boolean): SocketFailure {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'number') return failureFromClose(err as CloseEventLike, wasConnected);
  // `ws` gives an ErrorEvent with a message; browsers a bare Event (nothing to tell).
  const text = typeof message === 'string' ? redactSecret(message, apiKey) : '';
  const status = /Unexpected server response: (40[13])/.exec(text)?.[1];
  return {
    error:
      err instanceof TimeoutError
        ? err
        : status
          ? new AuthRejectedError(+status)
          : new ConnectionError('CONNECTION_LOST', `WebSocket error${text && `: ${text}`}`, 1006),
    // HTTP 401/403 at the upgrade (visible with `ws` only; a browser sees a 1006) is fatal.
    policy: status ? { kind: 'fatal' } : BACKOFF,
    wasConnected,
  };
}
