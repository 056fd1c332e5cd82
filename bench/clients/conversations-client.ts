/**
 * Child process (run with --expose-gc): many conversations on one connection. argv: kind
 * (`raw` | `library`), url. The orchestrator drives it step by step:
 *   `open {count}`     → grows to `count` conversations, one message each way, reports heap;
 *   `expect {frames}`  → counts pushed frames across all conversations, reports CPU per frame;
 *   `heap`             → reports the heap after GC (for the long run's flatness check);
 *   `close`            → closes the client, drops every reference, reports heap after GC.
 */
import { errorText, onParent, toParent, type IpcMessage } from '../harness/ipc.js';
import { conversationId } from '../harness/frames.js';
import { libraryRouter, rawRouter, type ConversationRouter } from './routers.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('conversations-client needs node --expose-gc');

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const [kind, url] = process.argv.slice(2) as ['raw' | 'library', string];
const SEND_WINDOW = 500;
const WARM_UP_CONVERSATIONS = 1_000;

let router: ConversationRouter | undefined;
let hits = 0;
let target = Number.POSITIVE_INFINITY;
let onTarget: () => void = () => undefined;
const hit = (): void => {
  if (++hits === target) onTarget();
};

function expect(count: number): Promise<void> {
  hits = 0;
  target = count;
  return new Promise((resolve) => (onTarget = resolve));
}

async function open(count: number): Promise<void> {
  const current = router as ConversationRouter;
  // One message each way per new conversation, in windows so the socket is never flooded.
  for (let start = current.size; start < count; start += SEND_WINDOW) {
    const end = Math.min(count, start + SEND_WINDOW);
    const replies = expect(end - start);
    for (let i = start; i < end; i++) current.open(conversationId(i)).send(`hello ${i}`);
    await withTimeout(replies, 30_000, `replies for conversations ${start}..${end}`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function handle(message: IpcMessage): Promise<void> {
  switch (message.type) {
    case 'open': {
      await open(Number(message.count));
      toParent({ type: 'opened', heapUsed: heapAfterGc(), conversations: router?.size });
      return;
    }
    case 'expect': {
      const done = expect(Number(message.frames));
      const cpuBefore = process.cpuUsage();
      toParent({ type: 'expecting' });
      await withTimeout(done, 120_000, `${String(message.frames)} pushed frames`);
      const cpu = process.cpuUsage(cpuBefore);
      toParent({ type: 'received', cpuMs: (cpu.user + cpu.system) / 1_000 });
      return;
    }
    case 'heap':
      toParent({ type: 'heap', heapUsed: heapAfterGc() });
      return;
    case 'close': {
      await router?.close();
      router = undefined;
      // Let the socket's close handshake and any timers run out before weighing the heap.
      await new Promise((resolve) => setTimeout(resolve, 200));
      toParent({ type: 'closed', heapUsed: heapAfterGc() });
      return;
    }
  }
}

async function main(): Promise<void> {
  const create = kind === 'library' ? libraryRouter : rawRouter;
  // A throwaway client first, through the same paths (1 000 conversations, one message each way,
  // close): one-time costs — module init, optimised code, lazily built tables — then weigh the
  // same before and after the measured client, so what stays after close() is what close() left.
  router = await create(url, hit);
  await open(WARM_UP_CONVERSATIONS);
  await router.close();
  router = undefined;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const baseline = heapAfterGc();
  router = await create(url, hit);
  const connected = heapAfterGc();
  onParent(handle, () => router?.close());
  toParent({ type: 'ready', baselineHeap: baseline, connectedHeap: connected });
}

main().catch((error: unknown) => {
  toParent({ type: 'error', message: errorText(error) });
  setTimeout(() => process.exit(1), 100);
});
