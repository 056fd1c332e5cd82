import { ManualClock, startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { TestClient, TrackedClients, until } from './support/test-client.js';

describe('hub emulator — connections', () => {
  let hub: HubEmulator | undefined;
  const clients = new TrackedClients();
  afterEach(() => clients.closeAll(() => hub?.stop() ?? Promise.resolve()));

  describe('API key at the upgrade', () => {
    beforeEach(async () => {
      hub = await startHubEmulator({ apiKeys: ['k 1&2'] });
    });

    it('refuses a missing or wrong key with HTTP 401', async () => {
      expect(await TestClient.refusedStatus(hub!.url)).toBe(401);
      expect(await TestClient.refusedStatus(`${hub!.url}/?apikey=nope`)).toBe(401);
    });

    it('accepts the URL-encoded key under apikey and apiKey, on any path', async () => {
      await clients.open(hub!.urlWithKey());
      await clients.open(`${hub!.url}/dev?apiKey=${encodeURIComponent('k 1&2')}`);
      expect(hub!.connections()).toHaveLength(2);
    });

    it('accepts any key when apiKeys is omitted', async () => {
      const open2 = await startHubEmulator();
      try {
        const client = await clients.open(open2.url);
        expect(client.socketId).toBeTruthy();
      } finally {
        await open2.stop();
      }
    });
  });

  it.each([
    ['plain', [false, false, false]],
    ['wrapped', [true, true, true]],
    ['mixed', [false, true, false]],
  ] as const)('writes %s frames', async (frameShape, expected) => {
    hub = await startHubEmulator({ frameShape });
    const client = await clients.open(hub.url);
    await client.start();
    await client.take('bot_message');
    expect(client.events.map((e) => e.wrapped)).toEqual(expected);
    const first = JSON.parse(client.raw[0]!.data);
    expect(frameShape === 'wrapped' ? first.event : first).toMatchObject({ accepts_response_payload: false });
  });

  it('writes frames of every header size intact (7-bit, 16-bit and 64-bit lengths, multi-byte UTF-8)', async () => {
    hub = await startHubEmulator();
    const client = await clients.open(hub.url);
    const id = await client.start({}, { userFirst: true });
    const texts = ['é', 'ü'.repeat(100), 'x'.repeat(70_000), '€'.repeat(30_000)];
    for (const text of texts) hub.botSays(id, text);
    for (const text of texts) {
      expect((await client.take('bot_message')).event_payload['content']).toEqual([{ type: 'text', text }]);
    }
  });

  it('delays frames by the latency range without reordering them', async () => {
    const clock = new ManualClock();
    hub = await startHubEmulator({ latencyMs: [5, 30], clock });
    const connecting = clients.open(hub.url);
    await until(() => hub!.connections().length === 1);
    clock.advance(30); // socket_connected
    const client = await connecting;
    client.send('conversation_start', {});
    await until(() => hub!.received.total === 1);
    clock.advance(30);
    const id = (await client.take('conversation_start_success')).event_payload['conversation_id'] as string;
    client.trigger(id);
    for (let i = 0; i < 20; i += 1) client.say(id, `n${i}`);
    await until(() => hub!.received.total === 22);
    const written: string[] = [];
    hub.events$.subscribe((e) => (e.type === 'frame-out' ? written.push(e.eventType) : undefined));
    clock.advance(4);
    expect(written).toEqual([]); // nothing before the 5 ms minimum
    clock.advance(26);
    expect(written).toHaveLength(21); // the greeting and 20 echoes, all due by 30 ms
    await client.take('bot_message', (e) => e.event_payload['content'][0].text === 'You said: n19');
    const texts = client.events
      .filter((e) => e.event_type === 'bot_message')
      .map((e) => e.event_payload['content'][0].text);
    expect(texts.slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => `You said: n${i}`));
  });

  it('keeps conversations across connections and answers on the most recent socket that used them', async () => {
    hub = await startHubEmulator();
    const first = await clients.open(hub.url);
    const id = await first.start({ userId: 'u' });
    const second = await clients.open(hub.url);
    second.say(id, 'from the new socket');
    await second.take(
      'bot_message',
      (e) => e.event_payload['content'][0].text === 'You said: from the new socket',
    );
    expect(hub.conversation(id)?.connectionId).toBe(second.socketId);
    hub.agentSays(id, 'where do I go?');
    await second.take('livechat_message');
    first.close();
    await first.closed;
    second.close();
    await second.closed;
    const third = await clients.open(hub.url);
    third.say(id, 'after reconnect');
    await third.take('bot_message');
    expect(first.events.filter((e) => e.event_type === 'livechat_message')).toHaveLength(0);
  });

  it('serves GET /healthz', async () => {
    hub = await startHubEmulator();
    await clients.open(hub.url);
    const response = await fetch(`${hub.httpUrl}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok', connections: 1, conversations: 0 });
  });

  describe('compatibility endpoint POST /api/custom-channel/sockets/message', () => {
    const post = (key: string, body: string) =>
      fetch(`${hub!.httpUrl}/api/custom-channel/sockets/message`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body,
      });
    const envelope = (socketId: string, type: string, payload: object) =>
      JSON.stringify({
        action: 'sendMessage',
        event: { event_type: type, event_payload: payload, socket_id: socketId },
      });

    beforeEach(async () => {
      hub = await startHubEmulator({ apiKeys: ['k'] });
    });

    it('handles a posted event as if it came on that socket; answers go to the socket', async () => {
      const client = await clients.open(hub!.urlWithKey());
      const response = await post('k', envelope(client.socketId, 'conversation_start', { userId: 'v' }));
      expect(response.status).toBe(200);
      const id = (await client.take('conversation_start_success')).event_payload['conversation_id'];
      expect(id).toMatch(/^v-/);
      expect(hub!.received.all()).toEqual([
        expect.objectContaining({ via: 'http', connectionId: client.socketId, conversationId: id }),
      ]);
    });

    it('answers 401 for a bad key, 404 for an unknown socket, 400 for bad JSON', async () => {
      const client = await clients.open(hub!.urlWithKey());
      expect((await post('wrong', envelope(client.socketId, 'conversation_start', {}))).status).toBe(401);
      expect((await post('k', envelope('no-such-socket', 'conversation_start', {}))).status).toBe(404);
      expect((await post('k', '{"action":')).status).toBe(400);
      expect(hub!.received.total).toBe(0);
    });
  });
});
