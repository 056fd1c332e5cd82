import { benchConfig } from '../config.js';
import { ChildLink } from '../harness/child.js';
import type { IpcMessage } from '../harness/ipc.js';
import { compare, type Row } from '../harness/report.js';
import { summarize } from '../harness/stats.js';
import { SINK_LABELS } from '../clients/sinks/sink.js';
import { alternate, startBenchHub } from './inbound-runner.js';

const SCENARIO = '4 conversations';
type Kind = 'raw' | 'library';
type Hub = Awaited<ReturnType<typeof startBenchHub>>;

interface ManyRun {
  readonly heapPerConversation: number;
  /** Client CPU per pushed frame, by number of open conversations the frames are spread over. */
  readonly routingNs: Record<number, number>;
  readonly residualAfterCloseKb: number;
  readonly openHeapKb: number;
}

interface LongRun {
  readonly heapGrowthKb: number;
  readonly cpuNsPerFrame: number;
}

type HeapMessage = IpcMessage & { heapUsed: number };

async function pushAndCount(hub: Hub, client: ChildLink, frames: number, open: number): Promise<number> {
  const timeout = benchConfig.childTimeoutMs;
  client.send({ type: 'expect', frames });
  await client.next('expecting', timeout);
  hub.link.send({ type: 'push', frames, open });
  const received = await client.next<IpcMessage & { cpuMs: number }>('received', timeout);
  await hub.link.next('pushed', timeout);
  return (received.cpuMs * 1e6) / frames;
}

function fork(kind: Kind, hub: Hub): ChildLink {
  return ChildLink.fork('conversations', [kind, hub.url], { nodeFlags: ['--expose-gc'] });
}

/** 10 000 conversations: heap each, routing cost as they grow, heap after close(). */
async function manyRun(hub: Hub, kind: Kind): Promise<ManyRun> {
  const { count, routingFrames, routingOpen } = benchConfig.conversations;
  const timeout = benchConfig.childTimeoutMs;
  const client = fork(kind, hub);
  try {
    const ready = await client.next<IpcMessage & { baselineHeap: number; connectedHeap: number }>(
      'ready',
      timeout,
    );
    const routingNs: Record<number, number> = {};
    let openedHeap = ready.connectedHeap;
    for (const open of [...routingOpen.filter((n) => n < count), count]) {
      client.send({ type: 'open', count: open });
      openedHeap = (await client.next<HeapMessage>('opened', timeout)).heapUsed;
      // A push that only warms up, then the measured one: the JIT at the first step, and at every
      // step the conversations just opened, whose first frame pays one-time costs (first touch,
      // growing per-conversation buffers) that steady routing does not.
      await pushAndCount(hub, client, routingFrames, open);
      routingNs[open] = await pushAndCount(hub, client, routingFrames, open);
    }
    client.send({ type: 'close' });
    const closed = await client.next<HeapMessage>('closed', timeout);
    return {
      heapPerConversation: (openedHeap - ready.connectedHeap) / count,
      routingNs,
      residualAfterCloseKb: (closed.heapUsed - ready.baselineHeap) / 1_024,
      openHeapKb: (openedHeap - ready.connectedHeap) / 1_024,
    };
  } finally {
    await client.stop();
  }
}

/** 1 000 000 messages through one conversation: the heap after GC must not grow. */
async function longRun(hub: Hub, kind: Kind): Promise<LongRun> {
  const { longFrames } = benchConfig.conversations;
  const timeout = benchConfig.childTimeoutMs;
  const client = fork(kind, hub);
  try {
    await client.next('ready', timeout);
    client.send({ type: 'open', count: 1 });
    await client.next('opened', timeout);
    await pushAndCount(hub, client, Math.round(longFrames / 10), 1);
    client.send({ type: 'heap' });
    const before = (await client.next<HeapMessage>('heap', timeout)).heapUsed;
    const cpuNsPerFrame = await pushAndCount(hub, client, longFrames, 1);
    client.send({ type: 'heap' });
    const after = (await client.next<HeapMessage>('heap', timeout)).heapUsed;
    return { heapGrowthKb: (after - before) / 1_024, cpuNsPerFrame };
  } finally {
    await client.stop();
  }
}

