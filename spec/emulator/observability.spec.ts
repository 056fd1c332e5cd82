import type { EmulatorEvent } from '../../lib/emulator/index.js';
import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { TestClient, TrackedClients } from './support/test-client.js';

describe('hub emulator — observability', () => {
  let hub: HubEmulator;
  const clients = new TrackedClients();
  const open = (url = hub.urlWithKey('secret-key')) => clients.open(url);
  afterEach(() => clients.closeAll(() => hub.stop()));

  it('records every inbound event once, queryable per connection, conversation, type and client_msg_id', async () => {
    hub = await startHubEmulator();
    const [a, b] = [await open(), await open()];
    const id = await a.start({ userId: 'led' }, { userFirst: true });
    const m1 = a.say(id, 'one', 'msg-1');
    b.say(id, 'two', 'msg-2');
    await b.take('bot_message');
    await a.take('bot_message', (e) => e.event_payload['content'][0].text === 'You said: one');

    expect(hub.received.forConversation(id).map((e) => e.eventType)).toEqual([
      'conversation_start',
      'user_message',
      'user_message',
    ]);
    expect(hub.received.forConnection(b.socketId).map((e) => e.clientMsgId)).toEqual(['msg-2']);
    expect(hub.received.withClientMsgId(m1)).toHaveLength(1);
    expect(hub.received.ofType('user_message')).toHaveLength(2);
    expect(hub.received.all()[1]).toMatchObject({ seq: 2, via: 'socket', connectionId: a.socketId });
    hub.received.clear();
    expect(hub.received.all()).toEqual([]);
    expect(hub.received.total).toBe(3);
  });

  it('keeps at most ledgerCapacity entries', async () => {
    hub = await startHubEmulator({ ledgerCapacity: 4 });
    const client = await open();
    const id = await client.start();
    for (let i = 0; i < 10; i += 1) client.say(id, `n${i}`, `c${i}`);
    await client.take('bot_message', (e) => e.event_payload['content'][0].text === 'You said: n9');
    expect(hub.received.all().length).toBeLessThanOrEqual(4);
    expect(hub.received.all().at(-1)?.clientMsgId).toBe('c9');
  });

  it('feeds connects, frames in and out, and disconnects with their code; completes on stop', async () => {
    hub = await startHubEmulator();
    const feed: EmulatorEvent[] = [];
    let completed = false;
    hub.events$.subscribe({ next: (e) => feed.push(e), complete: () => (completed = true) });
    const client = await open();
    await client.start();
    await client.take('bot_message');
    hub.dropConnections({ code: 4001, reason: 'bye' });
    await client.closed;
    await hub.stop();
    expect(feed.map((e) => (e.type === 'frame-out' ? `out:${e.eventType}` : e.type))).toEqual([
      'connect',
      'out:socket_connected',
      'frame-in',
      'out:conversation_start_success',
      'frame-in', // the bot-first trigger
      'out:bot_message',
      'disconnect',
    ]);
    expect(feed.at(-1)).toMatchObject({ type: 'disconnect', code: 4001, reason: 'bye' });
    expect(completed).toBe(true);
  });

  it('logs readably and never logs the API key', async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    hub = await startHubEmulator({ apiKeys: ['secret-key'], logger: { debug: log, info: log, warn: log } });
    const client = await open();
    await client.start();
    client.ws.send('garbage');
    await TestClient.refusedStatus(`${hub.url}/?apikey=wrong-secret&x=1`);
    await client.take('bot_message');
    const text = lines.join('\n');
    expect(text).toMatch(/← \S+ {"action":"sendMessage"/);
    expect(text).toMatch(
      /→ \S+ {"action":"receiveMessage","event":{"event_type":"conversation_start_success"/,
    );
    expect(text).toContain('ignored frame');
    expect(text).toContain('refused upgrade /?apikey=***&x=1: 401');
    expect(text).not.toMatch(/secret/);
  });

  it('stop is idempotent and leaves later hook calls harmless', async () => {
    hub = await startHubEmulator();
    await open();
    await Promise.all([hub.stop(), hub.stop()]);
    expect(hub.sendRaw('x')).toBe(0);
    hub.dropConnections();
    await hub.restart();
    await expect(fetch(`${hub.httpUrl}/healthz`)).rejects.toThrow();
  });
});
