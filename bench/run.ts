/**
 * `npm run bench`: every scenario of docs/performance.md against its baseline in the same run, one table,
 * bench/results.json. Env: BENCH_QUICK=1 (smoke sizes), BENCH_ONLY=1,3 (scenario numbers),
 * BENCH_RUNS, BENCH_FRAMES, BENCH_LIB=src (library from lib/*.ts instead of dist/cjs),
 * BENCH_CPU_PROF=<dir> (+ BENCH_CPU_PROF_KINDS=raw,library) to profile the inbound clients.
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchConfig } from './config.js';
import { libraryEntry, librarySource, loadLibrary } from './harness/library.js';
import { markdownTable, textTable, type Row } from './harness/report.js';
import { snapshotBuiltLibrary } from './harness/snapshot.js';
import { throughputScenario } from './scenarios/throughput.js';
import { fanoutScenario } from './scenarios/fanout.js';
import { latencyScenario } from './scenarios/latency.js';
import { conversationsScenario } from './scenarios/conversations.js';
import { recoveryScenario } from './scenarios/recovery.js';
import { capacityScenario } from './scenarios/capacity.js';
import { bundleScenario } from './scenarios/bundle.js';
import { deliveryScenario } from './scenarios/delivery.js';

type Outcome = { rows: Row[]; raw: unknown };

function libraryAvailable(): string | undefined {
  try {
    const library = loadLibrary();
    if (typeof library.connectHub !== 'function') return 'connectHub is not exported';
    if (typeof library.ofType !== 'function') return 'ofType is not exported';
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  if (librarySource() === 'dist' && !process.env.BENCH_LIB_DIR) snapshotBuiltLibrary();
  const missing = libraryAvailable();
  const withLibrary = missing === undefined;
  if (!withLibrary)
    console.warn(`! library not loadable from ${libraryEntry()} (${missing}): baselines only`);
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean).map(Number);
  const scenarios: Array<[number, string, () => Promise<Outcome>]> = [
    [
      1,
      'inbound throughput',
      () => throughputScenario(withLibrary ? ['rxjs', 'vendor', 'library'] : ['rxjs', 'vendor']),
    ],
    [2, 'fan-out', () => fanoutScenario(withLibrary)],
    [3, 'round-trip latency', () => latencyScenario(withLibrary ? ['rxjs', 'library'] : ['rxjs'])],
    [4, 'many conversations', () => conversationsScenario(withLibrary)],
    [5, 'recovery', () => recoveryScenario(withLibrary)],
    [6, 'emulator capacity', () => capacityScenario()],
    [7, 'bundle size', () => bundleScenario(withLibrary)],
    [8, 'delivery', () => deliveryScenario()],
  ];
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const seconds: Record<string, number> = {};
  for (const [id, name, run] of scenarios) {
    if (only.length > 0 && !only.includes(id)) continue;
    const at = performance.now();
    process.stdout.write(`- ${id} ${name} … `);
    try {
      const outcome = await run();
      rows.push(...outcome.rows);
      raw[`${id} ${name}`] = outcome.raw;
    } catch (error) {
      errors[`${id} ${name}`] = error instanceof Error ? error.message : String(error);
    }
    seconds[`${id} ${name}`] = (performance.now() - at) / 1_000;
    console.log(`${seconds[`${id} ${name}`]?.toFixed(1)} s${errors[`${id} ${name}`] ? ' FAILED' : ''}`);
  }

  console.log(`\n${textTable(rows)}\n`);
  for (const row of rows.filter((r) => r.note)) console.log(`  ${row.scenario} / ${row.metric}: ${row.note}`);
  for (const [scenario, message] of Object.entries(errors)) console.log(`! ${scenario} failed: ${message}`);
  const total = (performance.now() - started) / 1_000;
  console.log(
    `\n${benchConfig.runs} alternating runs per comparison; ratio = median of per-run ratios. ${total.toFixed(0)} s.`,
  );

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      loadAverageAtEnd: os.loadavg(),
    },
    library: { source: librarySource(), entry: libraryEntry(), loaded: withLibrary, missing },
    config: benchConfig,
    seconds: { ...seconds, total },
    rows,
    markdown: markdownTable(rows),
    errors,
    raw,
  };
  writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  if (Object.keys(errors).length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
