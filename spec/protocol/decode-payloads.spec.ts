import type { HubEvent } from '../../lib/protocol/inbound';
import { decodeAs, frame } from './decode-helpers';

describe('decodeFrame: message parts', () => {
  const content = (parts: unknown) =>
    decodeAs('bot_message', frame('bot_message', { content: parts })).payload.content;

  it('returns the wire array itself when every part is already in model shape', () => {
    const event = decodeAs('bot_message', frame('bot_message', { content: [{ type: 'text', text: 'a' }] }));
    expect(event.payload.content).toBe((event.raw.event_payload as { content: unknown }).content);
  });

  it('renames button to buttons and wraps unknown or malformed parts whole', () => {
    const options = [{ label: 'L', value: 'v' }];
    expect(
      content([
        { type: 'text', text: 'a' },
        { type: 'button', buttons: { options } },
        { type: 'carousel', items: [] },
        { type: 'text', text: 5 },
        { type: 'unknown', raw: 1 },
        { type: 'buttons', buttons: { options: [{ label: 1, value: 'v' }] } },
        'plain string',
        null,
      ]),
    ).toEqual([
      { type: 'text', text: 'a' },
      { type: 'buttons', buttons: { options } },
      { type: 'unknown', raw: { type: 'carousel', items: [] } },
      { type: 'unknown', raw: { type: 'text', text: 5 } },
      { type: 'unknown', raw: { type: 'unknown', raw: 1 } },
      { type: 'unknown', raw: { type: 'buttons', buttons: { options: [{ label: 1, value: 'v' }] } } },
      { type: 'unknown', raw: { value: 'plain string' } },
      { type: 'unknown', raw: { value: null } },
    ]);
  });

  it('checks files and cards parts', () => {
    const file = { type: 'image', url: 'https://f', mimetype: 'image', filename: null };
    expect(content([{ type: 'files', files: [file] }])).toEqual([{ type: 'files', files: [file] }]);
    expect(content([{ type: 'files', files: [{ type: 'image' }] }])[0]?.type).toBe('unknown');
    expect(content([{ type: 'cards', cards: { items: 'x' } }])[0]?.type).toBe('unknown');
    expect(content([{ type: 'cards', cards: {} }])[0]?.type).toBe('cards');
  });

  it('accepts a lone part object or a string as content, and ignores other types', () => {
    expect(content('hi')).toEqual([{ type: 'text', text: 'hi' }]);
    expect(content({ type: 'text', text: 'x' })).toEqual([{ type: 'text', text: 'x' }]);
    expect(content(42)).toEqual([]);
    expect(content(null)).toEqual([]);
  });
});

describe('decodeFrame: actions', () => {
  const actions = (wire: unknown) => decodeAs('action', frame('action', { actions: wire })).payload.actions;

  it('maps legacy {type,title} and {type,action} entries to {id, data}', () => {
    expect(
      actions([
        { type: 'normal', title: 'escalateToHuman' },
        { type: 'normal', action: 'redirectToContactUs' },
        { id: 'x' },
        { id: 'y', data: { a: 1 } },
      ]),
    ).toEqual([
      { id: 'escalateToHuman', data: {} },
      { id: 'redirectToContactUs', data: {} },
      { id: 'x', data: {} },
      { id: 'y', data: { a: 1 } },
    ]);
  });

  it('leaves out entries with no usable id and survives a non-array', () => {
    expect(actions([{ type: 'normal' }, 3, null, { id: 4 }])).toEqual([]);
    expect(actions('escalate')).toEqual([]);
  });
});

describe('decodeFrame: transcripts', () => {
  const entries = (payload: unknown) =>
    decodeAs('conversation_transcript', frame('conversation_transcript', payload)).payload.entries;

  it('folds author spellings (chatbot, livechat, "agent ") and keeps unknown authors as bot', () => {
    const authors = ['user', 'chatbot', 'bot', 'livechat', 'agent ', 'Agent', 'system', 7];
    const result = entries({ messages: authors.map((from) => ({ from, messages: [] })) });
    expect(result.map((entry) => entry.from)).toEqual([
      'user',
      'bot',
      'bot',
      'agent',
      'agent',
      'agent',
      'bot',
      'bot',
    ]);
  });

  it('flattens the transcript form with its delivery event ids, skipping junk', () => {
    const result = entries({
      transcript: [
        { event_id: 'a', messages: [{ from: 'user', messages: 'hi' }, 5] },
        'junk',
        { messages: [{ from: 'bot', messages: [{ type: 'text', text: 'yo' }], event_id: 'own' }] },
      ],
    });
    expect(result).toEqual([
      { from: 'user', parts: [{ type: 'text', text: 'hi' }], actions: [], files: [], eventId: 'a' },
      { from: 'bot', parts: [{ type: 'text', text: 'yo' }], actions: [], files: [], eventId: 'own' },
    ]);
  });

  it('reads nested bot messages with their actions and tolerates missing arrays', () => {
    const nested = {
      idChat: 'c',
      messages: [{ type: 'button', buttons: { options: [] } }],
      actions: [{ id: 'z' }],
    };
    expect(entries({ messages: [{ from: 'bot', messages: nested, livechatName: 'L' }] })).toEqual([
      {
        from: 'bot',
        parts: [{ type: 'buttons', buttons: { options: [] } }],
        actions: [{ id: 'z', data: {} }],
        files: [],
        livechatName: 'L',
      },
    ]);
    expect(entries({})).toEqual([]);
    expect(entries({ transcript: 'x' })).toEqual([]);
  });
});

describe('decodeFrame: user_conversations', () => {
  it('skips entries without an id, keeps apiKey, reads numeric strings in pagination', () => {
    const event = decodeAs(
      'user_conversations',
      frame('user_conversations', {
        conversations: [{ conversation_id: 'a', apiKey: 'k' }, { metadata: {} }, 'x'],
        pagination: { hasNextPage: 'true', page: '2', pageSize: 'ten', total: 3 },
      }),
    );
    expect(event.payload).toEqual({
      conversations: [{ conversationId: 'a', metadata: {}, apiKey: 'k' }],
      pagination: { hasNextPage: true, hasPrevPage: false, page: 2, pageSize: 0, total: 3, totalPages: 0 },
    });
    const bare: HubEvent = decodeAs('user_conversations', frame('user_conversations', {}));
    expect(bare.payload).toStrictEqual({ conversations: [] });
  });
});
