import { HubProtocolError } from '../../lib/errors';
import { decodeClientFrame } from '../../lib/protocol/decode-client';
import { encodeEvent } from '../../lib/protocol/encode';
import type { OutboundEvent } from '../../lib/protocol/outbound';
import { exampleFiles, nameEventType } from './example-files';

const CID = 'user-42-7c0f3a52-91d4-4a8e-b1a2-0c9d5e6f7a81';
const files = exampleFiles('out');

describe('outbound examples: every out.* file', () => {
  it('finds the example folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(files.map((file) => [file.name, file] as const))('%s', (_name, file) => {
    const model = decodeClientFrame(file.text);

    it('reads into the model, with the type of the file', () => {
      expect(model).not.toBeInstanceOf(HubProtocolError);
      const wire = file.json as { event: { event_type: string } };
      expect((model as OutboundEvent).type).toBe(wire.event.event_type);
      expect((model as OutboundEvent).type).toBe(nameEventType(file.name));
    });

    it('encodes back to exactly the file text', () => {
      expect(encodeEvent(model as OutboundEvent)).toBe(file.text.trim());
    });
  });
});

/** The model each known file stands for; `encodeEvent(model)` must give the file. */
const MODELS: Record<string, OutboundEvent> = {
  'out.conversation_start.json': {
    type: 'conversation_start',
    payload: {
      userId: 'user-42',
      userBasicInfo: { firstName: 'Ada', lastName: 'Reyes', email: 'ada@example.test' },
      userData: { plan: 'pro' },
      metadata: { page: '/pricing', private: { crmId: 'C-77' } },
    },
  },
  'out.conversation_start.minimal.json': { type: 'conversation_start', payload: {} },
  'out.user_message.text.json': {
    type: 'user_message',
    payload: {
      clientMsgId: '0b6a2c1e-5f3d-4e9a-8c7b-1d2e3f4a5b6c',
      conversationId: CID,
      content: { type: 'text', text: 'What are your opening hours?' },
    },
  },
  'out.user_message.files.json': {
    type: 'user_message',
    payload: {
      clientMsgId: '9f8e7d6c-5b4a-4392-8170-6a5b4c3d2e1f',
      conversationId: CID,
      content: {
        text: 'Here is my invoice',
        files: [
          {
            url: 'https://files.example.test/invoice-1001.pdf',
            type: 'application/pdf',
            filename: 'invoice-1001.pdf',
          },
        ],
      },
    },
  },
  'out.metadata.json': {
    type: 'metadata',
    payload: {
      metadata: { cartValue: 129.5, page: '/checkout' },
      target: 'bot_live',
      clientMsgId: '1a2b3c4d-5e6f-4789-8abc-def012345678',
      conversationId: CID,
    },
  },
  'out.metadata_request.json': { type: 'metadata_request', payload: { conversationId: CID } },
  'out.action.json': {
    type: 'action',
    payload: {
      type: 'normal',
      id: 'escalateToHuman',
      data: { reason: 'billing question' },
      conversationId: CID,
    },
  },
  'out.conversation_transcript_request.json': {
    type: 'conversation_transcript_request',
    payload: { conversationId: CID },
  },
  'out.get_user_conversations.json': { type: 'get_user_conversations', payload: { userId: 'user-42' } },
  'out.get_user_conversations_v2.json': {
    type: 'get_user_conversations_v2',
    payload: {
      userId: 'user-42',
      filter: { mode: 'support' },
      search: { topic: 'bill' },
      pagination: { page: '1', limit: '10' },
    },
  },
  'out.delete_conversation.json': {
    type: 'delete_conversation',
    payload: { conversationId: 'user-42-11111111-2222-4333-8444-555555555555' },
  },
  'out.delete_conversation.all.json': { type: 'delete_conversation', payload: { userId: 'user-42' } },
  'out.edit_message.json': {
    type: 'edit_message',
    payload: {
      clientMsgId: '2b3c4d5e-6f70-4812-93a4-b5c6d7e8f901',
      conversationId: CID,
      messageId: '0b6a2c1e-5f3d-4e9a-8c7b-1d2e3f4a5b6c',
      content: { type: 'text', text: 'What are your opening hours on Sunday?' },
    },
  },
};

describe('outbound examples: explicit models', () => {
  it.each(Object.keys(MODELS))('%s exists', (name) => {
    expect(files.map((file) => file.name)).toContain(name);
  });

  it.each(Object.entries(MODELS))('%s is what the model encodes to, and reads back to', (name, model) => {
    const file = files.find((candidate) => candidate.name === name);
    if (!file) throw new Error(`missing example ${name}`);
    expect(encodeEvent(model)).toBe(file.text.trim());
    expect(decodeClientFrame(file.text)).toStrictEqual(model);
  });

  it('fills the action defaults the hub documents (type "normal", data {})', () => {
    const text = encodeEvent({ type: 'action', payload: { id: 'escalateToHuman', conversationId: CID } });
    expect(text).toBe(
      '{"action":"sendMessage","event":{"event_type":"action","event_payload":' +
        `{"type":"normal","id":"escalateToHuman","data":{},"conversation_id":"${CID}"}}}`,
    );
  });
});
