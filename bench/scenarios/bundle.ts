import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { build, type BuildOptions } from 'esbuild';
import { compare, type Row } from '../harness/report.js';
import { snapshotEsmEntry } from '../harness/snapshot.js';

const SCENARIO = '7 bundle';
const root = path.join(__dirname, '..', '..');

interface Size {
  readonly minified: number;
  readonly gzipped: number;
  /** The inputs that weigh most in the minified output, in bytes. */
  readonly largestInputs: Record<string, number>;
}

/** esbuild for the browser, minified, one ESM output; gzip -9 of it. */
async function bundleSize(options: BuildOptions): Promise<Size> {
  const result = await build({
    metafile: true,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    ...options,
  });
  const code = result.outputFiles?.[0]?.contents ?? new Uint8Array();
  const inputs = Object.values(result.metafile?.outputs ?? {})[0]?.inputs ?? {};
  const largestInputs = Object.fromEntries(
    Object.entries(inputs)
      .map(([file, input]) => [file, input.bytesInOutput] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8),
  );
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, largestInputs };
}

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
  const rxjsExternal = ['rxjs', 'rxjs/*'];
  // The vendor's bundle requires `ws` only on its Node branch; a browser build leaves it out.
  const vendor = await bundleSize({ ...stdin(`export * from 'captivate-chat-api';`), external: ['ws'] });
  const bareRxjs = await bundleSize(stdin(`export { webSocket } from 'rxjs/webSocket';`));
  if (!withLibrary) return { rows: [], raw: { vendor, bareRxjs } };
  const entry = clientEntry();
  const library = await bundleSize({ entryPoints: [entry], external: rxjsExternal });
  // What a widget that uses the client (not the codec exports) ships after tree-shaking.
  const typicalApp = await bundleSize({
    ...stdin(`export { connectHub, ofType } from ${JSON.stringify(entry)};`),
    external: rxjsExternal,
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
