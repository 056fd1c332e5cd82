/**
 * Micro-benchmark of routing (docs/performance.md, scenario 4 without the network): frames pushed
 * into an in-memory socket, spread over 1, 100 or 10 000 open conversations (each frame lands on a
 * cold conversation, as in scenario 4), each with one `messages$` subscriber; against raw
 * `JSON.parse` + a `Map` from conversation id to handler, taking turns run by run. Reported: CPU
 * ns per frame (median of 5 runs) and what 10 000 open conversations add to a frame over 1 — the cost of routing's cache
 * misses, which is what scenario 4's growth ratio measures.
 *   node --import tsx bench/routing-micro.ts
 */
import { firstValueFrom, filter } from 'rxjs';
import { loadLibrary } from './harness/library.js';
import { MemorySocket } from './harness/memory-socket.js';
import { botMessageFrame, conversationId } from './harness/frames.js';

/** The library as users run it: `dist/cjs` (run `npm run build` first), or `BENCH_LIB=src`. */
const connectHub = loadLibrary().connectHub as (
  options: Record<string, unknown>,
) => ReturnType<ReturnType<typeof loadLibrary>['connectHub']>;

const FRAMES = 100_000;
const RUNS = 5;
const OPEN = [1, 100, 10_000] as const;

interface Router {
  open(id: string): void;
  push(frame: string): void;
  close(): void;
}

let hits = 0;
const hit = (): void => void hits++;

async function library(): Promise<Router> {
  const hub = connectHub({
    url: 'ws://memory',
    apiKey: 'bench-key',
    WebSocketCtor: MemorySocket as unknown,
    heartbeat: false,
  });
  const keepAlive = hub.events$.subscribe();
  await firstValueFrom(hub.status$.pipe(filter((status) => status.state === 'connected')));
  const socket = MemorySocket.last!;
  return {
    open: (id) => void hub.conversation(id).messages$.subscribe(hit),
    push: (frame) => socket.receive(frame),
    close: () => {
      keepAlive.unsubscribe();
      hub.close();
    },
  };
}

interface WireFrame {
  readonly event?: { readonly event_type?: string; readonly event_payload?: { conversation_id?: string } };
}

async function raw(): Promise<Router> {
  const handlers = new Map<string, { id: string; onMessage: (frame: WireFrame) => void }>();
  return {
    open: (id) => void handlers.set(id, { id, onMessage: () => hit() }),
    push: (data) => {
      const frame = JSON.parse(data) as WireFrame;
      if (frame.event?.event_type !== 'bot_message') return;
      handlers.get(frame.event.event_payload?.conversation_id ?? '')?.onMessage(frame);
    },
    close: () => undefined,
  };
}

/** ns per frame with `open` conversations, frames spread over them with a stride (cold each time). */
function nsPerFrame(router: Router, frames: readonly string[]): number {
  const before = hits;
  const n = frames.length;
  const cpu = process.cpuUsage();
  for (let i = 0; i < FRAMES; i++) router.push(frames[(i * 7919) % n]!);
  const { user, system } = process.cpuUsage(cpu);
  if (hits - before !== FRAMES) throw new Error(`${hits - before} of ${FRAMES} frames delivered`);
  return ((user + system) * 1_000) / FRAMES;
}

async function main(): Promise<void> {
  const routers = { raw: await raw(), library: await library() };
  const results: Record<string, Record<number, number[]>> = { raw: {}, library: {} };
  let opened = 0;
  for (const open of OPEN) {
    for (; opened < open; opened++)
      for (const router of Object.values(routers)) router.open(conversationId(opened));
    const frames = Array.from({ length: open }, (_, i) => botMessageFrame(conversationId(i), i));
    for (const router of Object.values(routers)) nsPerFrame(router, frames); // warm-up
    // Taking turns run by run, so a busy moment of the machine hits both.
    for (let run = 0; run < RUNS; run++) {
      for (const [name, router] of Object.entries(routers)) {
        (results[name]![open] ??= []).push(nsPerFrame(router, frames));
      }
    }
  }
  for (const router of Object.values(routers)) router.close();
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[RUNS >> 1]!;
  for (const [name, byOpen] of Object.entries(results)) {
    const ns = OPEN.map((open) => median(byOpen[open]!));
    const [one, , many] = ns as [number, number, number];
    console.log(
      `${name.padEnd(8)} CPU ns per frame at ${OPEN.join(' / ')} open: ${ns.map((v) => v.toFixed(0)).join(' / ')}; ` +
        `10 000 vs 1: +${(many - one).toFixed(0)} ns (×${(many / one).toFixed(2)})`,
    );
  }
}

void main();
