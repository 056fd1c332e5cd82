import { type SchedulerLike, timer } from '../rx.js';
import { InboundTooLargeError } from '../errors.js';
import { utf8ByteLength } from '../protocol/utf8.js';
import type { WebSocketConstructor } from './options.js';

/**
 * The members of the socket under RxJS's `webSocket` subject (the `openObserver` event's target)
 * that the connection touches directly: the browser's, `ws`'s (which adds `ping`, `terminate`
 * and `on`), or a test double with the same shape.
 */
export interface RawSocket {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  /** `ws` only: a protocol-level ping (browsers cannot send one). */
  ping?(): void;
  /** `ws` only: destroy the TCP socket without a closing handshake. */
  terminate?(): void;
  on?(event: 'pong' | 'close', listener: () => void): unknown;
}

/** `WebSocket.OPEN` and `WebSocket.CLOSED`, the same on every implementation. */
export const OPEN = 1;
const CLOSED = 3;

/** How long `ws` may wait for the hub's answer to our close frame before the socket is terminated. */
export const CLOSE_HANDSHAKE_MS = 1_000;

/**
 * Ends the socket from our side with a closing handshake (1000). `ws` would wait 30 s for the
 * hub's answer, keeping a Node process alive all along: its socket is terminated (no
 * handshake) at once when presumed half-open, else after {@link CLOSE_HANDSHAKE_MS}.
 * (Browsers cannot terminate: they always get the handshake.)
 */
export function endSocket(socket: RawSocket, halfOpen: boolean, scheduler?: SchedulerLike): void {
  try {
    if (halfOpen) socket.terminate?.();
    if (socket.readyState <= OPEN) socket.close(1000);
    if (socket.terminate && socket.readyState !== CLOSED) {
      const deadline = timer(CLOSE_HANDSHAKE_MS, scheduler).subscribe(() => socket.terminate?.());
      socket.on?.('close', () => deadline.unsubscribe());
    }
  } catch {
    // an implementation that throws on close of a dying socket: it is ending anyway
  }
}

/**
 * `Ctor` with `ws`'s `maxPayload` option: `ws` then refuses a larger frame while it arrives
 * (it never buffers it) and closes with 1009. RxJS passes only `(url, protocols)`; the third
 * argument is ignored by the browser's WebSocket, which has no such limit (see {@link oversizedFrame}).
 */
export function withMaxPayload(Ctor: WebSocketConstructor, maxPayload: number): WebSocketConstructor {
  // A plain function returning an object: `new` yields that object, an instance of `Ctor`.
  function CappedWebSocket(url: string, protocols?: string | string[]): unknown {
    const WithOptions = Ctor as new (url: string, protocols?: string | string[], options?: object) => unknown;
    return new WithOptions(url, protocols, { maxPayload });
  }
  return CappedWebSocket as unknown as WebSocketConstructor;
}

/**
 * The frame, once received, is over `limitBytes`: what a browser (which cannot refuse it while it
 * arrives) drops. Strings are measured in UTF-8 without encoding them, and only when their length
 * leaves a doubt.
 */
export function oversizedFrame(data: unknown, limitBytes: number): InboundTooLargeError | undefined {
  let bytes: number | undefined;
  if (typeof data === 'string') {
    if (data.length * 3 <= limitBytes) return undefined;
    bytes = data.length > limitBytes ? data.length : utf8ByteLength(data);
  } else if (data instanceof ArrayBuffer) bytes = data.byteLength;
  return bytes !== undefined && bytes > limitBytes ? new InboundTooLargeError(bytes, limitBytes) : undefined;
}

/** `err` (an error event of `ws`) says `ws` refused an inbound frame over its `maxPayload`. */
export function refusedWhileArriving(err: unknown, limitBytes: number): InboundTooLargeError | undefined {
  const cause = (err as { error?: { code?: unknown } } | null)?.error;
  return cause?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
    ? new InboundTooLargeError(undefined, limitBytes)
    : undefined;
}
