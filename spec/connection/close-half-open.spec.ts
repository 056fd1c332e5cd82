import { WebSocket } from 'ws';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import type { HubConnection } from '../../lib/connection/hub-connection.js';
import type { ConnectionOptions, WebSocketConstructor } from '../../lib/connection/options.js';
import { greet, startScriptedHub, type ScriptedHub } from './support/scripted-hub.js';
import { nextState } from './support/observe.js';

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

/** Resolves once `socket` is fully closed (its TCP socket gone). */
function closed(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
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

  describe('on fake timers (the sockets stay real)', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('terminates the socket when the closing handshake does not complete within a second', async () => {
      const conn = open();
      conn.hold();
      await nextState(conn.status$, 'connected');
      const client = clients[0]!;
      const ended = closed(client); // ws alone would wait 30 s for the close frame
      conn.close();
      expect(client.readyState).toBe(WebSocket.CLOSING); // a closing handshake was tried first
      jest.advanceTimersByTime(999);
      expect(client.readyState).toBe(WebSocket.CLOSING);
      jest.advanceTimersByTime(1);
      await ended;
    });

    it('terminates at once when the heartbeat already awaits a pong', async () => {
      const conn = open({ heartbeat: { intervalMs: 20, timeoutMs: 10_000 } });
      conn.hold();
      await nextState(conn.status$, 'connected');
      jest.advanceTimersByTime(20); // a ping went out; its pong cannot come back
      const client = clients[0]!;
      const ended = closed(client);
      conn.close();
      await ended; // no timer advanced: terminated, not waiting for a handshake
    });

    it('also terminates when the last holder leaves (idle), so a Node script can exit', async () => {
      const conn = open();
      const release = conn.hold();
      await nextState(conn.status$, 'connected');
      const ended = closed(clients[0]!);
      release();
      await nextState(conn.status$, 'idle');
      jest.advanceTimersByTime(1_000);
      await ended;
    });
  });
});
