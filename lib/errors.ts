/**
 * Every error the library surfaces is a `HubError` with a stable `code`; branch on `code`
 * or on the subclass. The codes and what to do about each are listed in docs/errors.md.
 *
 * Fields are `declare`d and assigned in the constructors: parameter properties would also emit
 * a class field per name (ES2022 define semantics), doubling every name in the bundle.
 * Each class's `name` is set on its prototype from a literal (see the end of the file).
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
  | 'INVALID_ARGUMENT'
  | 'INBOUND_TOO_LARGE'
  | 'UNCONFIRMED_LIMIT';

/**
 * Base class of every error raised by captivate-hub-rx.
 *
 * @example
 * hub.errors$.subscribe((error) => {
 *   if (error.code === 'AUTH_REJECTED') showLogin();
 *   else console.warn(error.code, error.message);
 * });
 */
export class HubError extends Error {
  /** Stable code to branch on; listed with its remedy in docs/errors.md. */
  declare readonly code: HubErrorCode;

  constructor(code: HubErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A frame that is not a hub event (not JSON, binary, not an object, no event type). The frame is
 * skipped and reported on `hub.errors$`; the connection carries on.
 *
 * @example
 * hub.errors$.pipe(filter((e) => e instanceof HubProtocolError)).subscribe((e) => log.warn(e.excerpt));
 */
export class HubProtocolError extends HubError {
  /** At most ~200 characters of the offending frame, for logs. */
  declare readonly excerpt: string;

  constructor(message: string, excerpt: string) {
    super('MALFORMED_FRAME', message);
    this.excerpt = excerpt;
  }
}

/**
 * An outbound frame over the gateway's size limit; it was never written to the socket.
 *
 * @example
 * conversation.sendText(hugeText).subscribe({
 *   error: (e) => e instanceof PayloadTooLargeError && alert(`Too long by ${e.bytes - e.limitBytes} bytes`),
 * });
 */
export class PayloadTooLargeError extends HubError {
  /** The size of the encoded frame, in UTF-8 bytes. */
  declare readonly bytes: number;
  /** The limit it exceeded (the gateway's 128 KB unless configured lower). */
  declare readonly limitBytes: number;

  constructor(bytes: number, limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `Frame of ${bytes} bytes exceeds the ${limitBytes}-byte limit`);
    this.bytes = bytes;
    this.limitBytes = limitBytes;
  }
}

/**
 * The hub answered a request with `general_error`.
 *
 * @example
 * hub.conversation('bad-id').metadata$().subscribe({
 *   error: (e) => e instanceof HubResponseError && console.log(e.hubCode, e.hubDescription),
 * });
 */
export class HubResponseError extends HubError {
  /** The hub's `error_code`, e.g. 400. */
  declare readonly hubCode: number | string;
  /** The hub's `error_desc`, e.g. "Invalid conversation_id". */
  declare readonly hubDescription: string;
  /** The conversation the error was about, when the hub said. */
  declare readonly conversationId?: string;

  constructor(hubCode: number | string, hubDescription: string, conversationId?: string) {
    super('HUB_ERROR', `Hub error ${hubCode}: ${hubDescription}`);
    this.hubCode = hubCode;
    this.hubDescription = hubDescription;
    this.conversationId = conversationId;
  }
}

/**
 * No answer within `requestTimeoutMs` (or `connectTimeoutMs` for `socket_connected`, or the
 * heartbeat's `timeoutMs` for a pong).
 *
 * @example
 * conversation.transcript$().subscribe({
 *   error: (e) => e instanceof TimeoutError && console.log(`no ${e.awaited} after ${e.timeoutMs} ms`),
 * });
 */
export class TimeoutError extends HubError {
  /** What was waited for, e.g. `conversation_start_success`. */
  declare readonly awaited: string;
  /** How long it waited. */
  declare readonly timeoutMs: number;

