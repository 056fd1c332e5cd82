import { AuthRejectedError, ConnectionError, type HubError, TimeoutError } from '../errors.js';
import { BACKOFF, CLOSE_POLICY, FATAL, type ReconnectPolicy } from './close-policy.js';
import { redactSecret } from './socket-url.js';

/**
 * Why one socket ended, as the reconnect loop sees it: the public error (what `status$` shows
 * as `lastError`) and the policy from the close-code table. Internal: never leaves the
 * connection layer.
 */
export class SocketFailure {
  // Declared and assigned rather than parameter properties, which would also emit class field
  // definitions into the bundle.
  declare readonly error: HubError;
  declare readonly policy: ReconnectPolicy;
  /** Set when the socket reached `socket_connected` before it ended. */
  declare readonly wasConnected: boolean;

  constructor(error: HubError, policy: ReconnectPolicy, wasConnected: boolean) {
    this.error = error;
    this.policy = policy;
    this.wasConnected = wasConnected;
  }

  /** 1009: the gateway refused a frame as too big (reported on `errors$`, never re-sent). */
  get payloadTooLarge(): boolean {
    return (this.error as ConnectionError).closeCode === 1009;
  }
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
  const error = new ConnectionError('CONNECTION_LOST', message, code, reason);
  return new SocketFailure(error, CLOSE_POLICY[code] ?? BACKOFF, wasConnected);
}

/**
 * The socket ended with `err`: what the WebSocket implementation gave RxJS (an error event,
 * a close event, or an exception of the constructor), a timeout of ours, or nothing. Foreign
 * text may echo the URL, so the key is redacted before anything is kept.
 */
export function failureFromSocketError(err: unknown, apiKey: string, wasConnected: boolean): SocketFailure {
  if (err instanceof SocketFailure) return err;
  if (err instanceof TimeoutError) return new SocketFailure(err, BACKOFF, wasConnected);
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'number') return failureFromClose(err as CloseEventLike, wasConnected);
  // `ws` gives an ErrorEvent with a message; browsers a bare Event (nothing to tell).
  const text = typeof message === 'string' ? redactSecret(message, apiKey) : '';
  const status = /Unexpected server response: (40[13])/.exec(text)?.[1];
  if (status) return new SocketFailure(new AuthRejectedError(Number(status)), FATAL, wasConnected);
  const error = new ConnectionError('CONNECTION_LOST', `WebSocket error${text && `: ${text}`}`, 1006);
  return new SocketFailure(error, BACKOFF, wasConnected);
}
