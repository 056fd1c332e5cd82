/**
 * A minimal loopback hub for the client benches, run in its own process (child_process.fork)
 * so that it has a core of its own and is never the client's bottleneck.
 *
 * - on connect: `socket_connected`;
 * - `user_message` → a `bot_message` echo in the same conversation (latency, many conversations);
 * - `metadata_request` → `conversation_metadata` (the client's delivery probe);
 * - IPC `{type:'push', frames, open}` → pushes `frames` pre-encoded `bot_message`s to the newest
 *   connection as fast as the socket's backpressure allows, spread over `open` conversations.
 *
 * It is not the emulator on purpose: the client benches measure the client, so the peer does
 * the least work a hub could do.
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { botMessageFrame, framePool, socketConnectedFrame } from '../harness/frames.js';
import { errorText, onParent, toParent, type IpcMessage } from '../harness/ipc.js';

/** Frames per socket write: large writes keep the pusher's syscalls far below the client's. */
const FRAMES_PER_WRITE = 64;

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
let newest: WebSocket | undefined;
let connections = 0;
let echoSequence = 0;
const pools = new Map<number, FramedPool>();

server.on('connection', (socket) => {
  connections += 1;
  newest = socket;
  socket.send(socketConnectedFrame(`bench-socket-${connections}`));
  socket.on('message', (data, isBinary) => answer(socket, data, isBinary));
  socket.on('error', () => undefined);
});

server.on('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  toParent({ type: 'listening', url: `ws://127.0.0.1:${port}` });
});

function answer(socket: WebSocket, data: RawData, isBinary: boolean): void {
  if (isBinary) return;
  let frame: { event?: { event_type?: string; event_payload?: Record<string, unknown> } };
  try {
    frame = JSON.parse(String(data)) as typeof frame;
  } catch {
    return;
  }
  const type = frame.event?.event_type;
  const payload = frame.event?.event_payload ?? {};
  if (type === 'user_message') {
    const conversation = String(payload.conversation_id);
    const content = payload.content as { text?: string } | undefined;
    socket.send(botMessageFrame(conversation, echoSequence++, content?.text ?? ''));
  } else if (type === 'metadata_request') {
    // The hub answers it; the client's delivery probe relies on that answer to confirm its messages.
    socket.send(
      JSON.stringify({
        event_type: 'conversation_metadata',
        event_id: `ev-meta-${echoSequence++}`,
        event_payload: { conversation_id: String(payload.conversation_id), content: {} },
        accepts_response_payload: false,
      }),
    );
  } else if (type === 'conversation_start') {
    const id = `${String(payload.userId ?? 'anon')}-${echoSequence++}`;
    socket.send(
      JSON.stringify({
        event_type: 'conversation_start_success',
        event_id: `ev-start-${id}`,
        event_payload: { conversation_id: id },
        accepts_response_payload: false,
      }),
    );
  }
}

/**
 * A pool of frames already in WebSocket wire format (unmasked server text frames), back to back,
 * with the offset of each frame: a push is then a few large socket writes instead of one `send`
 * (and one syscall) per frame, so the pusher is never what limits the client.
 */
interface FramedPool {
  readonly bytes: Buffer;
  /** offsets[i] = start of frame i; offsets[length] = end of the last frame. */
  readonly offsets: number[];
  /** Where, in `bytes`, the 8 characters after each frame's `"event_id":"ev-` are. */
  readonly eventIdAt: number[];
}

const EVENT_ID_MARK = Buffer.from('"event_id":"ev-');
const EVENT_ID_CHARS = 8;
/** Every pushed frame gets its own event_id, as the hub's deliveries do (a client may index them). */
let nextEventId = 0;

function wireFrame(payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x81, length]);
  } else if (length < 65_536) {
    header = Buffer.from([0x81, 126, length >> 8, length & 0xff]);
  } else {
    throw new Error('bench frames are small');
  }
  return Buffer.concat([header, payload]);
}

function poolFor(open: number): FramedPool {
  let pool = pools.get(open);
  if (!pool) {
    const frames = framePool(open).map(wireFrame);
    const offsets = [0];
    const eventIdAt: number[] = [];
    for (const frame of frames) {
      const start = offsets[offsets.length - 1] as number;
      eventIdAt.push(start + frame.indexOf(EVENT_ID_MARK) + EVENT_ID_MARK.length);
      offsets.push(start + frame.length);
    }
    pool = { bytes: Buffer.concat(frames), offsets, eventIdAt };
    pools.set(open, pool);
  }
  return pool;
}

/**
 * The TCP socket under a `ws` connection. `ws` keeps it private (`_socket`); the push writes whole
 * frames to it while `ws` itself writes nothing (the server never pings), so framing stays intact.
 */
function tcpOf(socket: WebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
}

/** Writes `frames` pool frames as fast as the socket drains (awaiting `drain` when it is full). */
async function push(socket: WebSocket, frames: number, open: number): Promise<void> {
  const pool = poolFor(open);
  const tcp = tcpOf(socket);
  const poolSize = pool.offsets.length - 1;
  let sent = 0;
  while (sent < frames) {
    const first = sent % poolSize;
    const count = Math.min(FRAMES_PER_WRITE, frames - sent, poolSize - first);
    const base = pool.offsets[first] as number;
    // A copy (the socket may still hold the previous chunk), stamped with fresh event ids.
    const chunk = Buffer.from(pool.bytes.subarray(base, pool.offsets[first + count]));
    for (let i = 0; i < count; i++) {
      const id = (nextEventId++).toString(36).padStart(EVENT_ID_CHARS, '0');
      chunk.write(id, (pool.eventIdAt[first + i] as number) - base, EVENT_ID_CHARS, 'latin1');
    }
    sent += count;
    if (!tcp.write(chunk)) await once(tcp, 'drain');
    if (tcp.destroyed) throw new Error('client went away during a push');
  }
  // Resolved once everything is handed to the kernel.
  await new Promise<void>((resolve, reject) =>
    tcp.write(Buffer.alloc(0), (error) => (error ? reject(error) : resolve())),
  );
}

onParent(
  async (message: IpcMessage) => {
    if (message.type !== 'push') return;
    const socket = newest;
    if (!socket) throw new Error('push requested but no client is connected');
    const started = performance.now();
    await push(socket, Number(message.frames), Number(message.open ?? 1));
    toParent({ type: 'pushed', ms: performance.now() - started });
  },
  () => new Promise<void>((resolve) => server.close(() => resolve())),
);

process.on('uncaughtException', (error) => toParent({ type: 'error', message: errorText(error) }));
