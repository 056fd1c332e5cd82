import { firstValueFrom } from 'rxjs';
import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import { TrackedClients, type TestClient } from '../emulator/support/test-client.js';

/**
 * With `apiKeys`, each key is a channel of its own, on the socket path as on the HTTP transcript
 * route: a socket opened with key B never lists, reads, changes, deletes or takes over a conversation
 * started with key A; it is answered as for an unknown conversation. Checked on the hub's side.
 */
describe('emulator API-key channels', () => {
  const clients = new TrackedClients();
  let hub: HubEmulator;
  let a: TestClient;
  let b: TestClient;
  let id: string;

  async function setUp(apiKeys: readonly string[] | undefined): Promise<void> {
    hub = await startHubEmulator({ port: 0, ...(apiKeys ? { apiKeys } : {}) });
    a = await clients.open(hub.urlWithKey('keyA'));
    b = await clients.open(hub.urlWithKey('keyB'));
    id = await a.start({ userId: 'alice', metadata: { secret: 's3' } }, { userFirst: true });
    a.say(id, 'hello from A');
    await a.take('bot_message');
  }
  afterEach(() => clients.closeAll(() => hub.stop()));

  const invalid = (conversationId: string) => ({
    conversation_id: conversationId,
    error_code: 400,
    error_desc: 'Invalid conversation_id',
  });

  describe('with apiKeys', () => {
    beforeEach(() => setUp(['keyA', 'keyB']));

    it('lists none of another key’s conversations (plain, v2, get_conversations)', async () => {
      for (const type of ['get_user_conversations', 'get_user_conversations_v2', 'get_conversations']) {
        b.send(type, { userId: 'alice' });
        expect((await b.take('user_conversations')).event_payload['conversations']).toEqual([]);
      }
      a.send('get_user_conversations', { userId: 'alice' });
      const own = (await a.take('user_conversations')).event_payload['conversations'];
      expect(own).toEqual([{ conversation_id: id, metadata: { secret: 's3' } }]);
    });

    it('lists another key’s conversations only for a request naming that key (multi-key manager)', async () => {
      b.send('get_user_conversations_v2', { userId: 'alice', apiKeys: ['keyA', 'keyB'] });
      const named = (await b.take('user_conversations')).event_payload['conversations'];
      expect(named).toEqual([{ conversation_id: id, metadata: { secret: 's3' }, apiKey: 'keyA' }]);
      b.send('get_user_conversations_v2', { userId: 'alice', apiKeys: ['keyB', 'guess'] });
      expect((await b.take('user_conversations')).event_payload['conversations']).toEqual([]);
    });

    it('answers reads of another key’s conversation as for an unknown one', async () => {
      b.send('conversation_transcript_request', { conversation_id: id });
      expect((await b.take('general_error')).event_payload).toEqual(invalid(id));
      b.send('metadata_request', { conversation_id: id });
      expect((await b.take('general_error')).event_payload).toEqual(invalid(id));
      expect(b.events.map((e) => e.event_type)).not.toContain('conversation_transcript');
      expect(b.events.map((e) => e.event_type)).not.toContain('conversation_metadata');
    });

    it('never moves another key’s conversation to its socket, nor changes it', async () => {
      const before = hub.conversation(id)!;
      b.say(id, 'hijack');
      expect((await b.take('general_error')).event_payload).toEqual(invalid(id));
      b.send('metadata', { conversation_id: id, metadata: { secret: 'changed' } });
      expect((await b.take('general_error')).event_payload).toEqual(invalid(id));
      b.send('action', { conversation_id: id, id: 'x', type: 'normal' });
      expect((await b.take('general_error')).event_payload).toEqual(invalid(id));
      expect(hub.conversation(id)).toEqual(before);
      expect(before.connectionId).toBe(a.socketId);
      // A's conversation still answers on A's socket.
      a.say(id, 'still mine');
      expect((await a.take('bot_message')).event_payload['conversation_id']).toBe(id);
      expect(b.events.map((e) => e.event_type)).not.toContain('bot_message');
    });

    it('never deletes another key’s conversation, by id or by user', async () => {
      b.send('delete_conversation', { conversation_id: id });
      expect((await b.take('general_error')).event_payload).toEqual(invalid(id));
      b.send('delete_user_conversations', { userId: 'alice' });
      await b.take('delete_conversation_success');
      expect(hub.conversation(id)).toBeDefined();
    });

    it('refuses a POST naming a socket opened with another key', async () => {
      const post = (key: string) =>
        fetch(`${hub.httpUrl}/api/custom-channel/sockets/message`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({
            action: 'sendMessage',
            event: {
              event_type: 'metadata_request',
              event_payload: { conversation_id: id },
              socket_id: a.socketId,
            },
          }),
        });
      const refused = await post('keyB');
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain('s3');
      expect(hub.received.ofType('metadata_request')).toHaveLength(0);
      const own = await post('keyA');
      expect(own.status).toBe(200);
      expect(hub.received.ofType('metadata_request')).toHaveLength(1);
    });
  });

  describe('without apiKeys (one channel)', () => {
    beforeEach(() => setUp(undefined));

    it('lets any socket list, read and carry on a conversation, whatever key it gave', async () => {
      b.send('get_user_conversations', { userId: 'alice' });
      expect((await b.take('user_conversations')).event_payload['conversations']).toEqual([
        { conversation_id: id, metadata: { secret: 's3' } },
      ]);
      b.say(id, 'moved');
      expect((await b.take('bot_message')).event_payload['conversation_id']).toBe(id);
      expect(hub.conversation(id)!.connectionId).toBe(b.socketId);
    });
  });
});

describe('emulator API-key channels, seen by this library’s client', () => {
  it('key B neither lists nor reads a conversation started on key A', async () => {
    const emulator = await startHubEmulator({ port: 0, apiKeys: ['keyA', 'keyB'] });
    const a = connectHub({ url: emulator.url, apiKey: 'keyA' });
    const b = connectHub({ url: emulator.url, apiKey: 'keyB' });
    try {
      const conversation = await firstValueFrom(
        a.startConversation$({ userId: 'alice', metadata: { secret: 's3' } }),
      );
      const boundToA = emulator.conversation(conversation.id)!.connectionId;
      const listed = await firstValueFrom(b.userConversations$({ userId: 'alice' }));
      expect(listed.conversations).toEqual([]);
      const read = firstValueFrom(b.conversation(conversation.id).transcript$());
      await expect(read).rejects.toMatchObject({ code: 'HUB_ERROR' });
      expect(emulator.conversation(conversation.id)!.connectionId).toBe(boundToA);
    } finally {
      a.close();
      b.close();
      await emulator.stop();
    }
  });
});

describe('emulator API-key channels, large replies', () => {
  it('serves a message_link only to the key whose socket it was sent to', async () => {
    const clients = new TrackedClients();
    const hub = await startHubEmulator({
      port: 0,
      apiKeys: ['keyA', 'keyB'],
      limits: { maxMessageBytes: 3000 },
    });
    try {
      const a = await clients.open(hub.urlWithKey('keyA'));
      const id = await a.start({ userId: 'alice' }, { userFirst: true });
      a.say(id, 'x'.repeat(2000));
      await a.take('bot_message');
      a.send('conversation_transcript_request', { conversation_id: id });
      const link = (await a.take('general_error')).event_payload['message_link'] as string;
      const status = async (key: string) => (await fetch(link, { headers: { 'x-api-key': key } })).status;
      expect(await status('keyB')).toBe(404);
      expect(await status('keyA')).toBe(200);
    } finally {
      await clients.closeAll(() => hub.stop());
    }
  });
});
