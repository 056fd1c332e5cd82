/**
 * Child process: one client under test (argv: kind, url, subscribers). The orchestrator sends
 * `expect {frames}` and has the bench hub push them; this process reports how long the client
 * took from the first to the last delivery, and the CPU and memory it used.
 */
import { BENCH_CONVERSATION } from '../harness/frames.js';
import { errorText, onParent, toParent } from '../harness/ipc.js';
import type { Sink, SinkKind, SinkOptions } from './sinks/sink.js';
import { rawSink } from './sinks/raw-sink.js';
import { rxjsSink } from './sinks/rxjs-sink.js';
import { librarySink } from './sinks/library-sink.js';
import { vendorSink } from './sinks/vendor-sink.js';

const factories: Record<SinkKind, (options: SinkOptions) => Promise<Sink>> = {
  raw: rawSink,
  rxjs: rxjsSink,
  library: librarySink,
  vendor: vendorSink,
};

const [kind, url, subscribersArg] = process.argv.slice(2) as [SinkKind, string, string];
const subscribers = Number(subscribersArg ?? '1');

let hits = 0;
let target = Number.POSITIVE_INFINITY;
let firstAt = 0;
let cpuAtExpect = process.cpuUsage();

function hit(): void {
  if (hits === 0) firstAt = performance.now();
  if (++hits === target) finish();
}

function finish(): void {
  const lastAt = performance.now();
  const cpu = process.cpuUsage(cpuAtExpect);
  const memory = process.memoryUsage();
  toParent({
    type: 'received',
    deliveries: hits,
    ms: lastAt - firstAt,
    cpuMs: (cpu.user + cpu.system) / 1_000,
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    maxRssKb: process.resourceUsage().maxRSS,
  });
}

async function main(): Promise<void> {
  const factory = factories[kind];
  if (!factory) throw new Error(`unknown client kind ${String(kind)}`);
  const sink = await factory({ url, conversationId: BENCH_CONVERSATION, subscribers, hit });
  onParent(
    (message) => {
      if (message.type !== 'expect') return;
      hits = 0;
      target = Number(message.frames) * subscribers;
      cpuAtExpect = process.cpuUsage();
      toParent({ type: 'expecting' });
    },
    () => sink.close(),
  );
  toParent({ type: 'ready' });
}

main().catch((error: unknown) => {
  toParent({ type: 'error', message: errorText(error) });
  setTimeout(() => process.exit(1), 100);
});
