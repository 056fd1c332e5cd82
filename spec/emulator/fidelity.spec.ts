import {
  COMPAT_MESSAGE_PATH,
  ManualClock,
  scriptedBot,
  startHubEmulator,
  TRANSCRIPT_PATH,
  type HubEmulator,
  type HubEmulatorOptions,
} from '../../lib/emulator/index.js';
import { TrackedClients } from './support/test-client.js';

/** What the production hub does, as the vendor's client shows it, checked on the wire. */
describe('hub emulator — production fidelity', () => {
  let hub: HubEmulator;
  const clients = new TrackedClients();
  const start = async (options: HubEmulatorOptions = {}) => (hub = await startHubEmulator(options));
  const open = (key = 'k') => clients.open(hub.urlWithKey(key));
  afterEach(() => clients.closeAll(() => hub.stop()));

  const post = (socketId: string, eventType: string, payload: object, key = 'k') =>
    fetch(`${hub.httpUrl}${COMPAT_MESSAGE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({
        action: 'sendMessage',
        event: { event_type: eventType, event_payload: payload, socket_id: socketId },
      }),
    });

  it('sends wrapped frames by default', async () => {
    await start();
    const client = await open();
    expect(client.events.map((e) => e.wrapped)).toEqual([true]);
  });

  it('is bot-first: silent at the start, greets on the empty trigger, which stays out of the transcript', async () => {
    await start();
    const client = await open();
    const id = await client.start({ userId: 'u' }, { userFirst: true });
    client.say(id, 'first words');
    expect((await client.take('bot_message')).event_payload['content']).toEqual([
      { type: 'text', text: 'You said: first words' },
    ]);
    client.trigger(id);
    const greeting = await client.take('bot_message');
    expect(greeting.event_payload['content'][0]).toEqual({
      type: 'text',
      text: 'Hello, I am the emulator bot.',
    });
    client.send('conversation_transcript_request', { conversation_id: id });
    const { event_payload } = await client.take('conversation_transcript');
    expect(
      event_payload['transcript'].map((e: { messages: { from: string }[] }) => e.messages[0]!.from),
    ).toEqual(['user', 'chatbot', 'chatbot']);
  });

  it('greets at the start too with scriptedBot({ greetOnStart: true })', async () => {
    await start({ bot: scriptedBot({ greetOnStart: true }) });
    const client = await open();
    await client.start({}, { userFirst: true });
    expect((await client.take('bot_message')).event_payload['content'][0].text).toBe(
      'Hello, I am the emulator bot.',
    );
  });

  it('never returns metadata.private on the socket (the bot still sees it)', async () => {
    const seen: unknown[] = [];
    await start({ bot: (input, ctx) => void seen.push(ctx.metadata) });
    const client = await open();
    const id = await client.start(
      { userId: 'p', metadata: { a: 1, private: { s: 'x' } } },
      { userFirst: true },
    );
    client.send('metadata_request', { conversation_id: id });
    expect((await client.take('conversation_metadata')).event_payload['content']).toEqual({ a: 1 });
    client.send('get_user_conversations', { userId: 'p' });
    expect((await client.take('user_conversations')).event_payload['conversations']).toEqual([
      { conversation_id: id, metadata: { a: 1 } },
    ]);
    expect(seen).toEqual([{ a: 1, private: { s: 'x' } }]);
  });

  it('answers HTTP posts in the body, not on the socket; an error is an HTTP error', async () => {
    await start();
    const client = await open();
    const id = await client.start({ metadata: { plan: 'pro' } }, { userFirst: true });
    const response = await post(client.socketId, 'metadata_request', { conversation_id: id });
    expect(await response.json()).toEqual({
      ok: true,
      event_type: 'conversation_metadata',
      conversation_id: id,
      metadata: { plan: 'pro' },
    });
    const bad = await post(client.socketId, 'metadata_request', { conversation_id: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error_code: 400 });
    expect(client.events.map((e) => e.event_type)).toEqual([
      'socket_connected',
      'conversation_start_success',
    ]);
  });

  it('lets the bot answer an HTTP post only httpReplyDelayMs later, on its clock', async () => {
    const clock = new ManualClock();
    await start({ clock });
    const client = await open();
    const id = await client.start({}, { userFirst: true });
    await post(client.socketId, 'user_message', {
      conversation_id: id,
      content: { type: 'text', text: 'hi' },
    });
    clock.advance(49);
    expect(hub.conversation(id)?.transcriptLength).toBe(1); // the user's message only
    clock.advance(1);
    expect((await client.take('bot_message')).event_payload['content'][0].text).toBe('You said: hi');
  });

  it('serves GET /api/transcript with the API key check, per channel', async () => {
    await start({ apiKeys: ['k', 'other'] });
    const client = await open();
    const id = await client.start({}, { userFirst: true });
    client.say(id, 'hello');
    await client.take('bot_message');
    const get = (key?: string, conversationId = id) =>
      fetch(`${hub.httpUrl}${TRANSCRIPT_PATH}?conversation_id=${encodeURIComponent(conversationId)}`, {
        headers: key === undefined ? {} : { 'x-api-key': key },
      });
    expect((await get()).status).toBe(401);
    expect((await get('k', 'unknown')).status).toBe(404);
    expect((await get('other')).status).toBe(404); // another channel's conversation
    const body = (await (await get('k')).json()) as { conversation_id: string; transcript: unknown[] };
    expect(body.conversation_id).toBe(id);
    expect(body.transcript).toHaveLength(2);
  });

  it('lists by API keys when asked (multi-key), each entry naming its key', async () => {
    await start();
    const [a, b] = [await open('key-a'), await open('key-b')];
    const ida = await a.start({ userId: 'm' }, { userFirst: true });
    const idb = await b.start({ userId: 'm' }, { userFirst: true });
    a.send('get_user_conversations_v2', { userId: 'm', apiKeys: ['key-b'] });
    expect((await a.take('user_conversations')).event_payload['conversations']).toEqual([
      { conversation_id: idb, metadata: {}, apiKey: 'key-b' },
    ]);
    a.send('get_user_conversations', { userId: 'm' });
    expect((await a.take('user_conversations')).event_payload['conversations']).toHaveLength(2);
    expect(ida).not.toBe(idb);
  });

  it('lets a socket watch any conversation of its channel (watchUrl); other channels see nothing', async () => {
    await start();
    const chat = await open();
    const id = await chat.start({ userId: 'w' }, { userFirst: true });
    const watcher = await clients.open(`${hub.watchUrl(id)}&apikey=k`);
    const stranger = await clients.open(`${hub.watchUrl(id)}&apikey=another`);
    chat.say(id, 'watched');
    await chat.take('bot_message');
    const copy = await watcher.take('bot_message');
    expect(copy.event_payload).toMatchObject({
      conversation_id: id,
      content: [{ text: 'You said: watched' }],
    });
    hub.agentSays(id, 'agent here');
    await watcher.take('livechat_message');
    // The stranger's own answer comes after anything written to it before (one ordered socket).
    stranger.send('get_user_conversations', { userId: 'nobody' });
    await stranger.take('user_conversations');
    expect(stranger.events.map((e) => e.event_type)).toEqual(['socket_connected', 'user_conversations']);
  });
});
