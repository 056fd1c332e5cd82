import { benchConfig } from '../config.js';
import { compare, single, type Row } from '../harness/report.js';
import { alternate, inboundRun, startBenchHub, type InboundRun } from './inbound-runner.js';

const SCENARIO = '2 fan-out';
type Kind = 'raw' | 'library';

/**
 * Scenario 2: the inbound run with 1, 10 and 100 subscribers. Raw: one parse, then each
 * subscriber's own check. Library: half `messages$`, half `events$.pipe(ofType('bot_message'))`.
 * The client CPU per frame, per subscriber count, shows whether the cost stays flat apart from
 * the subscribers' own callbacks (which the raw baseline pays too).
 */
export async function fanoutScenario(withLibrary: boolean): Promise<{ rows: Row[]; raw: unknown }> {
  const { frames, warmupFrames, subscribers } = benchConfig.fanout;
  const kinds: readonly Kind[] = withLibrary ? ['raw', 'library'] : ['raw'];
  const hub = await startBenchHub();
  try {
    const bySubscribers: Record<number, Record<Kind, InboundRun[]>> = {};
    for (const count of subscribers) {
      bySubscribers[count] = await alternate(kinds, benchConfig.runs, (kind) =>
        inboundRun(hub, kind, { frames, warmupFrames, subscribers: count }),
      );
    }
    if (!withLibrary) return { rows: [], raw: bySubscribers };
    const rows: Row[] = [];
    for (const count of subscribers) {
      const runs = bySubscribers[count] as Record<Kind, InboundRun[]>;
      const series = (kind: Kind, key: keyof InboundRun) => ({
        label: kind === 'raw' ? 'raw ws + JSON.parse' : 'captivate-hub-rx',
        samples: runs[kind].map((run) => run[key]),
      });
      rows.push(
        compare(
          SCENARIO,
          `${count} subscriber${count > 1 ? 's' : ''}, CPU per frame`,
          'ns',
          series('library', 'cpuNsPerFrame'),
          series('raw', 'cpuNsPerFrame'),
        ),
      );
    }
    // Extra CPU per frame per added subscriber, library minus raw: the slope of the overhead.
    const overheadAt = (count: number): number[] => {
      const runs = bySubscribers[count] as Record<Kind, InboundRun[]>;
      return runs.library.map((run, i) => run.cpuNsPerFrame - (runs.raw[i]?.cpuNsPerFrame ?? Number.NaN));
    };
    const first = subscribers[0] ?? 1;
    const last = subscribers[subscribers.length - 1] ?? first;
    const slope = overheadAt(last).map(
      (value, i) => (value - (overheadAt(first)[i] ?? Number.NaN)) / (last - first),
    );
    rows.push(
      single(
        SCENARIO,
        `overhead vs raw per added subscriber (${first}→${last})`,
        'ns',
        { label: 'captivate-hub-rx', samples: slope },
        {
          note: 'library CPU/frame minus raw CPU/frame, growth per added subscriber; each callback itself costs both sides alike',
        },
      ),
    );
    return { rows, raw: bySubscribers };
  } finally {
    await hub.link.stop();
  }
}
