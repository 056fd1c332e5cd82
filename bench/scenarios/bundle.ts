import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { BuildOptions } from 'esbuild';
import { bundleSize, RXJS_EXTERNAL } from '../../scripts/bundle-size.js';
import { compare, type Row } from '../harness/report.js';
import { snapshotEsmEntry } from '../harness/snapshot.js';

const SCENARIO = '7 bundle';
const root = path.join(__dirname, '..', '..');

/** The client entry as a bundler sees it: the built ESM (the run's snapshot of it) when present, else the TS source. */
function clientEntry(): string {
  if (process.env.BENCH_LIB === 'src') return path.join(root, 'lib', 'index.ts');
  const built = snapshotEsmEntry() ?? path.join(root, 'dist', 'esm', 'index.js');
  return existsSync(built) ? built : path.join(root, 'lib', 'index.ts');
}

function stdin(contents: string): BuildOptions {
  return { stdin: { contents, resolveDir: root, loader: 'ts' } };
}

/**
 * Scenario 7: what the client entry costs a web page. Deterministic, so one build each; the
 * vendor's published client and a bare RxJS `webSocket` are the baselines.
 */
export async function bundleScenario(withLibrary: boolean): Promise<{ rows: Row[]; raw: unknown }> {
  // The vendor's bundle requires `ws` only on its Node branch; a browser build leaves it out.
  const vendor = await bundleSize({ ...stdin(`export * from 'captivate-chat-api';`), external: ['ws'] });
  const bareRxjs = await bundleSize(stdin(`export { webSocket } from 'rxjs/webSocket';`));
  if (!withLibrary) return { rows: [], raw: { vendor, bareRxjs } };
  const entry = clientEntry();
  const library = await bundleSize({ entryPoints: [entry], external: RXJS_EXTERNAL });
  // What a widget that uses the client (not the codec exports) ships after tree-shaking.
  const typicalApp = await bundleSize({
    ...stdin(`export { connectHub, ofType } from ${JSON.stringify(entry)};`),
    external: RXJS_EXTERNAL,
  });
  const libraryWithRxjs = await bundleSize({ entryPoints: [entry] });
  const one = (label: string, value: number) => ({ label, samples: [value] });
  const rows: Row[] = [
    compare(
      SCENARIO,
      'client entry, min+gzip, rxjs external',
      'B',
      one('captivate-hub-rx', library.gzipped),
      one('captivate-chat-api 7', vendor.gzipped),
    ),
    compare(
      SCENARIO,
      'app importing connectHub + ofType, min+gzip, rxjs external',
      'B',
      one('captivate-hub-rx', typicalApp.gzipped),
      one('captivate-chat-api 7', vendor.gzipped),
    ),
    compare(
      SCENARIO,
      'client entry + the rxjs it uses, min+gzip',
      'B',
      one('captivate-hub-rx', libraryWithRxjs.gzipped),
      one('bare RxJS webSocket', bareRxjs.gzipped),
    ),
    compare(
      SCENARIO,
      'client entry, minified',
      'B',
      one('captivate-hub-rx', library.minified),
      one('captivate-chat-api 7', vendor.minified),
    ),
  ];
  return {
    rows,
    raw: { entry: path.relative(root, entry), library, typicalApp, libraryWithRxjs, vendor, bareRxjs },
  };
}
