/**
 * Every error the library surfaces is a `HubError` with a stable `code`; branch on `code`
 * or on the subclass. The codes and what to do about each are listed in docs/errors.md.
 */

/** Stable error codes; never renamed once released. */
export type HubErrorCode =
  | 'MALFORMED_FRAME'
  | 'PAYLOAD_TOO_LARGE'
  | 'HUB_ERROR'
  | 'REQUEST_TIMEOUT'
  | 'CONNECT_TIMEOUT'
  | 'AUTH_REJECTED'
  | 'CONNECTION_LOST'
  | 'CONNECTION_CLOSED'
  | 'HEARTBEAT_TIMEOUT'
  | 'QUEUE_FULL'
  | 'MESSAGE_FETCH_FAILED'
  | 'INVALID_ARGUMENT';

/** Base class of every error raised by captivate-hub-rx. */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A frame that is not a hub event (not JSON, binary, not an object, no event type). */
export class HubProtocolError extends HubError {
  constructor(
    message: string,
    /** At most ~200 characters of the offending frame, for logs. */
    readonly excerpt: string,
  ) {
    super('MALFORMED_FRAME', message);
  }
}

/** An outbound frame over the gateway's size limit; it was never written to the socket. */
export class PayloadTooLargeError extends HubError {
  constructor(
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super('PAYLOAD_TOO_LARGE', `Frame of ${bytes} bytes exceeds the hub limit of ${limitBytes} bytes`);
  }
}

/** The hub answered a request with `general_error`. */
export class HubResponseError extends HubError {
  constructor(
    /** The hub's `error_code`, e.g. 400. */
    readonly hubCode: number | string,
    /** The hub's `error_desc`, e.g. "Invalid conversation_id". */
    readonly hubDescription: string,
    readonly conversationId?: string,
  ) {
    super('HUB_ERROR', `Hub error ${hubCode}: ${hubDescription}`);
  }
}

/** No answer within `requestTimeoutMs` (or `connectTimeoutMs` for `socket_connected`). */
export class TimeoutError extends HubError {
  constructor(
    code: 'REQUEST_TIMEOUT' | 'CONNECT_TIMEOUT' | 'HEARTBEAT_TIMEOUT',
    /** What was waited for, e.g. `conversation_start_success`. */
    readonly awaited: string,
    readonly timeoutMs: number,
  ) {
    super(code, `No ${awaited} within ${timeoutMs} ms`);
  }
}

/** The hub refused the API key at the upgrade (HTTP 401/403). Not retried. */
export class AuthRejectedError extends HubError {
  constructor(readonly httpStatus?: number) {
    super('AUTH_REJECTED', `The hub refused the API key${httpStatus ? ` (HTTP ${httpStatus})` : ''}`);
  }
}

/** The socket closed or failed under a pending operation; `closeCode` is the WebSocket close code. */
export class ConnectionError extends HubError {
  constructor(
    code: 'CONNECTION_LOST' | 'CONNECTION_CLOSED',
    message: string,
    readonly closeCode?: number,
    readonly closeReason?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The outbound queue (while disconnected) is full; this send was not queued. */
export class QueueFullError extends HubError {
  constructor(readonly limit: number) {
    super('QUEUE_FULL', `Outbound queue is full (${limit} events); the send was refused`);
  }
}

/** A large reply's `message_link` could not be fetched. */
export class MessageFetchError extends HubError {
  constructor(
    readonly conversationId: string | undefined,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super('MESSAGE_FETCH_FAILED', `Could not fetch a large hub reply${status ? ` (HTTP ${status})` : ''}`, options);
  }
}

/** A call was made with an argument the hub cannot accept (empty conversation id, …). */
export class InvalidArgumentError extends HubError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}
