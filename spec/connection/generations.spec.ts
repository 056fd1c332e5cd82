import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import type { HubConnection } from '../../lib/connection/hub-connection.js';
import type { HubEvent } from '../../lib/protocol/inbound.js';
import { fakeSockets } from './support/fake-websocket.js';
import { record } from './support/observe.js';

const botMessage = (conversationId: string) => ({
  event_type: 'bot_message',
  event_payload: { type: 'message_create', conversation_id: conversationId, content: [] },
});
const flushMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('generations: a dead socket never touches its successor', () => {
  let connection: HubConnection | undefined;
  afterEach(() => connection?.close());

  it('drops a late frame of generation N once N+1 is open, and writes only to N+1', async () => {
    const { Ctor, sockets } = fakeSockets();
    connection = createHubConnection(
      {
        url: 'ws://fake',
        apiKey: 'k',
        WebSocketCtor: Ctor,
        heartbeat: false,
        reconnect: { initialDelayMs: 0 },
      },
      { random: () => 0 },
    );
    const events = record<HubEvent>(connection.events$);
    sockets[0]!.greet('one');
    sockets[0]!.drop(1006);
    await flushMicrotasks();
    // The retry (after 0 ms) opens the next socket.
    await firstValueFrom(
      connection!.status$.pipe(filter((s) => s.state === 'connecting' && s.generation === 2)),
    );
    expect(sockets).toHaveLength(2);
    sockets[1]!.greet('two');

    sockets[0]!.receive(botMessage('late-from-gen-1'));
    sockets[1]!.receive(botMessage('from-gen-2'));
    const receipt = await lastValueFrom(
      connection.send({ type: 'metadata_request', payload: { conversationId: 'c' } }),
    );

    expect(events.values.map((e) => e.conversationId ?? e.type)).toEqual([
      'socket_connected',
      'socket_connected',
      'from-gen-2',
    ]);
    expect(receipt).toEqual({ generation: 2 });
    expect(sockets[0]!.sent).toEqual([]);
    expect(sockets[1]!.sent).toHaveLength(1);
  });
});

describe('timing on fake timers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits exactly connectTimeoutMs (default 10 s) for socket_connected', () => {
    const { Ctor, sockets } = fakeSockets();
    const connection = createHubConnection({
      url: 'ws://fake',
      apiKey: 'k',
      WebSocketCtor: Ctor,
      heartbeat: false,
    });
    const statuses = record(connection.status$);
    connection.hold();
    sockets[0]!.open();
    jest.advanceTimersByTime(9_999);
    expect(statuses.values.at(-1)?.state).toBe('connecting');
    jest.advanceTimersByTime(1);
    expect(statuses.values.at(-1)).toMatchObject({
      state: 'reconnecting',
      lastError: { code: 'CONNECT_TIMEOUT' },
    });
    connection.close();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('cuts a 30 s backoff short when the browser comes back online or the tab becomes visible', () => {
    const { Ctor, sockets } = fakeSockets();
    const network = new EventTarget();
    const visibility = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const connection = createHubConnection(
      {
        url: 'ws://fake',
        apiKey: 'k',
        WebSocketCtor: Ctor,
        heartbeat: false,
        reconnect: { initialDelayMs: 30_000 },
      },
      { random: () => 1, wakeupSources: { network, visibility } },
    );
    connection.hold();
    sockets[0]!.greet('a');
    sockets[0]!.drop();
    expect(sockets).toHaveLength(1);
    network.dispatchEvent(new Event('online'));
    expect(sockets).toHaveLength(2);

    sockets[1]!.drop();
    visibility.dispatchEvent(new Event('visibilitychange'));
    expect(sockets).toHaveLength(2); // still hidden: no wake-up
    visibility.visibilityState = 'visible';
    visibility.dispatchEvent(new Event('visibilitychange'));
    expect(sockets).toHaveLength(3);
    connection.close();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends the first ping after intervalMs and reconnects when no pong comes within timeoutMs', () => {
    const { Ctor, sockets } = fakeSockets();
    const pings: number[] = [];
    const connection = createHubConnection({ url: 'ws://fake', apiKey: 'k', WebSocketCtor: Ctor });
    const statuses = record(connection.status$);
    connection.hold();
    Object.assign(sockets[0]!, {
      ping: () => pings.push(Date.now()),
      on: () => undefined,
      off: () => undefined,
    });
    sockets[0]!.greet('a');
    jest.advanceTimersByTime(30_000);
    expect(pings).toHaveLength(1);
    jest.advanceTimersByTime(9_999);
    expect(statuses.values.at(-1)?.state).toBe('connected');
    jest.advanceTimersByTime(1);
    expect(statuses.values.at(-1)).toMatchObject({
      state: 'reconnecting',
      lastError: { code: 'HEARTBEAT_TIMEOUT' },
    });
    connection.close();
  });

  it('heartbeat.inactivityTimeoutMs: every frame re-arms the watchdog; silence that long reconnects', () => {
    const { Ctor, sockets } = fakeSockets(); // browser-like: no ping
    const connection = createHubConnection({
      url: 'ws://fake',
      apiKey: 'k',
      WebSocketCtor: Ctor,
      heartbeat: { inactivityTimeoutMs: 5_000 },
    });
    const statuses = record(connection.status$);
    connection.hold();
    sockets[0]!.greet('a');
    jest.advanceTimersByTime(4_999);
    sockets[0]!.receive(botMessage('keeps it alive'));
    jest.advanceTimersByTime(4_999);
    expect(statuses.values.at(-1)?.state).toBe('connected');
    jest.advanceTimersByTime(1);
    expect(statuses.values.at(-1)).toMatchObject({
      state: 'reconnecting',
      lastError: { code: 'HEARTBEAT_TIMEOUT', awaited: 'inbound frame', timeoutMs: 5_000 },
    });
    connection.close();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('plans a reconnect at 1 h 58 min by default, closing with 1000', () => {
    const { Ctor, sockets } = fakeSockets();
    const connection = createHubConnection({
      url: 'ws://fake',
      apiKey: 'k',
      WebSocketCtor: Ctor,
      heartbeat: false,
    });
    connection.hold();
    sockets[0]!.greet('a');
    jest.advanceTimersByTime(7_080_000 - 1);
    expect(sockets[0]!.readyState).toBe(1);
    jest.advanceTimersByTime(1);
    expect(sockets[0]!.closedWith).toBe(1000);
    jest.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    connection.close();
  });
});
