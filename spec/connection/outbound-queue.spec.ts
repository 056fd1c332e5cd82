import { lastValueFrom } from 'rxjs';
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
    await new Promise((resolve) => setTimeout(resolve, 5));
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
});
