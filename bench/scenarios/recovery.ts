import { benchConfig } from '../config.js';
import { ChildLink } from '../harness/child.js';
import type { IpcMessage } from '../harness/ipc.js';
import { compare, single, type Row } from '../harness/report.js';
import type { RecoveryRun } from '../clients/recovery-client.js';

const SCENARIO = '5 recovery';

/**
 * Scenario 5: emulator restart (listener down `downMs`) → first reply on the retained
 * conversation. Baseline: raw `ws` retrying every 10 ms with no backoff — the floor the restart
 * itself allows. The library waits a jittered backoff on purpose (the gateway caps new
 * connections per second), so its row is shown next to the waits it chose.
 */
export async function recoveryScenario(withLibrary: boolean): Promise<{ rows: Row[]; raw: unknown }> {
  const { downMs } = benchConfig.recovery;
  const kinds = withLibrary ? ['raw', 'library'] : ['raw'];
  const child = ChildLink.fork('recovery', [String(benchConfig.runs), String(downMs), kinds.join(',')]);
  try {
    const message = await child.next<IpcMessage & { results: Record<string, RecoveryRun[]> }>(
      'recovery',
      benchConfig.childTimeoutMs,
    );
    const raw = message.results.raw ?? [];
    const library = message.results.library ?? [];
    if (!withLibrary) return { rows: [], raw: message.results };
    const rawSeries = { label: 'raw ws, 10 ms retry', samples: raw.map((r) => r.recoveryMs) };
    const rows: Row[] = [
      compare(
        SCENARIO,
        `restart (down ${downMs} ms) → first reply`,
        'ms',
        { label: 'captivate-hub-rx', samples: library.map((r) => r.recoveryMs) },
        rawSeries,
      ),
      single(SCENARIO, 'backoff waits the library chose', 'ms', {
        label: 'captivate-hub-rx',
        samples: library.map((r) => r.backoffMs),
      }),
      {
        ...compare(
          SCENARIO,
          'recovery beyond the backoff waits',
          'ms',
          { label: 'captivate-hub-rx', samples: library.map((r) => r.recoveryMs - r.backoffMs) },
          { label: 'raw, beyond the downtime', samples: raw.map((r) => r.recoveryMs - downMs) },
        ),
        ratio: undefined,
        note: 'what the library adds on top of the waits its jittered backoff chose',
      },
    ];
    return { rows, raw: message.results };
  } finally {
    await child.stop();
  }
}
