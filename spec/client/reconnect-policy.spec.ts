import { ConnectionError } from '../../lib/errors.js';
import { fakeHub, record } from './support/fake-connection.js';

describe('pending requests across a reconnect', () => {
  it('re-sends an idempotent request once on the next socket when its socket died before the answer', () => {
    const { hub, connection } = fakeHub();
    const metadata = record(hub.conversation('c1').metadata$());
    connection.drop();
    expect(connection.sentOfType('metadata_request')).toHaveLength(2);
    connection.reconnect();
    connection.receive('conversation_metadata', { conversation_id: 'c1', content: { ok: true } });
    expect(metadata.values).toEqual([{ ok: true }]);
    hub.close();
  });

  it('fails the idempotent request with CONNECTION_LOST if the re-sent frame is lost too', () => {
    const { hub, connection } = fakeHub();
    const transcript = record(hub.conversation('c1').transcript$());
    connection.drop();
    connection.reconnect();
    connection.drop();
    expect(transcript.error).toBeInstanceOf(ConnectionError);
    expect(transcript.error).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(connection.sentOfType('conversation_transcript_request')).toHaveLength(2);
    hub.close();
  });

  it.each([
    [
      'setMetadata',
      (c: ReturnType<ReturnType<typeof fakeHub>['hub']['conversation']>) => c.setMetadata({ a: 1 }),
      'metadata',
    ],
    [
      'editMessage',
      (c: ReturnType<ReturnType<typeof fakeHub>['hub']['conversation']>) => c.editMessage('m1', 'x'),
      'edit_message',
    ],
  ] as const)('re-sends %s (idempotent) after a loss', (_name, call, sentType) => {
    const { hub, connection } = fakeHub();
    const result = record(call(hub.conversation('c1')));
    connection.drop();
    connection.reconnect();
    expect(connection.sentOfType(sentType)).toHaveLength(2);
    expect(result.error).toBeUndefined();
    hub.close();
  });

  it('fails non-idempotent requests (delete$, deleteUserConversations$) with CONNECTION_LOST', () => {
    const { hub, connection } = fakeHub();
    const deleted = record(hub.conversation('c1').delete$());
    const deletedAll = record(hub.deleteUserConversations$('u1'));
    connection.drop();
    expect(deleted.error).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(deletedAll.error).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(connection.sentOfType('delete_conversation')).toHaveLength(2);
    expect(connection.requestsInFlight).toBe(0);
    hub.close();
  });

  it('leaves a request that was never written alone: it goes out on the next socket', () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    connection.drop();
    const deleted = record(conversation.delete$());
    connection.reconnect();
    expect(deleted.error).toBeUndefined();
    connection.receive('delete_conversation_success', { conversation_id: 'c1' });
    expect(deleted.completed).toBe(true);
    expect(connection.sentOfType('delete_conversation')).toHaveLength(1);
    hub.close();
  });
});

describe('conversation retained across reconnects', () => {
  it('id$ emits the id now and again after every reconnect', () => {
    const { hub, connection } = fakeHub();
    const ids = record(hub.conversation('c1').id$);
    expect(ids.values).toEqual(['c1']);
    connection.drop();
    expect(ids.values).toEqual(['c1']);
    connection.reconnect();
    connection.drop();
    connection.reconnect();
    expect(ids.values).toEqual(['c1', 'c1', 'c1']);
    hub.close();
    expect(ids.completed).toBe(true);
  });

  it('recoverOnReconnect fetches the transcript after a reconnect and emits only the missed messages', () => {
    const { hub, connection } = fakeHub({ recoverOnReconnect: true });
    const conversation = hub.conversation('c1');
    const messages = record(conversation.messages$);
    connection.receive(
      'bot_message',
      { conversation_id: 'c1', content: [{ type: 'text', text: 'Hello' }] },
      'e1',
    );
    connection.drop();
    expect(connection.sentOfType('conversation_transcript_request')).toHaveLength(0);
    connection.reconnect();
    expect(connection.sentOfType('conversation_transcript_request')).toHaveLength(1);
    connection.receive('conversation_transcript', {
      conversation_id: 'c1',
      transcript: [
        { event_id: 'e1', messages: [{ from: 'chatbot', messages: [{ type: 'text', text: 'Hello' }] }] },
        { event_id: 'u1', messages: [{ from: 'user', messages: [{ type: 'text', text: 'agent' }] }] },
        {
          event_id: 'e2',
          messages: [{ from: 'livechat', messages: [{ type: 'text', text: 'Agent here' }] }],
        },
      ],
    });
    expect(messages.values.map((m) => [m.from, m.source, m.id])).toEqual([
      ['bot', 'socket', 'e1'],
      ['agent', 'transcript', 'e2'],
    ]);
    hub.close();
  });

  it('reports a failed automatic recovery on the conversation errors$', () => {
    const { hub, connection } = fakeHub({ recoverOnReconnect: true });
    const errors = record(hub.conversation('c1').errors$);
    connection.drop();
    connection.reconnect();
    connection.receive('general_error', {
      conversation_id: 'c1',
      error_code: 400,
      error_desc: 'Invalid conversation_id',
    });
    expect(errors.values).toEqual([expect.objectContaining({ code: 'HUB_ERROR', hubCode: 400 })]);
    hub.close();
  });
});
