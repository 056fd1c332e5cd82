import { AuthRejectedError, ConnectionError, HubError, TimeoutError } from '../errors.js';
import { closeRule, FAILURE_POLICY, type ReconnectPolicy } from './close-policy.js';
import { redactSecret } from './socket-url.js';

/**
 * Why one socket ended, as the reconnect loop sees it: the public error (what `status$` shows
 * as `lastError`) and the policy from the close-code table. Internal: never leaves the
 * connection layer.
 */
export class SocketFailure extends Error {
  /** Set when the socket reached `socket_connected` before it ended. */
  readonly wasConnected: boolean;
  /** For 1009: the gateway refused a frame as too big. */
  readonly payloadTooLarge: boolean;
  /** Our own reconnect before the gateway's maximum connection duration. */
  readonly planned: boolean;

  constructor(
    readonly error: HubError,
    readonly policy: ReconnectPolicy,
    flags: { wasConnected?: boolean; payloadTooLarge?: boolean; planned?: boolean } = {},
  ) {
    super(error.message);
    this.name = 'SocketFailure';
    this.wasConnected = flags.wasConnected ?? false;
    this.payloadTooLarge = flags.payloadTooLarge ?? false;
    this.planned = flags.planned ?? false;
  }
}

/** The shape of a close event on every platform (browser `CloseEvent`, `ws`'s). */
export interface CloseEventLike {
  readonly code: number;
  readonly reason?: string;
  readonly wasClean?: boolean;
}

export function isCloseEventLike(value: unknown): value is CloseEventLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number'
  );
}

/** A socket ended with this close event (cleanly, as a completion, or not). */
export function failureFromClose(event: CloseEventLike, wasConnected: boolean): SocketFailure {
  const rule = closeRule(event.code);
  const reason = event.reason ?? '';
  const error = new ConnectionError(
    'CONNECTION_LOST',
    `The hub closed the connection (${event.code}${reason ? ` ${reason}` : ''})`,
    event.code,
    reason,
  );
  return new SocketFailure(error, rule.policy, {
    wasConnected,
    payloadTooLarge: rule.reportsPayloadTooLarge === true,
  });
}

const UNEXPECTED_RESPONSE = /Unexpected server response: (\d{3})/;

/**
 * The socket errored: `err` is what the WebSocket implementation gave RxJS (an error event,
 * a close event, or an exception of the constructor). Its text may echo the URL, so the key is
 * redacted before anything is kept.
 */
export function failureFromSocketError(err: unknown, apiKey: string, wasConnected: boolean): SocketFailure {
  if (err instanceof SocketFailure) return err;
  if (err instanceof TimeoutError) {
    const policy =
      err.code === 'CONNECT_TIMEOUT' ? FAILURE_POLICY.connectTimeout : FAILURE_POLICY.heartbeatTimeout;
    return new SocketFailure(err, policy, { wasConnected });
  }
  if (isCloseEventLike(err)) return failureFromClose(err, wasConnected);
  const text = redactSecret(errorText(err), apiKey);
  const status = UNEXPECTED_RESPONSE.exec(text)?.[1];
  if (status === '401' || status === '403') {
    return new SocketFailure(new AuthRejectedError(Number(status)), FAILURE_POLICY.authRejected, {
      wasConnected,
    });
  }
  const error = new ConnectionError('CONNECTION_LOST', `WebSocket error${text ? `: ${text}` : ''}`, 1006);
  return new SocketFailure(error, FAILURE_POLICY.networkError, { wasConnected });
}

/** `ws` gives an ErrorEvent with `message`; browsers a bare Event (nothing to tell). */
function errorText(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    const inner = (err as { error?: unknown }).error;
    if (inner instanceof Error) return inner.message;
  }
  return typeof err === 'string' ? err : '';
}
