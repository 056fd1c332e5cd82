import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ClockTimer, EmulatorClock } from './clock.js';

/**
 * Deadlines, on the emulator's clock, for TCP connections that are not (yet) WebSockets: a request's
 * headers must come within `ms` of the connection (or of the previous response, for keep-alive), its
 * body within `ms` more, and the client must take the response within `ms` of its end. A connection
 * that misses one is destroyed without a word, whatever it sent: the same for every case, so that
 * even a client that never reads sees the close. An upgraded socket is dropped from here; `ws` and
 * the hub's own idle limit take it over.
 *
 * Node's own header and request deadlines are not used: they are checked on a wall-clock interval,
 * and they answer `408` before closing, which a client that does not read never sees the end of.
 */
export function cutStalledSockets(
  server: Server,
  ms: number,
  clock: EmulatorClock,
  onCut: (phase: string) => void,
): void {
  const timers = new Map<Socket, ClockTimer>();
  const disarm = (socket: Socket): void => {
    clock.clearTimeout(timers.get(socket));
    timers.delete(socket);
  };
  const arm = (socket: Socket, phase: string): void => {
    disarm(socket);
    if (socket.destroyed) return;
    const timer = clock.setTimeout(() => {
      timers.delete(socket);
      onCut(phase);
      socket.destroy();
    }, ms);
    timers.set(socket, timer);
  };
  server.on('connection', (socket: Socket) => {
    arm(socket, 'no request');
    socket.once('close', () => disarm(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    arm(socket, 'request body unfinished');
    // Once the body is in, the response is the emulator's to give (it may be delayed on purpose)…
    request.once('end', () => {
      if (!response.writableEnded) disarm(socket);
    });
    // …and once given, the client's to take: one that never reads would hold the connection forever.
    response.once('prefinish', () => arm(socket, 'answer not taken'));
    response.once('finish', () => arm(socket, 'idle keep-alive'));
  });
  server.prependListener('upgrade', (request: IncomingMessage) => disarm(request.socket));
}
