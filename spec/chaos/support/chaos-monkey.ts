import type { HubEmulator } from '../../../lib/emulator/index.js';

export type Fault = 'drop' | 'terminate' | 'freeze' | 'restart' | 'refuse' | 'swallow';
export const FAULTS: readonly Fault[] = ['drop', 'terminate', 'freeze', 'restart', 'refuse', 'swallow'];

/**
 * Every 100–300 ms (at random, seeded), inflicts one fault on the emulator. Bounded: at most
 * `maxFaults`, and nothing after `stop()`, which resolves once a fault in progress (a restart) ended.
 */
export function startChaos(
  emulator: HubEmulator,
  options: { random: () => number; maxFaults: number },
): { readonly counts: Record<Fault, number>; stop(): Promise<void> } {
  const counts: Record<Fault, number> = {
    drop: 0,
    terminate: 0,
    freeze: 0,
    restart: 0,
    refuse: 0,
    swallow: 0,
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inProgress: Promise<void> = Promise.resolve();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(options.random() * items.length)] as T;

  const inflict = async (fault: Fault): Promise<void> => {
    counts[fault] += 1;
    switch (fault) {
      case 'drop':
        return emulator.dropConnections({ code: pick([1000, 1001, 1011]) });
      case 'terminate':
        return emulator.terminateConnections();
      case 'freeze':
        return emulator.freeze();
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
      100 + Math.floor(options.random() * 200),
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
