import { WebSocket } from 'ws';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import type { HubConnection } from '../../lib/connection/hub-connection.js';
import type { ConnectionOptions, WebSocketConstructor } from '../../lib/connection/options.js';
import { greet, startScriptedHub, type ScriptedHub } from './support/scripted-hub.js';
import { nextState, sleep } from './support/observe.js';

/** `ws` sockets the connection opened, to watch them end from the client side. */
function recordingCtor(): { Ctor: WebSocketConstructor; clients: WebSocket[] } {
  const clients: WebSocket[] = [];
  class Recording extends WebSocket {
    constructor(url: string) {
      super(url);
      clients.push(this);
    }
  }
  return { Ctor: Recording, clients };
}

/** Milliseconds until `socket` is fully closed (its TCP socket gone), or rejects after `ms`. */
function closedWithin(socket: WebSocket, ms: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still ${socket.readyState} after ${ms} ms`)), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('close() on a half-open socket', () => {
  let hub: ScriptedHub;
  let connection: HubConnection | undefined;
  const { Ctor, clients } = recordingCtor();
  const open = (extra: Partial<ConnectionOptions> = {}): HubConnection =>
    (connection = createHubConnection({
      url: hub.url,
      apiKey: 'key',
      WebSocketCtor: Ctor,
      heartbeat: false,
      ...extra,
    }));

  beforeEach(async () => {
    clients.length = 0;
    // Greets, then stops reading: the kernel keeps the connection, but no close frame (or pong) comes back.
    hub = await startScriptedHub((socket, _req, index) => {
      greet(socket, `s${index}`);
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    });
  });
  afterEach(async () => {
    connection?.close();
    connection = undefined;
    for (const client of clients) client.terminate();
    await hub.stop();
  });

  it('terminates the socket when the closing handshake does not complete within a second', async () => {
    const conn = open();
    conn.hold();
    await nextState(conn.status$, 'connected');
    const client = clients[0]!;
    const closed = closedWithin(client, 2_500); // ws alone would wait 30 s for the close frame
    conn.close();
    expect(client.readyState).toBe(WebSocket.CLOSING); // a closing handshake was tried first
    const elapsed = await closed;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('terminates at once when the heartbeat already awaits a pong', async () => {
    const conn = open({ heartbeat: { intervalMs: 20, timeoutMs: 10_000 } });
    conn.hold();
    await nextState(conn.status$, 'connected');
    await sleep(60); // a ping went out; its pong cannot come back
    const client = clients[0]!;
    const closed = closedWithin(client, 2_500);
    conn.close();
    expect(await closed).toBeLessThan(300);
  });

  it('also terminates when the last holder leaves (idle), so a Node script can exit', async () => {
    const conn = open();
    const release = conn.hold();
    await nextState(conn.status$, 'connected');
    const closed = closedWithin(clients[0]!, 2_500);
    release();
    await nextState(conn.status$, 'idle');
    expect(await closed).toBeLessThan(2_000);
  });
});
