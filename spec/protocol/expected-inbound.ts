import type { HubEvent } from '../../lib/protocol/inbound';

const CID = 'user-42-7c0f3a52-91d4-4a8e-b1a2-0c9d5e6f7a81';

/** Explicit expectations for the known files; each key must name an existing file. */
export const EXPECTED: Record<string, Partial<HubEvent>> = {
  'in.socket_connected.json': { type: 'socket_connected', payload: { socketId: 'Qk3mT7bcLPECxYQ=' } },
  'in.socket_connected.wrapped.json': {
    type: 'socket_connected',
    eventId: 'Qk3mT1aZLPEFaaQ=',
    payload: { socketId: 'Qk3mT7bcLPECxYQ=' },
  },
  'in.conversation_start_success.json': {
    type: 'conversation_start_success',
    conversationId: CID,
    payload: {},
  },
  'in.conversation_start_success.wrapped.json': {
    type: 'conversation_start_success',
    conversationId: '7c0f3a52-91d4-4a8e-b1a2-0c9d5e6f7a81',
  },
  'in.bot_message.json': {
    type: 'bot_message',
    conversationId: CID,
    payload: {
      chMsgId: '3e1c9b0a-2f4d-4c6e-8a1b-5d7f9e0c2b4a',
      bot: {},
      content: [
        { type: 'text', text: 'Hello, I am the support bot.' },
        {
          type: 'buttons',
          buttons: {
            title: 'Pick one:',
            options: [
              { label: 'Opening hours', value: 'hours' },
              { label: 'Talk to a person', value: 'agent' },
            ],
          },
        },
      ],
    },
  },
  'in.bot_message.wrapped.json': {
    type: 'bot_message',
    eventId: 'Qk3x8HyPLPEFr3B=',
    conversationId: undefined,
    payload: {
      chMsgId: '8d2b4f6a-1c3e-4a5b-9c7d-0e1f2a3b4c5d',
      bot: {},
      content: [
        { type: 'text', text: 'We open at 9.' },
        { type: 'buttons', buttons: { title: 'Anything else?', options: [{ label: 'No', value: 'no' }] } },
        { type: 'cards', cards: { items: [{ title: 'Store', subtitle: 'Main street 1' }] } },
      ],
    },
  },
  'in.livechat_message.json': {
    type: 'livechat_message',
    eventId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
    payload: {
      content: [
        { type: 'text', text: 'Hi, this is Sam from support.' },
        {
          type: 'files',
          files: [
            {
              type: 'image',
              url: 'https://files.example.test/screenshot.jpeg',
              mimetype: 'image',
              filename: null,
            },
          ],
        },
      ],
    },
  },
  'in.action.json': {
    type: 'action',
    conversationId: CID,
    payload: { actions: [{ id: 'redirectToContactUs', data: { url: '/contact' } }] },
  },
  'in.action.legacy.json': {
    type: 'action',
    conversationId: undefined,
    payload: { actions: [{ id: 'escalateToHuman', data: {} }] },
  },
  'in.conversation_metadata.json': {
    type: 'conversation_metadata',
    payload: { metadata: { cartValue: 129.5, page: '/checkout' } },
  },
  'in.metadata_update_success.json': { type: 'metadata_update_success', conversationId: CID, payload: {} },
  'in.conversation_transcript.json': {
    type: 'conversation_transcript',
    payload: {
      entries: [
        {
          from: 'bot',
          parts: [{ type: 'text', text: 'Hello, I am the support bot.' }],
          actions: [],
          files: [],
          eventId: 'Qk3x7GxOLPEFq2A=',
          channelName: 'web widget',
          chatbotName: 'Support bot',
        },
      ],
    },
  },
  'in.conversation_transcript.messages.json': {
    type: 'conversation_transcript',
    conversationId: CID,
    payload: {
      entries: [
        {
          from: 'user',
          parts: [{ type: 'text', text: 'agent please' }],
          actions: [],
          files: [],
          channelName: 'web widget',
          chatbotName: 'Support bot',
        },
        {
          from: 'bot',
          parts: [{ type: 'text', text: 'Connecting you to a person.' }],
          actions: [{ id: 'escalateToHuman', data: {} }],
          files: [],
          channelName: 'web widget',
          chatbotName: 'Support bot',
        },
        {
          from: 'agent',
          parts: [{ type: 'text', text: 'All agents are busy.' }],
          actions: [],
          files: [],
          channelName: 'web widget',
          chatbotName: 'Support bot',
        },
      ],
    },
  },
  'in.user_conversations.json': {
    type: 'user_conversations',
    conversationId: undefined,
    payload: {
      conversations: [
        { conversationId: CID, metadata: { mode: 'support' } },
        { conversationId: 'user-42-11111111-2222-4333-8444-555555555555', metadata: {} },
      ],
      pagination: { hasNextPage: false, hasPrevPage: false, page: 1, pageSize: 10, total: 2, totalPages: 1 },
    },
  },
  'in.delete_conversation_success.json': {
    type: 'delete_conversation_success',
    eventId: undefined,
    conversationId: 'user-42-11111111-2222-4333-8444-555555555555',
    payload: { userId: 'user-42' },
  },
  'in.message_edited_success.json': {
    type: 'message_edited_success',
    payload: { messageId: '0b6a2c1e-5f3d-4e9a-8c7b-1d2e3f4a5b6c' },
  },
  'in.conversation_update.json': {
    type: 'conversation_update',
    payload: { type: 'livechatAgentConnected', data: { agentInfo: { name: 'Sam', id: 'agent-7' } } },
  },
  'in.general_error.json': {
    type: 'general_error',
    eventId: 'Qk4i0JkLLPEFb3L=',
    conversationId: 'does-not-exist-0000',
    payload: { errorCode: 400, errorDesc: 'Invalid conversation_id' },
  },
  'in.general_error.nested.json': {
    type: 'general_error',
    eventId: 'Qk4j1KlMLPEFc4M=',
    conversationId: 'does-not-exist-0000',
    payload: { errorCode: 400, errorDesc: 'Invalid conversation_id' },
  },
  'in.general_error.too_large.json': {
    type: 'general_error',
    conversationId: CID,
    payload: {
      errorCode: 413,
      errorDesc: 'Payload too large for the socket',
      messageLink: 'https://hub.example.test/messages/3f2e1d0c',
    },
  },
  'in.unknown_event.json': {
    type: 'unknown',
    eventType: 'typing_indicator',
    eventId: 'Qk4l3MnOLPEFe6O=',
    conversationId: CID,
    payload: { conversation_id: CID, from: 'agent', state: 'started' },
  } as Partial<HubEvent>,
};
