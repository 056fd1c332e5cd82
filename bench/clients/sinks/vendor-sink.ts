import WebSocket from 'ws';
import type { Sink, SinkOptions } from './sink.js';

interface VendorConversation {
  onMessage(callback: (message: unknown, type: string) => void): void | Promise<void>;
}
interface VendorApi {
  connect(): Promise<void>;
  getConversation(conversationId: string): VendorConversation | void;
  dispose(): void;
}
interface VendorModule {
  CaptivateChatAPI: new (apiKey: string, mode?: 'prod' | 'dev') => VendorApi;
}

/**
 * The vendor's `captivate-chat-api` client through its public API only. Its socket URL is fixed
 * to the vendor's cloud, and it takes its WebSocket class from `globalThis.WebSocket` when one is
 * defined — so the bench defines one (plain `ws`) that dials our loopback hub whatever URL it is
 * given. Nothing of the vendor's code is copied or patched. It must be loaded in a fresh process.
 */
export async function vendorSink(options: SinkOptions): Promise<Sink> {
  const loopback = options.url;
  class LoopbackWebSocket extends WebSocket {
    constructor(_vendorUrl: string, protocols?: string | string[]) {
      super(loopback, protocols);
    }
  }
  (globalThis as { WebSocket?: unknown }).WebSocket = LoopbackWebSocket;
  // Loaded after the global is set: the vendor's module picks its WebSocket at load time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CaptivateChatAPI } = require('captivate-chat-api') as VendorModule;
  const api = new CaptivateChatAPI('bench-key', 'dev');
  await api.connect();
  const conversation = api.getConversation(options.conversationId);
  if (!conversation) throw new Error('captivate-chat-api returned no conversation');
  for (let i = 0; i < options.subscribers; i++) await conversation.onMessage(() => options.hit());
  return { close: () => api.dispose() };
}
