/**
 * Sizes of every scenario. `BENCH_QUICK=1` shrinks them for a smoke run (seconds, not minutes);
 * `BENCH_RUNS`, `BENCH_FRAMES` override the two that matter most.
 */
const quick = process.env.BENCH_QUICK === '1';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const parsed = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

export const benchConfig = {
  quick,
  /** Alternating runs per scenario (A B A B …): at least 5 for a stable median. */
  runs: envInt('BENCH_RUNS', quick ? 3 : 5),
  throughput: {
    frames: envInt('BENCH_FRAMES', quick ? 20_000 : 200_000),
    warmupFrames: quick ? 2_000 : 20_000,
  },
  fanout: {
    frames: quick ? 10_000 : 100_000,
    warmupFrames: quick ? 1_000 : 10_000,
    subscribers: [1, 10, 100] as const,
  },
  latency: { roundTrips: quick ? 300 : 2_000, warmup: quick ? 50 : 200 },
  conversations: {
    count: quick ? 1_000 : 10_000,
    routingFrames: quick ? 10_000 : 20_000,
    routingOpen: quick ? [1, 1_000] : [1, 100, 10_000],
    longFrames: quick ? 100_000 : 1_000_000,
  },
  /** The emulator's listener stays down this long on restart, like a hub redeploy would. */
  recovery: { downMs: 250 },
  /** Hard ceiling for any single child process or wait, so a wedged run fails instead of hanging. */
  childTimeoutMs: quick ? 60_000 : 120_000,
} as const;

export type BenchConfig = typeof benchConfig;
