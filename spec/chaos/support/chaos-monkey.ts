import type { HubEmulator } from '../../../lib/emulator/index.js';

export type Fault = 'drop' | 'terminate' | 'freeze' | 'restart' | 'refuse' | 'swallow';
export const FAULTS: readonly Fault[] = ['drop', 'terminate', 'freeze', 'restart', 'refuse', 'swallow'];

/**
 * Every `minGapMs`–`maxGapMs` (default 100–300 ms, at random, seeded), inflicts one fault on the emulator. Bounded: at most
 * `maxFaults`, and nothing after `stop()`, which resolves once a fault in progress (a restart) ended.
 */
export function startChaos(
  emulator: HubEmulator,
  options: {
    random: () => number;
    maxFaults: number;
    minGapMs?: number;
    maxGapMs?: number;
    onFault?: (fault: Fault) => void;
  },
): { readonly counts: Record<Fault, number>; stop(): Promise<void> } {
  const counts: Record<Fault, number> = {
    drop: 0,
    terminate: 0,
    freeze: 0,
    restart: 0,
    refuse: 0,
    swallow: 0,
  };
  const { minGapMs: minGap = 100, maxGapMs: maxGap = 300 } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inProgress: Promise<void> = Promise.resolve();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(options.random() * items.length)] as T;

  const inflict = async (fault: Fault): Promise<void> => {
    counts[fault] += 1;
    options.onFault?.(fault);
    switch (fault) {
      case 'drop':
        return emulator.dropConnections({ code: pick([1000, 1001, 1011]) });
      case 'terminate':
        return emulator.terminateConnections();
      case 'freeze':
        return stall(emulator, 20 + Math.floor(options.random() * 380));
      case 'restart':
        return emulator.restart({ downMs: 20 + Math.floor(options.random() * 60) });
      case 'swallow':
        return emulator.swallow({ ms: 50 + Math.floor(options.random() * 150) });
      case 'refuse':
        return emulator.refuseConnections(50 + Math.floor(options.random() * 100), { status: 503 });
    }
  };
  const schedule = (): void => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (stopped || total >= options.maxFaults) return;
    timer = setTimeout(
      () => {
        inProgress = inflict(pick(FAULTS)).then(schedule, schedule);
      },
      minGap + Math.floor(options.random() * (maxGap - minGap)),
    );
  };
  schedule();
  return {
    counts,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inProgress;
      emulator.acceptConnections();
    },
  };
}

/**
 * A stalled path, ended before the next fault. Short (< 120 ms, under the client's heartbeat
 * detection of ≥ 140 ms): the path recovers and the hub reads what waited, then drops the socket.
 * Long: the path never recovers (a NAT that lost the mapping) — the client finds out by its heartbeat
 * and what waited is discarded with the socket. A stall that outlasts detection and then delivers
 * anyway is the one case the client cannot tell from a loss (docs/reconnection.md), so it is not
 * inflicted here.
 */
async function stall(emulator: HubEmulator, holdMs: number): Promise<void> {
  emulator.freeze();
  const frozen = emulator.connections().filter((c) => c.frozen);
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  for (const { id } of frozen) {
    if (holdMs < 120) emulator.terminateConnections({ connectionId: id });
    else emulator.swallow({ connectionId: id, ms: 0 });
  }
}

/** A small seeded PRNG (mulberry32) so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