/** Scenario 4; without the library (`withLibrary` false) only the raw baseline runs. */
export async function conversationsScenario(withLibrary: boolean): Promise<{ rows: Row[]; raw: unknown }> {
  const { count, routingOpen, longFrames } = benchConfig.conversations;
  const kinds: readonly Kind[] = withLibrary ? ['raw', 'library'] : ['raw'];
  const hub = await startBenchHub();
  try {
    const many = await alternate(kinds, benchConfig.runs, (kind) => manyRun(hub, kind));
    const long = await alternate(kinds, benchConfig.runs, (kind) => longRun(hub, kind));
    if (!withLibrary) return { rows: [], raw: { many, long } };
    const series = <R>(runs: Record<Kind, R[]>, kind: Kind, value: (run: R) => number) => ({
      label: SINK_LABELS[kind],
      samples: runs[kind].map(value),
    });
    const rows: Row[] = [];
    rows.push(
      compare(
        SCENARIO,
        `heap per conversation (${count / 1_000}k open)`,
        'B',
        series(many, 'library', (r) => r.heapPerConversation),
        series(many, 'raw', (r) => r.heapPerConversation),
      ),
    );
    const opens = [...routingOpen.filter((n) => n < count), count];
    for (const open of opens) {
      rows.push(
        compare(
          SCENARIO,
          `routing CPU per frame, ${open} open`,
          'ns',
          series(many, 'library', (r) => r.routingNs[open] ?? Number.NaN),
          series(many, 'raw', (r) => r.routingNs[open] ?? Number.NaN),
        ),
      );
    }
    const growth = (r: ManyRun): number =>
      (r.routingNs[count] ?? Number.NaN) / (r.routingNs[1] ?? Number.NaN);
    const growthRow = compare(
      SCENARIO,
      `routing cost growth, ${count} vs 1 open`,
      '×',
      series(many, 'library', growth),
      series(many, 'raw', growth),
    );
    const libraryGrowth = growthRow.subject.summary.median;
    const rawGrowth = growthRow.baseline?.summary.median ?? Number.NaN;
    rows.push({
      ...growthRow,
      target: { text: 'flat: ≤ raw growth + 0.25', met: libraryGrowth <= rawGrowth + 0.25 },
    });
    const residual = compare(
      SCENARIO,
      'heap after close() − baseline',
      'KB',
      series(many, 'library', (r) => r.residualAfterCloseKb),
      series(many, 'raw', (r) => r.residualAfterCloseKb),
    );
    // JIT code and lazily built tables stay after close() for both clients: judge the excess over raw.
    const openHeapKb = median(many.library.map((r) => r.openHeapKb));
    const excessKb = residual.subject.summary.median - (residual.baseline?.summary.median ?? 0);
    const allowedKb = Math.max(256, openHeapKb * 0.02);
    rows.push({
      ...residual,
      ratio: undefined,
      target: {
        text: `back to baseline: ≤ raw + ${allowedKb.toFixed(0)} KB (is raw + ${excessKb.toFixed(0)})`,
        met: excessKb <= allowedKb,
      },
    });
    const longLabel = `${longFrames / 1e6}M`;
    rows.push({
      ...compare(
        SCENARIO,
        `heap growth over ${longLabel} messages`,
        'KB',
        series(long, 'library', (r) => r.heapGrowthKb),
        series(long, 'raw', (r) => r.heapGrowthKb),
      ),
      ratio: undefined,
      target: { text: 'flat: ≤ 1024 KB', met: median(long.library.map((r) => r.heapGrowthKb)) <= 1_024 },
    });
    rows.push(
      compare(
        SCENARIO,
        `CPU per frame over ${longLabel} messages`,
        'ns',
        series(long, 'library', (r) => r.cpuNsPerFrame),
        series(long, 'raw', (r) => r.cpuNsPerFrame),
      ),
    );
    return { rows, raw: { many, long } };
  } finally {
    await hub.link.stop();
  }
}

function median(values: number[]): number {
  return summarize(values).median;
}
