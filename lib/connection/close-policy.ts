import { AuthRejectedError, ConnectionError, type HubError, TimeoutError } from '../errors.js';
import { redactSecret } from './socket-url.js';

/**
 * Why a socket ended and what the client does about it: THE close-code table (mirrored, with the
 * why of each row, in docs/reconnection.md). Routine gateway closes are not failures
 * (docs/protocol/limits.md).
 */

/**
 * How to reconnect after a socket ended:
 * - `routine`: the gateway's idle timeout, maximum duration, going away, and our own planned
 *   reconnect before the gateway's maximum duration: at once, attempt not counted, once per
 *   stable period;
 * - `backoff`: a failure: wait `backoffDelay(attempt)`;
 * - `throttled`: a failure the gateway wants us slow on: the same, but at least `THROTTLE_FLOOR_MS`;
 * - `fatal`: never reconnect (the hub refused the key).
 */
export type ReconnectPolicy = 'routine' | 'backoff' | 'throttled' | 'fatal';

/** Lower bound of the wait after the gateway's policy close (1008, throttling) or 1013. */
export const THROTTLE_FLOOR_MS = 5_000;

/** The close-code policy. Codes not listed back off (an unknown close is treated as a failure). */
const CLOSE_POLICY: Readonly<Record<number, ReconnectPolicy>> = {
  1000: 'routine', // gateway idle timeout, maximum duration
  1001: 'routine', // going away
  1009: 'routine', // a frame was too big: reported as PAYLOAD_TOO_LARGE (never re-sent), then reconnect
  1008: 'throttled', // policy violation (throttling): hammering makes it worse
  1013: 'throttled', // try again later
};

/**
 * Why one socket ended, as the reconnect loop sees it: the public error (what `status$` shows
 * as `lastError`) and the policy. Internal: never leaves the connection layer.
 */
export interface SocketFailure {
  /** `closeCode` is set when a close event ended the socket (1009: the gateway refused a frame as too big). */
  readonly error: HubError & { readonly closeCode?: number };
  readonly policy: ReconnectPolicy;
}

/** The shape of a close event on every platform (browser `CloseEvent`, `ws`'s). */
export interface CloseEventLike {
  readonly code: number;
  readonly reason?: string;
}

/** A socket ended with this close event; `wasConnected`: after `socket_connected`. */
export function failureFromClose(
  { code, reason = '' }: CloseEventLike,
  wasConnected: boolean,
): SocketFailure {
  const policy = CLOSE_POLICY[code] ?? 'backoff';
  return {
    error: new ConnectionError(
      'CONNECTION_LOST',
      `Socket closed (${code}${reason && ` ${reason}`})`,
      code,
      reason,
    ),
    // A "routine" close before the hub even greeted us is a failure: no tight loop on a hub that
    // accepts and closes at once.
    policy: policy === 'routine' && !wasConnected ? 'backoff' : policy,
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
  if (err instanceof TimeoutError) return { error: err, policy: 'backoff' };
  // `ws` gives an ErrorEvent with a message; browsers a bare Event (nothing to tell).
  const text = typeof message === 'string' ? redactSecret(message, apiKey) : '';
  // HTTP 401/403 at the upgrade (visible with `ws` only; a browser sees a 1006) is fatal.
  const status = /Unexpected server response: (40[13])/.exec(text)?.[1];
  return status
    ? { error: new AuthRejectedError(+status), policy: 'fatal' }
    : {
        error: new ConnectionError('CONNECTION_LOST', `Socket error${text && `: ${text}`}`, 1006),
        policy: 'backoff',
      };
}