  constructor(
    code: 'REQUEST_TIMEOUT' | 'CONNECT_TIMEOUT' | 'HEARTBEAT_TIMEOUT',
    awaited: string,
    timeoutMs: number,
  ) {
    super(code, `No ${awaited} within ${timeoutMs} ms`);
    this.awaited = awaited;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The hub refused the API key at the upgrade (HTTP 401/403). Not retried: the connection closes.
 *
 * @example
 * hub.status$.subscribe((s) => {
 *   if (s.state === 'closed' && s.error instanceof AuthRejectedError) askForANewKey();
 * });
 */
export class AuthRejectedError extends HubError {
  /** 401 or 403 where the platform shows it (Node); browsers do not expose the status. */
  declare readonly httpStatus?: number;

  constructor(httpStatus?: number) {
    super('AUTH_REJECTED', `The hub refused the API key${httpStatusSuffix(httpStatus)}`);
    this.httpStatus = httpStatus;
  }
}

/**
 * The socket closed or failed under a pending operation; `closeCode` is the WebSocket close code.
 * `CONNECTION_LOST` is retried by the reconnection; `CONNECTION_CLOSED` means closed for good.
 *
 * @example
 * hub.status$.subscribe((s) => {
 *   if (s.state === 'reconnecting' && s.lastError instanceof ConnectionError) show(`lost (${s.lastError.closeCode})`);
 * });
 */
export class ConnectionError extends HubError {
  /** The WebSocket close code (1006 when the socket failed without a close frame). */
  declare readonly closeCode?: number;
  /** The close reason the other side gave, if any (keys redacted). */
  declare readonly closeReason?: string;

  constructor(
    code: 'CONNECTION_LOST' | 'CONNECTION_CLOSED',
    message: string,
    closeCode?: number,
    closeReason?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.closeCode = closeCode;
    this.closeReason = closeReason;
  }
}

/**
 * The outbound queue (while disconnected) is full; this send was not queued.
 *
 * @example
 * conversation.sendText(text).subscribe({
 *   error: (e) => e instanceof QueueFullError && showOffline(`${e.limit} messages already waiting`),
 * });
 */
export class QueueFullError extends HubError {
  /** The queue's capacity (`outboundQueueLimit`). */
  declare readonly limit: number;

  constructor(limit: number) {
    super('QUEUE_FULL', `Outbound queue is full (${limit} events)`);
    this.limit = limit;
  }
}

/**
 * A large reply's `message_link` could not be fetched. Reported on the conversation's `errors$`.
 *
 * @example
 * conversation.errors$.subscribe((e) => {
 *   if (e instanceof MessageFetchError) show('A long answer could not be loaded', e.status);
 * });
 */
export class MessageFetchError extends HubError {
  /** The conversation the reply was for. */
  declare readonly conversationId: string | undefined;
  /** The HTTP status of the failed fetch, when there was one. */
  declare readonly status: number | undefined;

  constructor(conversationId: string | undefined, status: number | undefined, options?: { cause?: unknown }) {
    super('MESSAGE_FETCH_FAILED', `Could not fetch a large hub reply${httpStatusSuffix(status)}`, options);
    this.conversationId = conversationId;
    this.status = status;
  }
}

/**
 * A call was made with an argument the hub cannot accept (empty conversation id, …). Thrown at
 * the call, before anything is sent.
 *
 * @example
 * try {
 *   hub.conversation('');
 * } catch (e) {
 *   if (e instanceof InvalidArgumentError) console.error(e.message);
 * }
 */
export class InvalidArgumentError extends HubError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/**
 * The hub sent a frame larger than the client accepts (`maxInboundFrameBytes`). It was dropped,
 * never decoded nor delivered. On Node (`ws`) it is refused while arriving: the socket closes
 * with 1009 and the connection reconnects. A browser cannot refuse it: the frame is dropped once
 * received and the socket stays up.
 *
 * @example
 * hub.errors$.pipe(filter((e) => e instanceof InboundTooLargeError)).subscribe((e) => console.warn(e.message));
 */
export class InboundTooLargeError extends HubError {
  /** The frame's size; `undefined` when refused while arriving (its size is then unknown). */
  declare readonly bytes: number | undefined;
  /** The limit it exceeded (`maxInboundFrameBytes`). */
  declare readonly limitBytes: number;

  constructor(bytes: number | undefined, limitBytes: number) {
    super(
      'INBOUND_TOO_LARGE',
      `Inbound frame ${bytes === undefined ? '' : `of ${bytes} bytes `}exceeds the ${limitBytes}-byte limit`,
    );
    this.bytes = bytes;
    this.limitBytes = limitBytes;
  }
}

/**
 * A conversation already held `limit` unconfirmed messages (queued, or written and not yet seen
 * by the hub): the oldest one failed with this. It may or may not have reached the hub.
 */
export class UnconfirmedLimitError extends HubError {
  /** The `maxUnconfirmed` in force. */
  declare readonly limit: number;
  /** The message given up (the oldest unconfirmed one). */
  declare readonly clientMsgId: string;

  constructor(limit: number, clientMsgId: string) {
    super('UNCONFIRMED_LIMIT', `More than ${limit} unconfirmed messages: the oldest was given up`);
    this.limit = limit;
    this.clientMsgId = clientMsgId;
  }
}

function httpStatusSuffix(status: number | undefined): string {
  return status ? ` (HTTP ${status})` : '';
}

// `name` comes from literals, not `new.target.name`: minifiers rename classes in users' bundles
// but never property keys. On the prototype, as for the built-in errors.
for (const [name, errorClass] of Object.entries({
  HubError,
  HubProtocolError,
  PayloadTooLargeError,
  HubResponseError,
  TimeoutError,
  AuthRejectedError,
  ConnectionError,
  QueueFullError,
  MessageFetchError,
  InvalidArgumentError,
  InboundTooLargeError,
  UnconfirmedLimitError,
})) {
  errorClass.prototype.name = name;
}
