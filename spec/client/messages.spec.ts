import { firstValueFrom, toArray } from 'rxjs';
import type { ChatMessage } from '../../lib/conversation/chat-message.js';
import { MessageFetchError } from '../../lib/errors.js';
import type { FetchLike } from '../../lib/options.js';
import { fakeHub, record } from './support/fake-connection.js';

const buttons = { type: 'button', buttons: { title: 'Pick', options: [{ label: 'Hours', value: 'hours' }] } };

describe('messages$', () => {
  it('normalises bot_message and livechat_message to { from, id, parts, source, raw }', () => {
    const { hub, connection } = fakeHub();
    const messages = record(hub.conversation('c1').messages$);
    connection.receive(
      'bot_message',
      { conversation_id: 'c1', ch_msg_id: 'm1', content: [{ type: 'text', text: 'Hi' }, buttons] },
      'e1',
    );
    connection.receive(
      'livechat_message',
      {
        conversation_id: 'c1',
        content: [
          {
            type: 'files',
            files: [{ type: 'image', url: 'https://i', mimetype: 'image/png', filename: null }],
          },
        ],
      },
      'e2',
    );
    const [bot, agent] = messages.values as [ChatMessage, ChatMessage];
    expect(bot).toMatchObject({ from: 'bot', id: 'm1', source: 'socket' });
    expect(bot.parts).toEqual([
      { type: 'text', text: 'Hi' },
      { type: 'buttons', buttons: { title: 'Pick', options: [{ label: 'Hours', value: 'hours' }] } },
    ]);
    expect(bot.raw.event_type).toBe('bot_message');
    expect(agent).toMatchObject({ from: 'agent', id: 'e2', parts: [{ type: 'files' }] });
    hub.close();
  });

  it('keeps messages, actions and updates that arrive before the first subscriber', async () => {
    const { hub, connection } = fakeHub();
    const conversation = hub.conversation('c1');
    connection.receive('bot_message', {
      conversation_id: 'c1',
      content: [{ type: 'text', text: 'greeting' }],
    });
    connection.receive('action', {
      conversation_id: 'c1',
      actions: [{ id: 'redirectToContactUs', data: {} }],
    });
    connection.receive('conversation_update', {
      conversation_id: 'c1',
      type: 'livechatAgentConnected',
      data: {},
    });
    const early = record(conversation.messages$);
    expect(early.values.map((m) => m.parts)).toEqual([[{ type: 'text', text: 'greeting' }]]);
    expect((await firstValueFrom(conversation.actions$)).payload.actions[0]?.id).toBe('redirectToContactUs');
    expect((await firstValueFrom(conversation.updates$)).payload.type).toBe('livechatAgentConnected');
    // A later subscriber gets live messages only.
    const late = record(conversation.messages$);
    expect(late.values).toEqual([]);
    hub.close();
  });
});

describe('large replies (general_error 413 with message_link)', () => {
  const tooLarge = {
    conversation_id: 'c1',
    error_code: 413,
    error_desc: 'Payload too large',
    message_link: 'https://hub.test/m/1',
  };

  it('fetches the link with x-api-key and emits it as the bot message', async () => {
    const calls: [string, Record<string, string>][] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push([url, init.headers]);
      return Response.json({ botMessage: { content: [{ type: 'text', text: 'big answer' }] } });
    };
    const { hub, connection } = fakeHub({ url: 'wss://hub.test', fetch });
    const conversation = hub.conversation('c1');
    const errors = record(conversation.errors$);
    const message = firstValueFrom(conversation.messages$);
    connection.receive('general_error', tooLarge, 'e9');
    await expect(message).resolves.toMatchObject({
      from: 'bot',
      source: 'link',
      parts: [{ type: 'text', text: 'big answer' }],
    });
    expect(calls).toEqual([['https://hub.test/m/1', { 'x-api-key': 'secret-key' }]]);
    expect(errors.values).toEqual([]);
    hub.close();
  });

  it.each([
    ['an HTTP error', async () => Response.json({}, { status: 404 }), 404],
    ['a body without botMessage', async () => Response.json({ nope: 1 }), 200],
    ['a body that is not JSON', async () => new Response('<html>'), 200],
    ['a network failure', async () => Promise.reject(new TypeError('fetch failed')), undefined],
  ] as const)(
    'reports %s as MessageFetchError on errors$, never as a message',
    async (_name, fetch, status) => {
      const { hub, connection } = fakeHub({ url: 'wss://hub.test', fetch: fetch as FetchLike });
      const conversation = hub.conversation('c1');
      const messages = record(conversation.messages$);
      const error = firstValueFrom(conversation.errors$);
      connection.receive('general_error', tooLarge);
      const failure = await error;
      expect(failure).toBeInstanceOf(MessageFetchError);
      expect(failure).toMatchObject({ code: 'MESSAGE_FETCH_FAILED', conversationId: 'c1', status });
      expect(failure.message).not.toContain('secret-key');
      expect(failure.message).not.toContain('hub.test');
      expect(messages.values).toEqual([]);
      hub.close();
    },
  );

  it('aborts a pending fetch when the conversation closes', async () => {
    let signal: AbortSignal | undefined;
    const fetch: FetchLike = (_url, init) => {
      signal = init.signal;
      return new Promise(() => undefined);
    };
    const { hub, connection } = fakeHub({ url: 'wss://hub.test', fetch });
    const conversation = hub.conversation('c1');
    const messages = firstValueFrom(conversation.messages$.pipe(toArray()));
    connection.receive('general_error', tooLarge);
    hub.close();
    expect(signal?.aborted).toBe(true);
    await expect(messages).resolves.toEqual([]);
  });
});
