/**
 * Runs the vendor's client `captivate-chat-api` (a dev dependency, used unpatched through its public
 * API) against the emulator on its default options. Only the client's hard-coded hosts are redirected:
 * `globalThis.WebSocket` rewrites its wss:// URL to the emulator's port, `globalThis.fetch` its https://
 * hosts to the emulator's HTTP side. Any other host is refused, so nothing leaves loopback.
 */
import WebSocket from 'ws';
import { startHubEmulator, type HubEmulator } from '../../../lib/emulator/index.js';

type Vendor = typeof import('captivate-chat-api');
type VendorApi = Awaited<ReturnType<Vendor['CaptivateChatAPI']['create']>>;
export type VendorConversation = Awaited<ReturnType<VendorApi['createConversation']>>;

const VENDOR_HTTP_HOSTS = ['https://channel.prod.captivat.io', 'https://channel.dev.captivat.io'];
let target: HubEmulator | undefined;

function current(): HubEmulator {
  if (!target) throw new Error('no emulator to redirect the vendor client to');
  return target;
}

class RedirectedWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    const url = new URL(String(address));
    url.protocol = 'ws:';
    url.host = new URL(current().url).host;
    super(url.toString(), protocols);
  }
}

let installed = false;
function installRedirects(): void {
  if (installed) return;
  installed = true;
  const realFetch = globalThis.fetch;
  (globalThis as { WebSocket?: unknown }).WebSocket = RedirectedWebSocket;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const host = VENDOR_HTTP_HOSTS.find((h) => url.startsWith(h));
    if (host) return realFetch(current().httpUrl + url.slice(host.length), init);
    if (url.startsWith(current().httpUrl)) return realFetch(url, init);
    return Promise.reject(new Error(`refused off-loopback fetch to ${new URL(url).host}`));
  };
}

let vendor: Vendor | undefined;
/** The vendor's module, loaded once the redirects are in place (it picks its WebSocket at load). */
export function loadVendor(): Vendor {
  installRedirects();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  vendor ??= require('captivate-chat-api') as Vendor;
  return vendor;
}

let keys = 0;
/** A fresh API key: the vendor's client keeps one instance per key for the life of the module. */
export const freshKey = (): string => `vendor-key-${++keys}`;

/** An emulator on its defaults, with the vendor's hosts pointed at it, and a cleanup for afterEach. */
export async function startVendorHub(): Promise<{ emulator: HubEmulator; stop(): Promise<void> }> {
  const emulator = await startHubEmulator();
  target = emulator;
  return {
    emulator,
    stop: async () => {
      const { CaptivateChatAPI } = loadVendor();
      for (let k = 1; k <= keys; k += 1) CaptivateChatAPI.getInstance(`vendor-key-${k}`)?.dispose();
      // The vendor's client reconnects (3 s later) after any close but 1000: let its own closes land
      // before the emulator's 1001 could overtake them.
      await closedByClients(emulator);
      await emulator.stop();
    },
  };
}

function closedByClients(emulator: HubEmulator): Promise<void> {
  if (emulator.connections().length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const subscription = emulator.events$.subscribe((event) => {
      if (event.type === 'disconnect' && emulator.connections().length === 0) {
        subscription.unsubscribe();
        resolve();
      }
    });
  });
}

/** What a vendor conversation's `onMessage` delivered, in order, with a wait for the next match. */
export class VendorInbox {
  readonly messages: { content: unknown; type: string }[] = [];
  private wake: (() => void) | undefined;

  constructor(conversation: VendorConversation) {
    void conversation.onMessage((content: unknown, type: string) => {
      this.messages.push({ content, type });
      this.wake?.();
    });
  }

  /** Resolves with the first message (from index `from`) that `match` accepts; fails after `ms`. */
  async next(
    match: (m: { content: unknown; type: string }) => boolean,
    ms = 3_000,
  ): Promise<{ content: unknown; type: string }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such message; saw ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

/** The text of a vendor message: a string, or the text parts of a parts array. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part: { type?: string }) => part.type === 'text')
    .map((part: { text?: string }) => part.text ?? '')
    .join(' ');
}
