import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { TrackedClients } from './support/test-client.js';

describe('hub emulator — protocol', () => {
  let hub: HubEmulator;
  const clients = new TrackedClients();
  const open = () => clients.open(hub.urlWithKey('k'));

  beforeEach(async () => {
    hub = await startHubEmulator({ apiKeys: ['k'] });
  });
  afterEach(() => clients.closeAll(() => hub.stop()));

  it('sends socket_connected with a socket id, then answers conversation_start with a userId-prefixed id and a greeting', async () => {
    const client = await open();
    expect(client.socketId).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const id = await client.start({ userId: 'user-42' });
    expect(id).toMatch(/^user-42-[0-9a-f-]{36}$/);
    const greeting = await client.take('bot_message');
    expect(greeting.event_payload).toMatchObject({ type: 'message_create', conversation_id: id, bot: {} });
    expect(greeting.event_payload['content'][1]).toMatchObject({ type: 'buttons' });
    expect(greeting.event_id).toEqual(expect.any(String));
    expect(greeting.event_id).not.toEqual(client.events[0]?.event_id);
  });

  it('prefixes anonymous conversations with anon', async () => {
    const client = await open();
    expect(await client.start()).toMatch(/^anon-/);
  });

  it('echoes user messages', async () => {
    const client = await open();
    const id = await client.start();
    await client.take('bot_message');
    client.say(id, 'hello there');
    const reply = await client.take('bot_message');
    expect(reply.event_payload['content']).toEqual([{ type: 'text', text: 'You said: hello there' }]);
  });

  it('merges metadata (skipping polluting keys) and serves it back', async () => {
    const client = await open();
    const id = await client.start({ metadata: { page: '/a' } });
    client.ws.send(
      `{"action":"sendMessage","event":{"event_type":"metadata","event_payload":{"conversation_id":"${id}",` +
        `"client_msg_id":"c1","metadata":{"cart":3,"__proto__":{"polluted":true},"constructor":{"x":1}}}}}`,
    );
    expect((await client.take('metadata_update_success')).event_payload).toEqual({ conversation_id: id });
    client.send('metadata_request', { conversation_id: id });
    const answer = await client.take('conversation_metadata');
    expect(answer.event_payload['content']).toEqual({ page: '/a', cart: 3 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('answers a transcript request with the whole history in order, in both shapes', async () => {
    const client = await open();
    const id = await client.start();
    client.say(id, 'first');
    await client.take('bot_message', (e) => e.event_payload['content'][0].text === 'You said: first');
    hub.agentSays(id, 'agent here');
    await client.take('livechat_message');
    client.send('conversation_transcript_request', { conversation_id: id });
    const { event_payload } = await client.take('conversation_transcript');
    const froms = event_payload['transcript'].map(
      (t: { messages: { from: string }[] }) => t.messages[0]?.from,
    );
    expect(froms).toEqual(['chatbot', 'user', 'chatbot', 'livechat']);

    const other = await startHubEmulator({ transcriptShape: 'messages' });
    try {
      const c2 = await clients.open(other.urlWithKey());
      const id2 = await c2.start();
      c2.say(id2, 'hi');
      await c2.take('bot_message', (e) => e.event_payload['content'][0].text === 'You said: hi');
      c2.send('conversation_transcript_request', { conversation_id: id2 });
      const t = await c2.take('conversation_transcript');
      expect(t.event_payload['messages'].map((m: { from: string }) => m.from)).toEqual([
        'bot',
        'user',
        'bot',
      ]);
      expect(t.event_payload['messages'][0].messages.idChat).toBe(id2);
    } finally {
      await other.stop();
    }
  });

  it('lists a user’s conversations, with exact filter, wildcard search and pagination in v2', async () => {
    const client = await open();
    const ids: string[] = [];
    for (const mode of ['support', 'sales', 'support']) {
      ids.push(await client.start({ userId: 'u1', metadata: { mode, topic: `billing-${mode}` } }));
    }
    await client.start({ userId: 'someone-else' });
    client.send('get_user_conversations', { userId: 'u1' });
    const all = await client.take('user_conversations');
    expect(
      all.event_payload['conversations'].map((c: { conversation_id: string }) => c.conversation_id),
    ).toEqual(ids);
    expect(all.event_payload['pagination']).toBeUndefined();

    client.send('get_user_conversations_v2', {
      userId: 'u1',
      filter: { mode: 'support' },
      search: { topic: 'BILL*' },
      pagination: { page: '2', limit: '1' },
    });
    const page = await client.take('user_conversations');
    expect(page.event_payload['conversations']).toEqual([
      { conversation_id: ids[2], metadata: expect.any(Object) },
    ]);
    expect(page.event_payload['pagination']).toEqual({
      hasNextPage: false,
      hasPrevPage: true,
      page: 2,
      pageSize: 1,
      total: 2,
      totalPages: 2,
    });
  });

  it('deletes by id and by userId; later events for them get general_error 400', async () => {
    const client = await open();
    const a = await client.start({ userId: 'u2' });
    const b = await client.start({ userId: 'u2' });
    client.send('delete_conversation', { conversation_id: a });
    expect((await client.take('delete_conversation_success')).event_payload).toEqual({ conversation_id: a });
    client.send('delete_conversation', { userId: 'u2' });
    expect((await client.take('delete_conversation_success')).event_payload).toEqual({ userId: 'u2' });
    for (const id of [a, b]) {
      client.say(id, 'still there?');
      const error = await client.take('general_error');
      expect(error.event_payload).toEqual({
        conversation_id: id,
        error_code: 400,
        error_desc: 'Invalid conversation_id',
      });
    }
  });

  it('edits a message and shows the edit in the transcript', async () => {
    const client = await open();
    const id = await client.start();
    const msgId = client.say(id, 'opening hours?');
    client.send('edit_message', {
      type: 'message_create',
      client_msg_id: 'e1',
      conversation_id: id,
      message_id: msgId,
      content: { type: 'text', text: 'opening hours on Sunday?' },
    });
    expect((await client.take('message_edited_success')).event_payload).toEqual({
      conversation_id: id,
      message_id: msgId,
    });
    client.send('conversation_transcript_request', { conversation_id: id });
    const { event_payload } = await client.take('conversation_transcript');
    const userEntry = event_payload['transcript'][1].messages[0];
    expect(userEntry).toMatchObject({
      from: 'user',
      edited: true,
      messages: [{ text: 'opening hours on Sunday?' }],
    });
  });

  it('answers every conversation event for an unknown conversation with general_error 400', async () => {
    const client = await open();
    for (const type of [
      'user_message',
      'metadata',
      'metadata_request',
      'action',
      'conversation_transcript_request',
    ]) {
      client.send(type, { conversation_id: 'does-not-exist-0000', id: 'x', metadata: {} });
      const error = await client.take('general_error');
      expect(error.event_payload).toMatchObject({ error_code: 400, error_desc: 'Invalid conversation_id' });
    }
  });

  it('ignores malformed frames, wrong routes and unknown events without closing the socket', async () => {
    const client = await open();
    const ignored: string[] = [];
    const sub = hub.events$.subscribe((e) => e.type === 'ignored' && ignored.push(e.reason));
    client.ws.send('not json');
    client.ws.send('[1,2]');
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    client.ws.send('{"action":"sendMessage","event":{}}');
    client.send('user_message', {}, 'default');
    client.send('typing_indicator', {});
    const id = await client.start();
    expect(id).toMatch(/^anon-/);
    sub.unsubscribe();
    expect(ignored).toHaveLength(6);
    expect(ignored.join('\n')).toMatch(
      /not JSON[\s\S]*array[\s\S]*binary[\s\S]*event_type[\s\S]*route[\s\S]*typing_indicator/,
    );
  });
});
