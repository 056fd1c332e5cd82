import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import type { HubConnection } from '../../lib/connection/hub-connection.js';
import type { ConnectionOptions } from '../../lib/connection/options.js';
import { QueueFullError } from '../../lib/errors.js';
import { fakeSockets, type FakeSocket } from './support/fake-websocket.js';

/** The outbound queue of a connection, driven over fake sockets (written frames are inspected). */
describe('outbound queue', () => {
  let connection: HubConnection;
  let sockets: FakeSocket[];
  const open = (extra: Partial<ConnectionOptions> = {}): HubConnection => {
    const fakes = fakeSockets();
    sockets = fakes.sockets;
    connection = createHubConnection(
      { url: 'ws://fake', apiKey: 'k', WebSocketCtor: fakes.Ctor, heartbeat: false, ...extra },
      { random: () => 0 },
    );
    return connection;
  };
  const send = (id: string) => connection.send({ type: 'metadata_request', payload: { conversationId: id } });
  const written = (socket: FakeSocket | undefined) =>
    (socket?.sent ?? []).map((text) => JSON.parse(text).event.event_payload.conversation_id as string);
  afterEach(() => connection.close());

  it('writes in order once connected, and replays each receipt', async () => {
    open();
    const receipts = ['a', 'b', 'c'].map(send);
    expect(written(sockets[0])).toEqual([]);
    sockets[0]!.greet('s');
    expect(written(sockets[0])).toEqual(['a', 'b', 'c']);
    await expect(lastValueFrom(receipts[0]!)).resolves.toEqual({ generation: 1 });
  });

  it('keeps a frame queued until a socket can take it', async () => {
    open({ reconnect: { initialDelayMs: 0 } });
    connection.hold();
    sockets[0]!.greet('s');
    sockets[0]!.drop();
    const receipt = lastValueFrom(send('a'));
    expect(written(sockets[0])).toEqual([]);
    // The retry (after 0 ms) opens the next socket.
    await firstValueFrom(
      connection!.status$.pipe(filter((s) => s.state === 'connecting' && s.generation === 2)),
    );
    sockets[1]!.greet('t');
    expect(written(sockets[1])).toEqual(['a']);
    await expect(receipt).resolves.toEqual({ generation: 2 });
  });

  it('refuses past its limit with QueueFullError, keeping what it has', async () => {
    open({ outboundQueueLimit: 1 });
    send('a').subscribe({ error: () => undefined });
    await expect(lastValueFrom(send('b'))).rejects.toBeInstanceOf(QueueFullError);
    sockets[0]!.greet('s');
    expect(written(sockets[0])).toEqual(['a']);
  });

  it('keeps order when a receipt subscriber sends during a flush', () => {
    open();
    send('a').subscribe(() => send('c').subscribe());
    send('b').subscribe();
    sockets[0]!.greet('s');
    expect(written(sockets[0])).toEqual(['a', 'b', 'c']);
  });

  it('fails every queued frame on close', async () => {
    open();
    const receipts = [send('a'), send('b')].map((receipt$) => lastValueFrom(receipt$));
    connection.close();
    for (const receipt of receipts)
      await expect(receipt).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  it('takes back a frame withdrawn before it was written: it is never written, the others keep their order', () => {
    open();
    const heard: string[] = [];
    const watcher = (id: string) => ({
      written: (generation: number) => heard.push(`${id} written on ${generation}`),
      fail: () => heard.push(`${id} failed`),
    });
    const a = connection.enqueue(
      { type: 'metadata_request', payload: { conversationId: 'a' } },
      watcher('a'),
    );
    const b = connection.enqueue(
      { type: 'metadata_request', payload: { conversationId: 'b' } },
      watcher('b'),
    );
    send('c').subscribe();
    expect(b()).toBe(true);
    expect(b()).toBe(false);
    sockets[0]!.greet('s');
    expect(written(sockets[0])).toEqual(['a', 'c']);
    expect(a()).toBe(false); // written already
    expect(heard).toEqual(['a written on 1']); // the withdrawn frame's watcher hears nothing
  });

  it('tells the watcher within the call when the socket takes the frame at once (nothing to withdraw)', () => {
    open();
    connection.hold();
    sockets[0]!.greet('s');
    const heard: number[] = [];
    const withdraw = connection.enqueue(
      { type: 'metadata_request', payload: { conversationId: 'a' } },
      { written: (generation) => heard.push(generation), fail: () => heard.push(-1) },
    );
    expect(heard).toEqual([1]);
    expect(withdraw()).toBe(false);
    expect(written(sockets[0])).toEqual(['a']);
  });

  it('lets the socket go when the only queued frame is withdrawn and nobody holds it', () => {
    open();
    const statuses: string[] = [];
    connection.status$.subscribe((status) => statuses.push(status.state));
    const ignore = { written: () => undefined, fail: () => undefined };
    connection.enqueue({ type: 'metadata_request', payload: { conversationId: 'a' } }, ignore)();
    expect(statuses).toEqual(['idle', 'connecting', 'idle']);
  });
});

describe('recycle', () => {
  it('ends the socket of the given generation (1000) and connects the next at once; an old generation is ignored', () => {
    const { Ctor, sockets } = fakeSockets();
    const connection = createHubConnection(
      { url: 'ws://fake', apiKey: 'k', WebSocketCtor: Ctor, heartbeat: false },
      { random: () => 0 },
    );
    const statuses: string[] = [];
    connection.status$.subscribe((status) =>
      statuses.push('generation' in status ? `${status.state} ${status.generation}` : status.state),
    );
    const release = connection.hold();
    sockets[0]!.greet('s1');
    connection.recycle(1);
    expect(sockets[0]!.closedWith).toBe(1000);
    expect(sockets).toHaveLength(2);
    sockets[1]!.greet('s2');
    connection.recycle(1); // that socket is gone already
    expect(sockets).toHaveLength(2);
    expect(statuses).toEqual(['idle', 'connecting 1', 'connected 1', 'connecting 2', 'connected 2']);
    release();
    connection.close();
  });
});
