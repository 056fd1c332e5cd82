import { benchConfig } from '../config.js';
import { ChildLink } from '../harness/child.js';
import type { IpcMessage } from '../harness/ipc.js';
import { compare, type Row } from '../harness/report.js';
import { summarize } from '../harness/stats.js';
import { SINK_LABELS } from '../clients/sinks/sink.js';
import { startBenchHub } from './inbound-runner.js';

const SCENARIO = '3 latency';
type Kind = 'raw' | 'rxjs' | 'library';
type RunResult = Partial<Record<Kind, { p50: number; p99: number }>>;

/**
 * Scenario 3: sequential `user_message` → echo round trips. All clients live in one process and
 * take turns message by message; the echo bot is the bench hub in its own process.
 */
export async function latencyScenario(kinds: readonly Kind[]): Promise<{ rows: Row[]; raw: unknown }> {
  const { roundTrips, warmup } = benchConfig.latency;
  const all: Kind[] = ['raw', ...kinds.filter((kind) => kind !== 'raw')];
  const hub = await startBenchHub();
  try {
    const client = ChildLink.fork('latency', [
      hub.url,
      String(roundTrips),
      String(warmup),
      String(benchConfig.runs),
      all.join(','),
    ]);
    const result = await client.next<IpcMessage & { runs: RunResult[] }>(
      'latency',
      benchConfig.childTimeoutMs,
    );
    await client.stop();
    const series = (kind: Kind, key: 'p50' | 'p99'): { label: string; samples: number[] } => ({
      label: SINK_LABELS[kind],
      samples: result.runs.map((run) => run[kind]?.[key] ?? Number.NaN),
    });
    const rows: Row[] = [];
    for (const kind of all) {
      if (kind === 'raw') continue;
      const p50 = compare(
        SCENARIO,
        `${roundTrips} round trips, p50`,
        'µs',
        series(kind, 'p50'),
        series('raw', 'p50'),
      );
      if (kind === 'library') {
        const overheads = result.runs.map(
          (run) => (run.library?.p50 ?? Number.NaN) - (run.raw?.p50 ?? Number.NaN),
        );
        const overhead = summarize(overheads).median;
        rows.push({
          ...p50,
          target: { text: `p50 overhead ≤ 25 µs (is ${overhead.toFixed(1)} µs)`, met: overhead <= 25 },
        });
      } else {
        rows.push(p50);
      }
      rows.push(
        compare(SCENARIO, `${roundTrips} round trips, p99`, 'µs', series(kind, 'p99'), series('raw', 'p99')),
      );
    }
    return { rows, raw: result.runs };
  } finally {
    await hub.link.stop();
  }
}
