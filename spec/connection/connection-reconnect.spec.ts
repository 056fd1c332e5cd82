import { lastValueFrom, firstValueFrom } from 'rxjs';
import { AuthRejectedError } from '../../lib/errors.js';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import type { ConnectionStatus, HubConnection } from '../../lib/connection/hub-connection.js';
import type { ConnectionOptions } from '../../lib/connection/options.js';
import { greet, startScriptedHub, type ScriptedHub } from './support/scripted-hub.js';
import { next, nextState, record } from './support/observe.js';

type Reconnecting = Extract<ConnectionStatus, { state: 'reconnecting' }>;

describe('reconnection against a real socket', () => {
  let hub: ScriptedHub;
  let connection: HubConnection | undefined;
  const open = (extra: Partial<ConnectionOptions> = {}): HubConnection => {
    connection = createHubConnection(
      { url: hub.url, apiKey: 'key', heartbeat: false, reconnect: { initialDelayMs: 10 }, ...extra },
      { random: () => 1 },
    );
    return connection;
  };
  const reconnectings = (statuses: ConnectionStatus[]): Reconnecting[] =>
    statuses.filter((s): s is Reconnecting => s.state === 'reconnecting');

  beforeEach(async () => (hub = await startScriptedHub()));
  afterEach(async () => {
    connection?.close();
    connection = undefined;
    await hub.stop();
  });

  /** Greets, then closes with `code` the first socket only. */
  const closeFirstWith = (code: number) =>
    (hub.script = (socket, _req, index) => {
      greet(socket, `s${index}`, index === 0 ? () => socket.close(code, 'bye') : undefined);
    });

  it.each([1000, 1001])(
    'reconnects at once, without counting an attempt, after a routine %i',
    async (code) => {
      closeFirstWith(code);
      const conn = open({ reconnect: { initialDelayMs: 5000 } });
      const statuses = record(conn.status$);
      conn.hold();
      await next(conn.status$, (s) => s.state === 'connected' && s.generation === 2);
      const [retry] = reconnectings(statuses.values);
      expect(retry).toMatchObject({
        delayMs: 0,
        attempt: 1,
        lastError: { code: 'CONNECTION_LOST', closeCode: code },
      });
    },
  );

  it.each([1011, 1006])('backs off after %i', async (code) => {
    hub.script = (socket, _req, index) => {
      const end = () => (code === 1006 ? socket.terminate() : socket.close(code));
      greet(socket, `s${index}`, index === 0 ? end : undefined);
    };
    const conn = open();
    const statuses = record(conn.status$);
    conn.hold();
    await next(conn.status$, (s) => s.state === 'connected' && s.generation === 2);
    expect(reconnectings(statuses.values)).toEqual([
      expect.objectContaining({
        attempt: 1,
        delayMs: 10,
        lastError: expect.objectContaining({ closeCode: code }),
      }),
    ]);
  });

  it('backs off at least 5 s after a 1008 policy close', async () => {
    closeFirstWith(1008);
    const conn = open();
    conn.hold();
    const retry = await nextState(conn.status$, 'reconnecting');
    expect(retry.delayMs).toBeGreaterThanOrEqual(5000);
  });

  it('reports PAYLOAD_TOO_LARGE on a 1009, does not re-send the frame, and reconnects', async () => {
    hub.script = (socket, _req, index) => {
      greet(socket, `s${index}`);
      if (index === 0) socket.once('message', () => socket.close(1009, 'Message too big'));
    };
    const conn = open();
    conn.hold();
    await nextState(conn.status$, 'connected');
    const error = firstValueFrom(conn.errors$);
    await lastValueFrom(conn.send({ type: 'metadata_request', payload: { conversationId: 'c1' } }));
    expect(await error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await next(conn.status$, (s) => s.state === 'connected' && s.generation === 2);
    // Frames keep their order on a socket: had c1 been re-sent, the hub would see it before c2.
    conn.send({ type: 'metadata_request', payload: { conversationId: 'c2' } }).subscribe();
    await hub.receivedCount(2);
    const ids = hub.received.map((text) => JSON.parse(text).event.event_payload.conversation_id);
    expect(ids).toEqual(['c1', 'c2']);
  });

  it('does not reconnect when the hub refuses the key (401)', async () => {
    await hub.stop();
    hub = await startScriptedHub(undefined, { verifyClient: () => false, rejectStatus: 401 });
    const conn = open();
    const statuses = record(conn.status$);
    const queued = lastValueFrom(conn.send({ type: 'metadata_request', payload: { conversationId: 'c1' } }));
    const closed = await nextState(conn.status$, 'closed');
    expect(closed.error).toBeInstanceOf(AuthRejectedError);
    expect(closed.error).toMatchObject({ code: 'AUTH_REJECTED', httpStatus: 401 });
    await expect(queued).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(reconnectings(statuses.values)).toEqual([]);
  });

  it('gives up after maxAttempts with status closed and the last error', async () => {
    const url = hub.url;
    await hub.stop();
    connection = createHubConnection(
      { url, apiKey: 'key', heartbeat: false, reconnect: { initialDelayMs: 5, maxAttempts: 2 } },
      { random: () => 1 },
    );
    const statuses = record(connection.status$);
    const queued = lastValueFrom(
      connection.send({ type: 'metadata_request', payload: { conversationId: 'c' } }),
    );
    const closed = await nextState(connection.status$, 'closed');
    expect(closed.error).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(reconnectings(statuses.values).map((s) => s.attempt)).toEqual([1, 2]);
    await expect(queued).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    hub = await startScriptedHub();
  });

  it('backs off growing delays from a hub that accepts then drops at once', async () => {
    hub.script = (socket, _req, index) => {
      greet(socket, `s${index}`, () => socket.terminate());
    };
    const conn = open({ reconnect: { initialDelayMs: 4, maxAttempts: 4 } });
    const statuses = record(conn.status$);
    conn.hold();
    await nextState(conn.status$, 'closed');
    expect(reconnectings(statuses.values).map((s) => s.delayMs)).toEqual([4, 8, 16, 32]);
  });

  describe('on fake timers (the sockets stay real)', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());
    const connected = (conn: HubConnection, generation: number) =>
      next(conn.status$, (s) => s.state === 'connected' && s.generation === generation);

    it('resets the attempt count once a connection stayed up stableAfterMs', async () => {
      const conn = open({ reconnect: { initialDelayMs: 4, stableAfterMs: 20 } });
      const statuses = record(conn.status$);
      conn.hold();
      for (let generation = 1; generation <= 3; generation++) {
        await connected(conn, generation);
        jest.advanceTimersByTime(20); // stable: the attempt count resets
        (await hub.socket(generation - 1)).terminate();
        await next(conn.status$, (s) => s.state === 'reconnecting' && s.generation === generation);
        jest.advanceTimersByTime(4);
      }
      await connected(conn, 4);
      expect(reconnectings(statuses.values).map((s) => s.delayMs)).toEqual([4, 4, 4]);
    });

    it('keeps a socket alive when pongs come back', async () => {
      const conn = open({ heartbeat: { intervalMs: 10, timeoutMs: 20 } });
      const statuses = record(conn.status$);
      conn.hold();
      await connected(conn, 1);
      const server = await hub.socket(0);
      // The pong goes out before the 'ping' event; a frame sent then reaches the client after it.
      server.on('ping', () => server.send(JSON.stringify({ event_type: 'ping_seen', event_payload: {} })));
      for (let ping = 1; ping <= 5; ping++) {
        const pongCame = next(conn.events$, (event) => event.type === 'unknown');
        jest.advanceTimersByTime(10);
        await pongCame;
      }
      expect(statuses.values.map((s) => s.state)).toEqual(['idle', 'connecting', 'connected']);
    });

    it('does not reconnect after close()', async () => {
      const conn = open();
      const statuses = record(conn.status$);
      conn.hold();
      await connected(conn, 1);
      conn.close();
      jest.advanceTimersByTime(60_000);
      expect(statuses.values.map((s) => s.state)).toEqual(['idle', 'connecting', 'connected', 'closed']);
      expect(hub.sockets).toHaveLength(1);
    });

    it('reconnects on purpose before maxConnectionMs, but only once no request is in flight', async () => {
      const conn = open({ maxConnectionMs: 40 });
      const statuses = record(conn.status$);
      conn.hold();
      await connected(conn, 1);
      const done = conn.beginRequest();
      jest.advanceTimersByTime(100);
      expect(statuses.values.at(-1)).toMatchObject({ state: 'connected', generation: 1 });
      const server = await hub.socket(0);
      const code = new Promise<number>((resolve) => server.once('close', (c) => resolve(c)));
      done();
      expect(await code).toBe(1000);
      jest.advanceTimersByTime(0); // a routine reconnect: at once
      await connected(conn, 2);
      expect(reconnectings(statuses.values)[0]).toMatchObject({ delayMs: 0 });
    });
  });

  it('treats a missing socket_connected as CONNECT_TIMEOUT and retries', async () => {
    hub.script = (socket, _req, index) => {
      if (index > 0) greet(socket, `s${index}`);
    };
    const conn = open({ connectTimeoutMs: 50 });
    conn.hold();
    const retry = await nextState(conn.status$, 'reconnecting');
    expect(retry.lastError).toMatchObject({ code: 'CONNECT_TIMEOUT' });
    await next(conn.status$, (s) => s.state === 'connected' && s.generation === 2);
  });

  it('terminates a half-open socket (no pong) with HEARTBEAT_TIMEOUT and reconnects', async () => {
    hub.script = (socket, _req, index) => {
      greet(socket, `s${index}`);
      // Stop reading: the kernel still holds the connection, but no pong will ever come back.
      if (index === 0) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    };
    const conn = open({ heartbeat: { intervalMs: 20, timeoutMs: 30 } });
    conn.hold();
    const retry = await nextState(conn.status$, 'reconnecting');
    expect(retry.lastError).toMatchObject({ code: 'HEARTBEAT_TIMEOUT' });
    await next(conn.status$, (s) => s.state === 'connected' && s.generation === 2);
  });
});
