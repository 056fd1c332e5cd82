import { benchConfig } from '../config.js';
import { compare, type Row } from '../harness/report.js';
import { SINK_LABELS, type SinkKind } from '../clients/sinks/sink.js';
import { alternate, inboundRun, startBenchHub, type InboundRun } from './inbound-runner.js';

const SCENARIO = '1 inbound';

/**
 * Scenario 1: `bot_message` frames pushed by the bench hub (its own process) as fast as the
 * client's socket drains; each client in a fresh process per run, kinds alternating.
 */
export async function throughputScenario(kinds: readonly SinkKind[]): Promise<{ rows: Row[]; raw: unknown }> {
  const { frames, warmupFrames } = benchConfig.throughput;
  const hub = await startBenchHub();
  try {
    const all: readonly SinkKind[] = ['raw', ...kinds.filter((kind) => kind !== 'raw')];
    const runs = await alternate(all, benchConfig.runs, (kind) =>
      inboundRun(hub, kind, { frames, warmupFrames, subscribers: 1 }),
    );
    const rows: Row[] = [];
    const pick = (kind: SinkKind, key: keyof InboundRun): { label: string; samples: number[] } => ({
      label: SINK_LABELS[kind],
      samples: runs[kind].map((run) => run[key]),
    });
    for (const kind of all) {
      if (kind === 'raw') continue;
      const target =
        kind === 'library' ? (ratio: number) => ({ text: '≥ 0.90× raw', met: ratio >= 0.9 }) : undefined;
      const speed = compare(
        SCENARIO,
        `${frames / 1_000}k frames, throughput`,
        'frames/s',
        pick(kind, 'framesPerSecond'),
        pick('raw', 'framesPerSecond'),
      );
      rows.push(target ? { ...speed, target: target(speed.ratio?.median ?? 0) } : speed);
      rows.push(
        compare(
          SCENARIO,
          'client CPU per frame',
          'ns',
          pick(kind, 'cpuNsPerFrame'),
          pick('raw', 'cpuNsPerFrame'),
        ),
      );
      rows.push(compare(SCENARIO, 'peak RSS', 'MB', pick(kind, 'maxRssMb'), pick('raw', 'maxRssMb')));
    }
    return { rows, raw: runs };
  } finally {
    await hub.link.stop();
  }
}
