import type { HubEmulator } from '../../lib/emulator/index.js';
import { freshKey, loadVendor, startVendorHub, textOf, VendorInbox } from './support/vendor-hub.js';

/**
 * The vendor's client `captivate-chat-api`, unpatched, against the emulator on its default options:
 * one test per flow the hub serves. Claims are checked on the hub's side (ledger, conversations).
 */
describe('the vendor client (captivate-chat-api) against the emulator on defaults', () => {
  const { CaptivateChatAPI, CaptivateChatManager } = loadVendor();
  let emulator: HubEmulator;
  let stop: () => Promise<void>;

  beforeEach(async () => ({ emulator, stop } = await startVendorHub()));
  afterEach(() => stop());

  const connect = (key = freshKey()) => CaptivateChatAPI.create(key);
  const userFirst = async (userId: string, metadata: Record<string, unknown> = {}, secret?: object) =>
    (await connect()).createConversation(userId, {}, metadata, 'user-first', secret ?? {});

  it('connects: socket_connected is read and its socket id is the emulator’s', async () => {
    const api = await connect();
    expect(api.isSocketActive()).toBe(true);
    // The vendor's guard proxy makes every method but a few async.
    expect(emulator.connections().map((c) => c.id)).toEqual([await api.getSocketId()]);
  });

  it('creates a conversation (user-first): the hub started it for that user, over HTTP', async () => {
    const conversation = await userFirst('vendor-user', { plan: 'pro' });
    const id = conversation.getConversationId();
    expect(emulator.conversation(id)).toMatchObject({ userId: 'vendor-user', metadata: { plan: 'pro' } });
    expect(emulator.received.forConversation(id).map((e) => [e.eventType, e.via])).toEqual([
      ['conversation_start', 'http'],
    ]);
  });

  it('receives the greeting of a bot-first conversation, sent on its empty trigger', async () => {
    const api = await connect();
    const conversation = await api.createConversation('greeted');
    const inbox = new VendorInbox(conversation);
    const greeting = await inbox.next(() => true);
    expect(greeting.type).toBe('ai_agent');
    expect(textOf(greeting.content)).toBe('Hello, I am the emulator bot.');
    expect(greeting.content).toContainEqual(expect.objectContaining({ type: 'buttons' }));
    const id = conversation.getConversationId();
    expect(emulator.received.forConversation(id).map((e) => e.eventType)).toEqual([
      'conversation_start',
      'user_message',
    ]);
    expect(inbox.messages.map((m) => textOf(m.content))).not.toContain('You said: ');
  });

  it('sends a message and receives the bot’s answer', async () => {
    const conversation = await userFirst('talker');
    const inbox = new VendorInbox(conversation);
    await conversation.sendMessage('hello there');
    const reply = await inbox.next((m) => textOf(m.content).startsWith('You said'));
    expect(textOf(reply.content)).toBe('You said: hello there');
    expect(emulator.received.ofType('user_message').map((e) => e.payload['content'])).toEqual([
      { type: 'text', text: 'hello there' },
    ]);
  });

  it('resumes a conversation by id (getConversation) and carries on in it', async () => {
    const api = await connect();
    const started = await api.createConversation('resumer', {}, {}, 'user-first');
    // Behind the vendor's guard proxy, getConversation is async too.
    const resumed = (await api.getConversation(started.getConversationId())) as typeof started;
    const inbox = new VendorInbox(resumed);
    await resumed.sendMessage('still here');
    expect(textOf((await inbox.next((m) => textOf(m.content).startsWith('You said'))).content)).toBe(
      'You said: still here',
    );
    expect(emulator.received.forConversation(started.getConversationId()).map((e) => e.eventType)).toEqual([
      'conversation_start',
      'user_message',
    ]);
  });

  it('sends a message with file descriptors (files made outside the hub) and keeps them in the transcript', async () => {
    const conversation = await userFirst('filer');
    const inbox = new VendorInbox(conversation);
    const file = { filename: 'a.pdf', type: 'application/pdf', url: 'https://files.example/a.pdf' };
    await conversation.sendMessage({ text: 'see attached', files: [file] });
    await inbox.next((m) => textOf(m.content) === 'You said: see attached');
    const transcript = (await conversation.getTranscript()) as { messages: { files: object[] }[] }[];
    expect(transcript[0]!.messages[0]!.files).toEqual([file]);
  });

  it('sets metadata and reads it back from the HTTP answer', async () => {
    const conversation = await userFirst('meta', { plan: 'pro' });
    await conversation.setMetadata({ seats: 3 });
    expect(await conversation.getMetadata()).toEqual({ plan: 'pro', seats: 3 });
    // The vendor's client always sends a `private` part (empty unless given); the hub keeps it.
    expect(emulator.conversation(conversation.getConversationId())?.metadata).toEqual({
      plan: 'pro',
      seats: 3,
      private: {},
    });
  });

  it('never returns private metadata: not in getMetadata, not in getUserConversations', async () => {
    const conversation = await userFirst('secretive', { shown: 1 }, { token: 'at-start' });
    await conversation.setPrivateMetadata({ token: 'later' });
    const id = conversation.getConversationId();
    expect(emulator.conversation(id)?.metadata).toEqual({ shown: 1, private: { token: 'later' } });
    expect(await conversation.getMetadata()).toEqual({ shown: 1 });
    const api = CaptivateChatAPI.getInstance(conversation.apiKey)!;
    const { conversations } = await api.getUserConversations('secretive');
    expect(conversations.map((c) => (c as unknown as { metadata: object }).metadata)).toEqual([{ shown: 1 }]);
  });

  it('lists a user’s conversations (v1)', async () => {
    const api = await connect();
    const a = await api.createConversation('lister', {}, {}, 'user-first');
    const b = await api.createConversation('lister', {}, {}, 'user-first');
    await api.createConversation('someone-else', {}, {}, 'user-first');
    const { conversations, pagination } = await api.getUserConversations('lister');
    expect(conversations.map((c) => c.getConversationId())).toEqual([
      a.getConversationId(),
      b.getConversationId(),
    ]);
    expect(pagination).toBeUndefined();
  });

  it('lists with filter, search and pagination (v2)', async () => {
    const api = await connect();
    for (const mode of ['frederick', 'alfred', 'dbfred', 'bob']) {
      await api.createConversation('v2-user', {}, { mode }, 'user-first');
    }
    const searched = await api.getUserConversations({
      userId: 'v2-user',
      search: { mode: 'fred' },
      pagination: { page: '1', limit: '2' },
    });
    expect(searched.conversations).toHaveLength(2);
    expect(searched.pagination).toEqual({
      hasNextPage: true,
      hasPrevPage: false,
      page: 1,
      pageSize: 2,
      total: 3,
      totalPages: 2,
    });
    const filtered = await api.getUserConversations({ userId: 'v2-user', filter: { mode: 'dbfred' } });
    expect(filtered.conversations).toHaveLength(1);
    expect(emulator.received.ofType('get_user_conversations_v2')).toHaveLength(2);
  });

  it('lists across API keys with the multi-key manager, each conversation on its own key', async () => {
    const [k1, k2] = [freshKey(), freshKey()];
    const manager = await CaptivateChatManager.create([k1, k2]);
    const c1 = await manager.getApiInstance(k1)!.createConversation('multi', {}, {}, 'user-first');
    const c2 = await manager.getApiInstance(k2)!.createConversation('multi', {}, {}, 'user-first');
    const { conversations } = await manager.getUserConversations({ userId: 'multi', apiKeys: [k1, k2] });
    expect(conversations.map((c) => [c.getConversationId(), c.apiKey])).toEqual([
      [c1.getConversationId(), k1],
      [c2.getConversationId(), k2],
    ]);
    const only = await manager.getUserConversations({ userId: 'multi', apiKeys: [k2] });
    expect(only.conversations.map((c) => c.getConversationId())).toEqual([c2.getConversationId()]);
    // The manager's conversations carry no socket_id: still handled, on their key's socket.
    await only.conversations[0]!.sendMessage('via the manager');
    expect(emulator.received.forConversation(c2.getConversationId()).at(-1)).toMatchObject({
      eventType: 'user_message',
      via: 'http',
      connectionId: await manager.getApiInstance(k2)!.getSocketId(),
    });
  });

  it('reads the transcript over REST', async () => {
    const conversation = await userFirst('historian');
    const inbox = new VendorInbox(conversation);
    await conversation.sendMessage('one');
    await inbox.next((m) => textOf(m.content) === 'You said: one');
    const transcript = (await conversation.getTranscript()) as { messages: { from: string }[] }[];
    expect(transcript.map((entry) => entry.messages[0]?.from)).toEqual(['user', 'chatbot']);
  });

  it('edits a message', async () => {
    const conversation = await userFirst('editor');
    const inbox = new VendorInbox(conversation);
    // Not "opening hours?": the default bot answers that with the hours, not "You said".
    await conversation.sendMessage('open on Sunday?');
    await inbox.next((m) => textOf(m.content).startsWith('You said'));
    const messageId = emulator.received.ofType('user_message')[0]!.clientMsgId!;
    await conversation.editMessage(messageId, 'open on Sunday at noon?');
    const transcript = (await conversation.getTranscript()) as { messages: object[] }[];
    expect(transcript[0]!.messages[0]).toMatchObject({
      edited: true,
      messages: [{ type: 'text', text: 'open on Sunday at noon?' }],
    });
  });

  it('deletes a conversation, then all of a user’s', async () => {
    const api = await connect();
    const one = await api.createConversation('deleter', {}, {}, 'user-first');
    const two = await api.createConversation('deleter', {}, {}, 'user-first');
    await one.delete();
    expect(emulator.conversation(one.getConversationId())).toBeUndefined();
    await expect(one.getMetadata()).rejects.toThrow(/400/);
    await api.deleteUserConversations('deleter');
    expect(emulator.conversation(two.getConversationId())).toBeUndefined();
    expect((await api.getUserConversations('deleter')).conversations).toEqual([]);
  });

  it('hands over to a live agent: action, conversation update, human_agent messages', async () => {
    const conversation = await userFirst('escalator');
    const inbox = new VendorInbox(conversation);
    const updates: { type: string }[] = [];
    const actions: { id: string }[][] = [];
    void conversation.onConversationUpdate((update: { type: string }) => updates.push(update));
    void conversation.onActionReceived((received: [{ id: string }]) => actions.push(received));
    await conversation.sendMessage('I want a human');
    const agent = await inbox.next((m) => m.type === 'human_agent');
    expect(textOf(agent.content)).toMatch(/this is Sam/);
    expect(actions).toEqual([[{ id: 'escalateToHuman', data: {} }]]);
    expect(updates).toEqual([expect.objectContaining({ type: 'livechatAgentConnected' })]);
    emulator.agentSays(conversation.getConversationId(), 'from the console');
    expect(textOf((await inbox.next((m) => textOf(m.content) === 'from the console')).content)).toBe(
      'from the console',
    );
  });

  it('sends an action (a button) and gets the bot’s answer', async () => {
    const conversation = await userFirst('clicker');
    const inbox = new VendorInbox(conversation);
    await conversation.sendAction('hours', { from: 'button' });
    await inbox.next((m) => textOf(m.content).length > 0);
    expect(emulator.received.ofType('action').map((e) => e.payload)).toEqual([
      expect.objectContaining({ id: 'hours', type: 'normal', data: { from: 'button' } }),
    ]);
  });

  it('fetches a reply too large for the socket from its message_link', async () => {
    const conversation = await userFirst('big-reader');
    const inbox = new VendorInbox(conversation);
    await conversation.sendMessage('something big');
    const big = await inbox.next((m) => m.type === 'ai_agent');
    expect(textOf(big.content)).toHaveLength(128 * 1024 + 1);
  });

  it('stores the file time-to-live in the metadata', async () => {
    const conversation = await userFirst('ttl');
    await conversation.setTimeToLive(7);
    expect(await conversation.getMetadata()).toEqual({ timeToLive: 7 });
  });
});
