/**
 * The few members of the underlying socket the connection layer touches directly, taken from
 * the `openObserver` event's target. Browsers have only the first two; `ws` has them all.
 */
export interface RawSocket {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  /** `ws` only: a protocol-level ping (browsers cannot send one). */
  ping?(): void;
  /** `ws` only: destroy the TCP socket without a closing handshake (for a half-open socket). */
  terminate?(): void;
  on?(event: 'pong', listener: () => void): unknown;
  off?(event: 'pong', listener: () => void): unknown;
}

/** `WebSocket.OPEN`, the same on every implementation. */
export const OPEN = 1;

/** The socket an open event came from, if it looks like one. */
export function rawSocketOf(event: unknown): RawSocket | undefined {
  const target = (event as { target?: unknown } | null)?.target;
  if (typeof target !== 'object' || target === null) return undefined;
  const candidate = target as Partial<RawSocket>;
  return typeof candidate.close === 'function' && typeof candidate.readyState === 'number'
    ? (candidate as RawSocket)
    : undefined;
}

/** True when the socket can ping and hear pongs (Node `ws`). */
export function canPing(
  socket: RawSocket,
): socket is RawSocket & Required<Pick<RawSocket, 'ping' | 'on' | 'off'>> {
  return (
    typeof socket.ping === 'function' && typeof socket.on === 'function' && typeof socket.off === 'function'
  );
}

/**
 * Ends the socket from our side: a closing handshake with `code` when it is healthy, or, for
 * `ws`, an immediate `terminate()` when it is presumed half-open (a handshake would wait 30 s
 * for an answer that never comes, and keep a Node process alive meanwhile).
 */
export function endSocket(socket: RawSocket, code: number, reason: string, halfOpen: boolean): void {
  try {
    if (halfOpen && typeof socket.terminate === 'function') socket.terminate();
    else if (socket.readyState === OPEN) socket.close(code, reason);
  } catch {
    // an implementation that throws on close of a dying socket: it is ending anyway
  }
}
