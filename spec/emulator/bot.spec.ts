import { startHubEmulator, type Bot, type HubEmulator } from '../../lib/emulator/index.js';
import { TrackedClients } from './support/test-client.js';

describe('hub emulator — bot', () => {
  let hub: HubEmulator;
  const clients = new TrackedClients();
  const open = () => clients.open(hub.urlWithKey('k'));
  afterEach(() => clients.closeAll(() => hub.stop()));

  describe('default bot', () => {
    beforeEach(async () => {
      hub = await startHubEmulator({ apiKeys: ['k'], limits: { maxMessageBytes: 4096 } });
    });

    it.each(['I want an agent', 'HUMAN please'])(
      'escalates on "%s" and hands over to agent Sam',
      async (text) => {
        const client = await open();
        const id = await client.start();
        client.say(id, text);
        const action = await client.take('action');
        expect(action.event_payload).toEqual({
          conversation_id: id,
          actions: [{ id: 'escalateToHuman', data: {} }],
        });
        const update = await client.take('conversation_update');
        expect(update.event_payload).toMatchObject({
          type: 'livechatAgentConnected',
          conversation_id: id,
          data: { agentInfo: { name: 'Sam' } },
        });
        const agent = await client.take('livechat_message');
        expect(agent.event_payload).toMatchObject({ type: 'message_create', conversation_id: id });
        client.say(id, 'my bill');
        const next = await client.take('livechat_message');
        expect(next.event_payload['content'][0].text).toContain('you said: my bill');
        client.say(id, 'bye');
        await client.take(
          'conversation_update',
          (e) => e.event_payload['type'] === 'livechatAgentDisconnected',
        );
      },
    );

    it('escalates on the escalateToHuman action', async () => {
      const client = await open();
      const id = await client.start({}, { userFirst: true });
      client.send('action', { type: 'normal', id: 'escalateToHuman', data: {}, conversation_id: id });
      await client.take('action');
      await client.take('conversation_update');
      await client.take('livechat_message');
      expect(hub.received.forConversation(id).map((e) => e.eventType)).toEqual([
        'conversation_start',
        'action',
      ]);
    });

    it('sends redirectToContactUs on "contact"', async () => {
      const client = await open();
      const id = await client.start();
      client.say(id, 'how do I contact you');
      const action = await client.take('action');
      expect(action.event_payload['actions']).toEqual([
        { id: 'redirectToContactUs', data: { url: '/contact' } },
      ]);
    });

    it('replaces a reply too large for the socket by general_error 413 with a message_link served over HTTP', async () => {
      const client = await open();
      const id = await client.start();
      client.say(id, 'something big');
      const error = await client.take('general_error');
      expect(error.event_payload).toMatchObject({ conversation_id: id, error_code: 413 });
      const link = error.event_payload['message_link'] as string;
      expect(link.startsWith(`${hub.httpUrl}/messages/`)).toBe(true);
      expect((await fetch(link)).status).toBe(401);
      expect((await fetch(link, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
      const response = await fetch(link, { headers: { 'x-api-key': 'k' } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { botMessage: { content: { text: string }[] } };
      expect(body.botMessage.content[0]?.text).toHaveLength(4097);
      expect((await fetch(`${hub.httpUrl}/messages/nope`, { headers: { 'x-api-key': 'k' } })).status).toBe(
        404,
      );
    });
  });

  describe('custom bot', () => {
    it('is called for starts, messages and actions, may be async, and may fail without harm', async () => {
      const seen: string[] = [];
      const bot: Bot = async (input, ctx) => {
        seen.push(input.kind);
        await Promise.resolve();
        if (input.kind === 'user_message' && input.text === 'fail') throw new Error('flow broke');
        if (input.kind === 'user_message') ctx.reply([{ type: 'text', text: input.text.toUpperCase() }]);
        if (input.kind === 'action') ctx.updateConversation('failedAgentAssignment', { why: input.id });
      };
      const warnings: string[] = [];
      hub = await startHubEmulator({ bot, logger: { warn: (m) => warnings.push(m) } });
      const client = await clients.open(hub.urlWithKey());
      const id = await client.start({}, { userFirst: true });
      client.say(id, 'fail');
      client.say(id, 'shout');
      expect((await client.take('bot_message')).event_payload['content']).toEqual([
        { type: 'text', text: 'SHOUT' },
      ]);
      client.send('action', { id: 'escalateToHuman', conversation_id: id });
      expect((await client.take('conversation_update')).event_payload).toMatchObject({
        type: 'failedAgentAssignment',
        data: { why: 'escalateToHuman' },
      });
      expect(seen).toEqual(['conversation_start', 'user_message', 'user_message', 'action']);
      expect(warnings.join()).toContain('flow broke');
    });
  });

  describe('test hooks', () => {
    beforeEach(async () => {
      hub = await startHubEmulator({ apiKeys: ['k'] });
    });

    it('agentSays, sendAction, botSays and updateConversation reach the conversation’s socket', async () => {
      const client = await open();
      const id = await client.start();
      hub.agentSays(id, 'hello from a human');
      hub.sendAction(id, [{ id: 'redirectToContactUs', data: { url: '/x' } }]);
      hub.botSays(id, 'out of band');
      hub.updateConversation(id, 'livechatAgentDisconnected');
      expect((await client.take('livechat_message')).event_payload['content']).toEqual([
        { type: 'text', text: 'hello from a human' },
      ]);
      expect((await client.take('action')).event_payload['actions'][0].id).toBe('redirectToContactUs');
      await client.take('bot_message', (e) => e.event_payload['content'][0].text === 'out of band');
      await client.take('conversation_update');
      expect(() => hub.agentSays('nope', 'x')).toThrow(/Unknown conversation/);
    });
  });
});
