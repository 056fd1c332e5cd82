import WebSocket from 'ws';
import type { WireObject } from '../../../lib/protocol/wire.js';

/** A hub → client event as the test saw it, envelope removed. */
export interface SeenEvent {
  readonly event_type: string;
  readonly event_id?: string;
  readonly event_payload: WireObject & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly wrapped: boolean;
}

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** A plain `ws` client that records every frame, for asserting on the emulator's wire behaviour. */
export class TestClient {
  readonly events: SeenEvent[] = [];
  readonly raw: { readonly data: string; readonly binary: boolean }[] = [];
  readonly closed: Promise<CloseInfo>;
  private readonly consumed = new Set<SeenEvent>();
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      }),
    );
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer, binary) => {
      const text = data.toString();
      this.raw.push({ data: text, binary });
      try {
        const frame = JSON.parse(text);
        const wrapped = frame?.action === 'receiveMessage';
        const event = wrapped ? frame.event : frame;
        if (event && typeof event.event_type === 'string') this.events.push({ ...event, wrapped });
      } catch {
        // garbage frames stay in `raw` only
      }
      this.wake();
    });
  }

  /** Opens a socket and waits for `socket_connected`. */
  static async open(url: string): Promise<TestClient> {
    const client = new TestClient(new WebSocket(url));
    await client.take('socket_connected');
    return client;
  }

  /** Opens a socket expected to be refused; resolves with the HTTP status. */
  static refusedStatus(url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('error', () => undefined);
      ws.on('open', () => {
        ws.terminate();
        reject(new Error('connection was accepted'));
      });
    });
  }

  get socketId(): string {
    const connected = this.events.find((e) => e.event_type === 'socket_connected');
    return connected?.event_payload['socket_id'] as string;
  }

  send(eventType: string, payload: WireObject = {}, action = 'sendMessage'): void {
    this.ws.send(JSON.stringify({ action, event: { event_type: eventType, event_payload: payload } }));
  }

  /** The first not-yet-taken event of this type (and matching `where`), waiting up to `timeoutMs`. */
  async take(
    eventType: string,
    where: (e: SeenEvent) => boolean = () => true,
    timeoutMs = 2000,
  ): Promise<SeenEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => !this.consumed.has(e) && e.event_type === eventType && where(e));
      if (found) {
        this.consumed.add(found);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(
          `no ${eventType} within ${timeoutMs} ms; saw ${this.events.map((e) => e.event_type)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Starts a conversation and returns its id. Bot-first by default, as the vendor's client does: an
   * empty trigger message follows the start, and the hub's greeting is left to take. `userFirst`
   * sends no trigger (so no greeting).
   */
  async start(payload: WireObject = {}, { userFirst = false } = {}): Promise<string> {
    this.send('conversation_start', payload);
    const success = await this.take('conversation_start_success');
    const id = success.event_payload['conversation_id'] as string;
    if (!userFirst) this.trigger(id);
    return id;
  }

  /** The empty `user_message` the vendor's client sends to start a bot-first conversation. */
  trigger(conversationId: string): void {
    this.send('user_message', {
      type: 'message_create',
      client_msg_id: `trigger-${Math.random()}`,
      conversation_id: conversationId,
      content: { type: 'text', text: '' },
    });
  }

  say(conversationId: string, text: string, clientMsgId = `m-${Math.random()}`): string {
    this.send('user_message', {
      type: 'message_create',
      client_msg_id: clientMsgId,
      conversation_id: conversationId,
      content: { type: 'text', text },
    });
    return clientMsgId;
  }

  close(): void {
    this.ws.terminate();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}

/** The clients one spec opens: `open` keeps track of each, `closeAll` (for afterEach) ends them and the emulator. */
export class TrackedClients {
  readonly #open: TestClient[] = [];

  async open(url: string): Promise<TestClient> {
    const client = await TestClient.open(url);
    this.#open.push(client);
    return client;
  }

  async closeAll(stop?: () => Promise<void>): Promise<void> {
    this.#open.splice(0).forEach((c) => c.close());
    await stop?.();
  }
}

/**
 * Resolves once `check()` holds (a state the emulator reaches, never an amount of time): re-checked
 * after each event-loop turn, then each millisecond; fails after `turns` checks.
 */
export async function until(check: () => boolean, turns = 5_000): Promise<void> {
  for (let turn = 0; !check(); turn += 1) {
    if (turn >= turns) throw new Error(`condition not met within ${turns} checks`);
    await new Promise<void>((resolve) => (turn < 100 ? setImmediate(resolve) : setTimeout(resolve, 1)));
  }
}

/**
 * A causal barrier: a fresh socket's full round trip (upgrade, start, greeting). Whatever reached the
 * emulator's socket buffers before it has been read by then, unless something holds it back.
 */
export async function roundTrip(url: string): Promise<void> {
  const barrier = await TestClient.open(url);
  try {
    await barrier.start();
    await barrier.take('bot_message');
  } finally {
    barrier.close();
  }
}
