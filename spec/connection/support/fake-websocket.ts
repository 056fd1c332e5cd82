import type { WebSocketConstructor } from '../../../lib/connection/options.js';

type Handler = ((event: unknown) => void) | null;

/** A WebSocket test double the test drives by hand: open, receive, drop. */
export class FakeSocket {
  readyState = 0;
  binaryType = 'blob';
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  readonly sent: string[] = [];
  closedWith: number | undefined;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number): void {
    if (this.readyState >= 2) return;
    this.closedWith = code;
    this.readyState = 3;
    this.onclose?.({ code: code ?? 1005, reason: '', wasClean: true });
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({ type: 'open', target: this });
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  greet(socketId: string): void {
    this.open();
    this.receive({ event_type: 'socket_connected', event_payload: { socket_id: socketId } });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '', wasClean: false });
  }
}

/** A constructor recording every socket it makes. */
export function fakeSockets(): { Ctor: WebSocketConstructor; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  const Ctor = function (this: unknown, url: string) {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  } as unknown as WebSocketConstructor;
  return { Ctor, sockets };
}
