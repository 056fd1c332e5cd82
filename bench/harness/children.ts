import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { librarySource } from './library.js';

const benchDir = path.join(__dirname, '..');
const outDir = path.join(benchDir, '..', 'node_modules', '.cache', 'captivate-hub-rx-bench');

/** Child entry points, relative to bench/. */
const ENTRIES = {
  hub: 'servers/bench-hub.ts',
  sink: 'clients/sink-client.ts',
  latency: 'clients/latency-client.ts',
  conversations: 'clients/conversations-client.ts',
  recovery: 'clients/recovery-client.ts',
} as const;

export type ChildName = keyof typeof ENTRIES;

let built = false;

/**
 * Children run as plain pre-bundled JavaScript, not through a TypeScript hook: a measured process
 * then holds only what it measures (no transpiler in its heap or RSS, no transpile time). Packages
 * (`ws`, `rxjs`, the vendor's client) stay external and load from node_modules like in an app; the
 * library under test is `require`d at run time from `BENCH_LIB_ENTRY` (dist/cjs by default).
 */
export function childScript(name: ChildName): string {
  if (!built) {
    buildSync({
      entryPoints: Object.fromEntries(
        Object.entries(ENTRIES)
          .map(([key, file]) => [key, path.join(benchDir, file)])
          .filter(([, file]) => existsSync(file as string)),
      ),
      outdir: outDir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
    built = true;
  }
  return path.join(outDir, `${name}.js`);
}

/** Node flags every child needs: tsx only when the library itself is loaded from lib/*.ts. */
export function childNodeFlags(): string[] {
  return librarySource() === 'src' ? ['--import', 'tsx'] : [];
}
