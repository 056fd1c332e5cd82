/**
 * A WebSocket in memory for the micro-benchmarks: opens on a microtask and greets with
 * `socket_connected`; `receive` hands it a frame as if the hub sent it. What it does with the
 * frames the client writes is the subclass's (`send`).
 */
export class MemorySocket {
  /** The socket made last (the library makes it, the bench pushes into it). */
  static last: MemorySocket | undefined;
  readyState = 0;
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor() {
    MemorySocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({ type: 'open', target: this });
      this.receive(JSON.stringify({ event_type: 'socket_connected', event_payload: { socket_id: 's1' } }));
    });
  }

  receive(data: string): void {
    this.onmessage?.({ data });
  }

  send(_text: string): void {}

  close(): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code: 1000, reason: '', wasClean: true }));
  }
}
