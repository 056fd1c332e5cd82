import { benchConfig } from '../config.js';
import { single, type Row } from '../harness/report.js';
import { summarize } from '../harness/stats.js';
import { measureEmulatorCapacity, type EmulatorCapacityResult } from '../emulator-capacity.js';

const SCENARIO = '6 emulator';
/** The emulator's scale target: 2 000 concurrent connections and 20 000 echo messages/s on this machine. */
const TARGET_CONNECTIONS = 2_000;
const TARGET_MESSAGES_PER_SECOND = 20_000;

/**
 * Scenario 6: the emulator's own capacity, measured by bench/emulator-capacity.ts (owned by the
 * emulator's author). Its baseline is that target, not another implementation.
 */
export async function capacityScenario(): Promise<{ rows: Row[]; raw: unknown }> {
  const connections = benchConfig.quick ? 200 : TARGET_CONNECTIONS;
  const runs: EmulatorCapacityResult[] = [];
  for (let run = 0; run < benchConfig.runs; run++) {
    runs.push(await measureEmulatorCapacity({ connections, timeoutMs: benchConfig.childTimeoutMs }));
  }
  const label = 'hub emulator';
  const peak = runs.map((r) => r.peakConnections);
  const rate = runs.map((r) => r.messagesPerSecond);
  const median = (values: number[]): number => summarize(values).median;
  // A smoke run (BENCH_QUICK) opens fewer sockets than the target asks: no verdict then.
  const judged = connections >= TARGET_CONNECTIONS;
  const rows: Row[] = [
    single(
      SCENARIO,
      'concurrent connections held',
      'conns',
      { label, samples: peak },
      {
        ...(judged
          ? { target: { text: `≥ ${TARGET_CONNECTIONS}`, met: median(peak) >= TARGET_CONNECTIONS } }
          : {}),
      },
    ),
    single(
      SCENARIO,
      `echo rate over ${connections} connections`,
      'msg/s',
      { label, samples: rate },
      {
        ...(judged
          ? {
              target: {
                text: `≥ ${TARGET_MESSAGES_PER_SECOND}`,
                met: median(rate) >= TARGET_MESSAGES_PER_SECOND,
              },
            }
          : {}),
      },
    ),
    single(SCENARIO, `time to open ${connections} connections + conversations`, 'ms', {
      label,
      samples: runs.map((r) => r.connectMs),
    }),
    single(SCENARIO, 'emulator CPU during echo', '% core', {
      label,
      samples: runs.map((r) => r.emulatorCpuPercent),
    }),
    single(SCENARIO, 'load clients CPU during echo', '% core', {
      label: 'load clients',
      samples: runs.map((r) => r.clientsCpuPercent),
    }),
    single(SCENARIO, 'echoes per emulator CPU second', 'msg/s', {
      label,
      samples: runs.map((r) => r.messagesPerEmulatorCpuSecond),
    }),
  ];
  return { rows, raw: runs };
}
