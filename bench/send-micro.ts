/**
 * Micro-benchmark of the send path (docs/performance.md): `conversation.sendText` → frame on the
 * socket → the hub's echo routed back to `messages$`, in-process, against an in-memory socket that
 * takes every frame at once and answers on a microtask (the echo; `metadata_request`, the delivery
 * probe). What it times is what scenario 3 adds to raw `ws` + `JSON.parse`, without the network:
 * encode, delivery tracking, routing. The raw baseline stringifies the same frame and parses the echo.
 * Reported per round trip: ns (median of 5 runs) and bytes allocated (sampled by V8's heap profiler,
 * objects freed since included).
 *   node --import tsx bench/send-micro.ts
 */
import { Session } from 'node:inspector/promises';
import { firstValueFrom, filter } from 'rxjs';
import { loadLibrary } from './harness/library.js';
import { MemorySocket } from './harness/memory-socket.js';
import { botMessageFrame, BENCH_CONVERSATION, userMessageFrame } from './harness/frames.js';

/** The library as users run it: `dist/cjs` (run `npm run build` first), or `BENCH_LIB=src`. */
const connectHub = loadLibrary().connectHub as (
  options: Record<string, unknown>,
) => ReturnType<ReturnType<typeof loadLibrary>['connectHub']>;

const ROUND_TRIPS = 20_000;
const WARM_UP = 5_000;
const RUNS = 5;

interface WireFrame {
  readonly event?: { readonly event_type?: string; readonly event_payload?: Record<string, unknown> };
}

/** The bench hub's answers (see bench/servers/bench-hub.ts), to a frame the client wrote. */
function answerTo(text: string, sequence: number): string | undefined {
  const frame = JSON.parse(text) as WireFrame;
  const payload = frame.event?.event_payload ?? {};
  const conversation = String(payload.conversation_id);
  switch (frame.event?.event_type) {
    case 'user_message':
      return botMessageFrame(conversation, sequence, (payload.content as { text: string }).text);
    case 'metadata_request':
      return JSON.stringify({
        event_type: 'conversation_metadata',
        event_id: `ev-meta-${sequence}`,
        event_payload: { conversation_id: conversation, content: {} },
        accepts_response_payload: false,
      });
    default:
      return undefined;
  }
}

/** A socket in memory that answers each frame on a microtask, as the bench hub would. */
class EchoSocket extends MemorySocket {
  #sequence = 0;

  override send(text: string): void {
    const answer = answerTo(text, this.#sequence++);
    if (answer !== undefined) queueMicrotask(() => this.receive(answer));
  }
}

interface Client {
  /** Sends one message; resolves when its echo arrived. */
  roundTrip(text: string): Promise<void>;
  close(): void;
}

/** The library: `sendText` (hot, unsubscribed, as scenario 3 sends) and `messages$`. */
async function library(): Promise<Client> {
  const hub = connectHub({
    url: 'ws://memory',
    apiKey: 'bench-key',
    WebSocketCtor: EchoSocket as unknown,
    heartbeat: false,
  });
  const conversation = hub.conversation(BENCH_CONVERSATION);
  let arrived: () => void = () => undefined;
  const subscription = conversation.messages$.subscribe(() => arrived());
  await firstValueFrom(hub.status$.pipe(filter((status) => status.state === 'connected')));
  return {
    roundTrip: (text) =>
      new Promise<void>((resolve) => {
        arrived = resolve;
        void conversation.sendText(text);
      }),
    close: () => {
      subscription.unsubscribe();
      hub.close();
    },
  };
}

/** Raw: the same frame stringified, the echo parsed and checked, as the raw client of scenario 3. */
async function raw(): Promise<Client> {
  let sequence = 0;
  return {
    roundTrip: (text) =>
      new Promise<void>((resolve) => {
        const answer = answerTo(JSON.stringify(userMessageFrame(BENCH_CONVERSATION, text)), sequence++);
        queueMicrotask(() => {
          const echo = JSON.parse(answer ?? '{}') as WireFrame;
          if (echo.event?.event_payload?.conversation_id === BENCH_CONVERSATION) resolve();
        });
      }),
    close: () => undefined,
  };
}

async function nsPerRoundTrip(client: Client, n: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await client.roundTrip(`ping ${i}`);
  return Number(process.hrtime.bigint() - started) / n;
}

async function bytesPerRoundTrip(client: Client, n: number): Promise<number> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < n; i++) await client.roundTrip(`ping ${i}`);
  // The sample list is missing from Node 20's typings of the profile.
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as {
    profile: { samples: { size: number }[] };
  };
  session.disconnect();
  return profile.samples.reduce((sum, sample) => sum + sample.size, 0) / n;
}

async function main(): Promise<void> {
  const clients = { raw: await raw(), library: await library() };
  const ns = { raw: [] as number[], library: [] as number[] };
  for (const client of Object.values(clients)) await nsPerRoundTrip(client, WARM_UP);
  for (let run = 0; run < RUNS; run++) {
    ns.raw.push(await nsPerRoundTrip(clients.raw, ROUND_TRIPS));
    ns.library.push(await nsPerRoundTrip(clients.library, ROUND_TRIPS));
  }
  const bytes = {
    raw: await bytesPerRoundTrip(clients.raw, ROUND_TRIPS),
    library: await bytesPerRoundTrip(clients.library, ROUND_TRIPS),
  };
  for (const client of Object.values(clients)) client.close();
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[RUNS >> 1]!;
  const [lib, base] = [median(ns.library), median(ns.raw)];
  console.log(
    `per round trip (send → echo on messages$), in-process: library ${lib.toFixed(0)} ns, ` +
      `raw ${base.toFixed(0)} ns, overhead ${(lib - base).toFixed(0)} ns; ` +
      `allocated: library ${bytes.library.toFixed(0)} B, raw ${bytes.raw.toFixed(0)} B`,
  );
}

void main();
