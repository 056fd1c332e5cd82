import { ConnectionError, HubProtocolError, PayloadTooLargeError, QueueFullError } from '../../lib/errors.js';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import type { HubConnection } from '../../lib/connection/hub-connection.js';
import type { ConnectionOptions } from '../../lib/connection/options.js';
import type { HubEvent } from '../../lib/protocol/inbound.js';
import type { OutboundEvent } from '../../lib/protocol/outbound.js';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { greet, startScriptedHub, type ScriptedHub } from './support/scripted-hub.js';
import { firstN, nextState, record } from './support/observe.js';

const request = (conversationId: string): OutboundEvent => ({
  type: 'metadata_request',
  payload: { conversationId },
});

describe('HubConnection over a real socket', () => {
  let hub: ScriptedHub;
  let connection: HubConnection | undefined;
  const open = (extra: Partial<ConnectionOptions> = {}): HubConnection =>
    (connection = createHubConnection({ url: hub.url, apiKey: 'key', heartbeat: false, ...extra }));

  beforeEach(async () => (hub = await startScriptedHub()));
  afterEach(async () => {
    connection?.close();
    connection = undefined;
    await hub.stop();
  });

  it('opens lazily: no socket until events$ is subscribed', async () => {
    const conn = open();
    const statuses = record(conn.status$);
    expect(statuses.values.map((s) => s.state)).toEqual(['idle']);
    const sub = conn.events$.subscribe();
    await nextState(conn.status$, 'connected');
    // The hub saw one socket: none was opened before the subscription.
    expect(hub.sockets).toHaveLength(1);
    expect(statuses.values.map((s) => s.state)).toEqual(['idle', 'connecting', 'connected']);
    sub.unsubscribe();
  });

  it('goes idle → connecting → connected (after socket_connected) → idle when unused → closed', async () => {
    const conn = open();
    const statuses = record(conn.status$);
    const release = conn.hold();
    const connected = await nextState(conn.status$, 'connected');
    expect(connected).toEqual({ state: 'connected', generation: 1, socketId: 's0' });
    release();
    expect(statuses.values.map((s) => s.state)).toEqual(['idle', 'connecting', 'connected', 'idle']);
    conn.close();
    expect(statuses.values.at(-1)).toEqual({ state: 'closed' });
  });

  it('multicasts each decoded frame once, socket_connected and unknown events included', async () => {
    hub.script = (socket) => {
      greet(socket, 'x');
      socket.send(JSON.stringify({ event_type: 'brand_new_event', event_payload: { a: 1 } }));
    };
    const conn = open();
    const [a, b] = await Promise.all([firstN(conn.events$, 2), firstN(conn.events$, 2)]);
    expect(a.map((e: HubEvent) => e.type)).toEqual(['socket_connected', 'unknown']);
    expect(b[1]).toBe(a[1]);
  });

  it('reports a malformed frame on errors$ and keeps the socket', async () => {
    hub.script = (socket) => {
      greet(socket, 'x');
      socket.send('{not json');
      socket.send(JSON.stringify({ event_type: 'bot_message', event_payload: { conversation_id: 'c1' } }));
    };
    const conn = open();
    const error$ = firstValueFrom(conn.errors$);
    const events = await firstN(conn.events$, 2);
    expect(await error$).toBeInstanceOf(HubProtocolError);
    expect(events[1]?.type).toBe('bot_message');
    expect(hub.sockets).toHaveLength(1);
    expect(hub.sockets[0]?.readyState).toBe(1);
  });

  it('queues sends until socket_connected and flushes them in order before newer sends', async () => {
    hub.script = () => undefined; // greeted below, once the sends are queued
    const conn = open();
    const receipts = [1, 2, 3].map((n) => lastValueFrom(conn.send(request(`c${n}`))));
    await nextState(conn.status$, 'connecting');
    const sub = conn.events$.subscribe((event) => {
      if (event.type === 'socket_connected') conn.send(request('c4')).subscribe();
    });
    greet(await hub.socket(0), 'late');
    expect(await Promise.all(receipts)).toEqual([{ generation: 1 }, { generation: 1 }, { generation: 1 }]);
    await hub.receivedCount(4);
    const ids = hub.received.map((text) => JSON.parse(text).event.event_payload.conversation_id);
    expect(ids).toEqual(['c1', 'c2', 'c3', 'c4']);
    sub.unsubscribe();
  });

  it('fails only the overflowing send with QUEUE_FULL', async () => {
    hub.script = () => undefined;
    const conn = open({ outboundQueueLimit: 2 });
    const first = lastValueFrom(conn.send(request('a')));
    conn.send(request('b')).subscribe({ error: () => undefined });
    await expect(lastValueFrom(conn.send(request('c')))).rejects.toBeInstanceOf(QueueFullError);
    conn.close();
    await expect(first).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  it('refuses an oversized frame at call time and never writes it', async () => {
    const conn = open({ maxFrameBytes: 200 });
    const sub = conn.events$.subscribe();
    await nextState(conn.status$, 'connected');
    const big: OutboundEvent = {
      type: 'user_message',
      payload: { clientMsgId: 'm1', conversationId: 'c1', content: { type: 'text', text: 'x'.repeat(500) } },
    };
    await expect(lastValueFrom(conn.send(big))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await lastValueFrom(conn.send(request('small')));
    await lastValueFrom(conn.send(request('after')));
    await hub.receivedCount(2);
    const ids = hub.received.map((text) => JSON.parse(text).event.event_payload.conversation_id);
    expect(ids).toEqual(['small', 'after']);
    sub.unsubscribe();
  });

  it('close() fails queued sends, completes every stream, and closes the socket with 1000', async () => {
    const conn = open();
    const sub = conn.events$.subscribe();
    await nextState(conn.status$, 'connected');
    const server = await hub.socket(0);
    const code = new Promise<number>((resolve) => server.once('close', (c) => resolve(c)));
    const events = lastValueFrom(conn.events$.pipe(toArray()));
    const errors = lastValueFrom(conn.errors$.pipe(toArray()));
    conn.close();
    expect(await code).toBe(1000);
    expect(await events).toEqual([]);
    expect(await errors).toEqual([]);
    expect(await lastValueFrom(conn.status$)).toEqual({ state: 'closed' });
    await expect(lastValueFrom(conn.send(request('late')))).rejects.toBeInstanceOf(ConnectionError);
    sub.unsubscribe();
  });
});
