import type { IncomingMessage } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/** What the scripted hub does with a new socket; the default greets it with `socket_connected`. */
export type OnConnection = (socket: WebSocket, request: IncomingMessage, index: number) => void;

export interface ScriptedHub {
  readonly url: string;
  readonly server: WebSocketServer;
  /** Every socket accepted so far, in order. */
  readonly sockets: WebSocket[];
  /** Upgrade request URLs (path + query), in order. */
  readonly requestUrls: string[];
  /** Text frames received from clients, in order. */
  readonly received: string[];
  /** What the hub does with each new socket; replace it per test. */
  script: OnConnection;
  /** Resolves with the n-th (0-based) accepted socket. */
  socket(index: number): Promise<WebSocket>;
  /** Resolves once `count` text frames have been received (the hub's side of every claim). */
  receivedCount(count: number): Promise<void>;
  stop(): Promise<void>;
}

/** Sends `socket_connected`; `then` runs once the frame is written (to close right behind it). */
export function greet(socket: WebSocket, socketId: string, then?: () => void): void {
  socket.send(
    JSON.stringify({ event_type: 'socket_connected', event_payload: { socket_id: socketId } }),
    then,
  );
}

/** A real `ws` server on 127.0.0.1, port 0, whose behaviour each test scripts. */
export async function startScriptedHub(
  onConnection: OnConnection = (socket, _req, index) => greet(socket, `s${index}`),
  options: { verifyClient?: (info: { req: IncomingMessage }) => boolean; rejectStatus?: number } = {},
): Promise<ScriptedHub> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: options.verifyClient
      ? (info, callback) => callback(options.verifyClient!(info), options.rejectStatus ?? 401)
      : undefined,
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const sockets: WebSocket[] = [];
  const requestUrls: string[] = [];
  const received: string[] = [];
  const waiters: Array<{ index: number; resolve: (socket: WebSocket) => void }> = [];
  const frameWaiters: Array<{ count: number; resolve: () => void }> = [];
  server.on('connection', (socket, request) => {
    const index = sockets.length;
    sockets.push(socket);
    requestUrls.push(request.url ?? '');
    socket.on('message', (data, isBinary) => {
      if (!isBinary) received.push(data.toString());
      for (const waiter of frameWaiters.filter((w) => w.count <= received.length)) waiter.resolve();
    });
    socket.on('error', () => undefined);
    hub.script(socket, request, index);
    for (const waiter of waiters.filter((w) => w.index === index)) waiter.resolve(socket);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const hub: ScriptedHub = {
    script: onConnection,
    url: `ws://127.0.0.1:${port}/dev`,
    server,
    sockets,
    requestUrls,
    received,
    socket: (index) =>
      sockets[index]
        ? Promise.resolve(sockets[index])
        : new Promise((resolve) => waiters.push({ index, resolve })),
    receivedCount: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => frameWaiters.push({ count, resolve })),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  };
  return hub;
}
