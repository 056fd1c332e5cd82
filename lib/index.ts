// captivate-hub-rx — the client entry (browser-safe: no Node-only import may reach this file).
export * from './errors.js';
export type * from './protocol/wire.js';
export type * from './protocol/parts.js';
export type * from './protocol/inbound.js';
export type * from './protocol/outbound.js';
export { HUB_LIMITS } from './protocol/limits.js';
export { decodeFrame } from './protocol/decode.js';
export { encodeEvent, type EncodeOptions } from './protocol/encode.js';
// Client API (hub, conversations, operators).
export { connectHub } from './hub/connect-hub.js';
export { HUB_DEFAULTS, LATE_ANSWER_WINDOW_MS, CONNECTION_DEFAULTS } from './defaults.js';
export type { Hub, StartConversationOptions, UserConversations, UserConversationsQuery } from './hub/hub.js';
export type { HubOptions, FetchLike } from './options.js';
export type { Conversation, MessageSent, OutgoingMessage } from './conversation/conversation.js';
export type { ChatMessage } from './conversation/chat-message.js';
export type { ConnectionStatus, ConnectionState } from './connection/hub-connection.js';
export type {
  ConnectionOptions,
  ReconnectOptions,
  HeartbeatOptions,
  HubLogger,
  WebSocketConstructor,
} from './connection/options.js';
// The reconnection schedule, pure: for apps that want to show or test it.
export { backoffDelay, RECONNECT_DEFAULTS, type ResolvedReconnectOptions } from './connection/backoff.js';
export { ofType } from './operators/of-type.js';
export { forConversation } from './operators/for-conversation.js';
// Delivery: message states, the transcript matching rule, stores, the probe.
export type { MessageState, MessageStatus } from './delivery/message-state.js';
export type { RestoredMessage } from './conversation/conversation.js';
export { localStorageStore, persist } from './delivery/store.js';
export type { KeyValueStore, StoreOptions, HubStore, LockManagerLike } from './delivery/store.js';
export { PROBE_DEFAULTS, type ProbeOptions } from './delivery/probe.js';
export { newClientMsgId, type CryptoLike } from './delivery/client-msg-id.js';
