import { firstValueFrom } from 'rxjs';
import { HubResponseError, InvalidArgumentError } from '../../lib/errors.js';
import { fakeHub, record } from './support/fake-connection.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('conversation sends (hot)', () => {
  it('sendText sends at the call, without a subscriber, and replays { clientMsgId }', async () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    const sent$ = conversation.sendText('hello');
    const event = connection.lastSent();
    expect(event).toMatchObject({
      type: 'user_message',
      payload: { conversationId: 'c1', content: { type: 'text', text: 'hello' } },
    });
    const { clientMsgId } = await firstValueFrom(sent$);
    expect(clientMsgId).toMatch(UUID);
    expect(event.payload).toMatchObject({ clientMsgId });
    hub.close();
  });

  it('sendMessage with files, sendAction and validation errors', async () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    conversation.sendMessage({ text: 'doc', files: [{ type: 'file', filename: 'a.pdf', url: 'https://f' }] });
    expect(connection.lastSent().payload).toMatchObject({
      content: { text: 'doc', files: [{ filename: 'a.pdf' }] },
    });
    await firstValueFrom(conversation.sendAction('escalateToHuman', { reason: 'x' }));
    expect(connection.lastSent()).toEqual({
      type: 'action',
      payload: { id: 'escalateToHuman', conversationId: 'c1', data: { reason: 'x' } },
    });
    await expect(firstValueFrom(conversation.sendMessage({}))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(firstValueFrom(conversation.sendAction(''))).rejects.toBeInstanceOf(InvalidArgumentError);
    hub.close();
  });

  it('a closed conversation refuses every call with CONNECTION_CLOSED', async () => {
    const { hub } = fakeHub();
    const conversation = hub.conversation('c1');
    conversation.close();
    await expect(firstValueFrom(conversation.sendText('x'))).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    });
    await expect(firstValueFrom(conversation.metadata$())).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    });
    hub.close();
  });
});

describe('conversation requests', () => {
  it('setMetadata is hot and completes on metadata_update_success for its conversation only', () => {
    const { hub, connection } = fakeHub();
    const a = hub.conversation('a');
    hub.conversation('b');
    const result = record(a.setMetadata({ plan: 'pro' }, 'bot'));
    expect(connection.lastSent()).toMatchObject({
      type: 'metadata',
      payload: { metadata: { plan: 'pro' }, target: 'bot', conversationId: 'a' },
    });
    expect(connection.requestsInFlight).toBe(1);
    connection.receive('metadata_update_success', { conversation_id: 'b' });
    expect(result.values).toHaveLength(0);
    connection.receive('metadata_update_success', { conversation_id: 'a' });
    expect(result.values[0]?.clientMsgId).toMatch(UUID);
    expect(result.completed).toBe(true);
    expect(connection.requestsInFlight).toBe(0);
    hub.close();
  });

  it('metadata$ and transcript$ are cold and emit the answer', async () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    const metadata$ = conversation.metadata$();
    expect(connection.sent).toHaveLength(0);
    const metadata = firstValueFrom(metadata$);
    connection.receive('conversation_metadata', { conversation_id: 'c1', content: { mode: 'support' } });
    await expect(metadata).resolves.toEqual({ mode: 'support' });
    const transcript = firstValueFrom(conversation.transcript$());
    expect(connection.lastSent()).toEqual({
      type: 'conversation_transcript_request',
      payload: { conversationId: 'c1' },
    });
    connection.receive('conversation_transcript', {
      conversation_id: 'c1',
      messages: [{ from: 'chatbot', messages: [{ type: 'text', text: 'hi' }] }],
    });
    await expect(transcript).resolves.toEqual([
      expect.objectContaining({ from: 'bot', parts: [{ type: 'text', text: 'hi' }] }),
    ]);
    hub.close();
  });

  it('editMessage is matched by conversation and message id, one request of the conversation on the wire at a time', () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    const first = record(conversation.editMessage('m1', 'fixed'));
    const second = record(conversation.editMessage('m2', { type: 'text', text: 'other' }));
    expect(connection.sentOfType('edit_message').map((e) => e.payload.messageId)).toEqual(['m1']);
    // An answer naming another message is not m1's.
    connection.receive('message_edited_success', { conversation_id: 'c1', message_id: 'm2' });
    expect(first.completed).toBe(false);
    expect(second.completed).toBe(false);
    connection.receive('message_edited_success', { conversation_id: 'c1', message_id: 'm1' });
    expect(first.completed).toBe(true);
    expect(connection.sentOfType('edit_message').map((e) => e.payload.messageId)).toEqual(['m1', 'm2']);
    connection.receive('message_edited_success', { conversation_id: 'c1', message_id: 'm2' });
    expect(second.completed).toBe(true);
    hub.close();
  });

  it('a general_error for the conversation fails its pending request with HubResponseError (reported once)', async () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('nope');
    const errors = record(conversation.errors$);
    const metadata = firstValueFrom(conversation.metadata$());
    connection.receive('general_error', {
      conversation_id: 'nope',
      error_code: '400',
      error_desc: 'Invalid conversation_id',
    });
    await expect(metadata).rejects.toBeInstanceOf(HubResponseError);
    await expect(metadata).rejects.toMatchObject({ hubCode: 400, hubDescription: 'Invalid conversation_id' });
    expect(errors.values).toEqual([]);
    hub.close();
  });

  it('delete$ closes the conversation once the hub confirms', () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    const messages = record(conversation.messages$);
    const deleted = record(conversation.delete$());
    connection.receive('delete_conversation_success', { conversation_id: 'c1', userId: 'u' });
    expect(deleted.values).toHaveLength(1);
    expect(messages.completed).toBe(true);
    expect(connection.holds).toBe(0);
    hub.close();
  });

  it('userConversations$ picks v1 or v2 and runs one listing at a time', () => {
    const { hub, connection } = fakeHub();
    const plain = record(hub.userConversations$({ userId: 'u1' }));
    const paged = record(hub.userConversations$({ userId: 'u2', pagination: { page: 1, limit: 10 } }));
    expect(connection.sent).toEqual([{ type: 'get_user_conversations', payload: { userId: 'u1' } }]);
    connection.receive('user_conversations', { conversations: [{ conversation_id: 'u1-a', metadata: {} }] });
    expect(plain.values[0]?.conversations.map((c) => c.conversationId)).toEqual(['u1-a']);
    expect(connection.lastSent()).toMatchObject({
      type: 'get_user_conversations_v2',
      payload: { userId: 'u2', pagination: { page: 1, limit: 10 } },
    });
    connection.receive('user_conversations', { conversations: [] });
    expect(paged.values[0]?.conversations).toEqual([]);
    hub.close();
  });

  it('deleteUserConversations$ is matched by userId', () => {
    const { hub, connection } = fakeHub();
    const result = record(hub.deleteUserConversations$('u1'));
    expect(connection.lastSent()).toEqual({ type: 'delete_conversation', payload: { userId: 'u1' } });
    connection.receive('delete_conversation_success', { userId: 'u2' });
    expect(result.completed).toBe(false);
    connection.receive('delete_conversation_success', { userId: 'u1' });
    expect(result.completed).toBe(true);
    hub.close();
  });
});
