import { type SchedulerLike, timer } from '../rx.js';

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
