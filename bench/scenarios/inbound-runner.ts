import * as path from 'node:path';
import { ChildLink } from '../harness/child.js';
import type { IpcMessage } from '../harness/ipc.js';
import { benchConfig } from '../config.js';
import type { SinkKind } from '../clients/sinks/sink.js';

export interface InboundRun {
  readonly framesPerSecond: number;
  /** Client CPU (user + system) per frame, in nanoseconds: immune to the pusher's pace. */
  readonly cpuNsPerFrame: number;
  readonly maxRssMb: number;
  readonly heapUsedMb: number;
}

interface Received extends IpcMessage {
  readonly ms: number;
  readonly cpuMs: number;
  readonly heapUsed: number;
  readonly maxRssKb: number;
}

/** The bench hub in its own process, for the lifetime of one scenario. */
export async function startBenchHub(): Promise<{ link: ChildLink; url: string }> {
  const link = ChildLink.fork('hub');
  const listening = await link.next<IpcMessage & { url: string }>('listening', 30_000);
  return { link, url: listening.url };
}

/**
 * One run of one client: a fresh process connects, a warm-up batch lets the JIT settle, then
 * the measured batch is pushed as fast as backpressure allows.
 */
export async function inboundRun(
  hub: { link: ChildLink; url: string },
  kind: SinkKind,
  options: { frames: number; warmupFrames: number; subscribers: number },
): Promise<InboundRun> {
  const timeout = benchConfig.childTimeoutMs;
  // BENCH_CPU_PROF=<dir>: profile the client processes of BENCH_CPU_PROF_KINDS (default: the
  // library) with node --cpu-prof, one file per process, named after the kind.
  const profileDir = process.env.BENCH_CPU_PROF;
  const profiled = (process.env.BENCH_CPU_PROF_KINDS ?? 'library').split(',').includes(kind);
  const nodeFlags =
    profileDir && profiled ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, kind)}`] : [];
  const client = ChildLink.fork('sink', [kind, hub.url, String(options.subscribers)], { nodeFlags });
  try {
    await client.next('ready', timeout);
    let measured: Received | undefined;
    for (const frames of [options.warmupFrames, options.frames]) {
      client.send({ type: 'expect', frames });
      await client.next('expecting', timeout);
      hub.link.send({ type: 'push', frames, open: 1 });
      measured = await client.next<Received>('received', timeout);
      await hub.link.next('pushed', timeout);
    }
    const result = measured as Received;
    return {
      framesPerSecond: ((options.frames - 1) * 1_000) / result.ms,
      cpuNsPerFrame: (result.cpuMs * 1e6) / options.frames,
      maxRssMb: result.maxRssKb / 1_024,
      heapUsedMb: result.heapUsed / 1_048_576,
    };
  } finally {
    await client.stop();
  }
}

/** Runs every kind once per round, rounds after rounds: A B C A B C … */
export async function alternate<K extends string, R>(
  kinds: readonly K[],
  rounds: number,
  runOne: (kind: K, round: number) => Promise<R>,
): Promise<Record<K, R[]>> {
  const results = Object.fromEntries(kinds.map((kind) => [kind, [] as R[]])) as Record<K, R[]>;
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) results[kind].push(await runOne(kind, round));
  }
  return results;
}
