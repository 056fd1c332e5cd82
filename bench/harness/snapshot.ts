import { cpSync, existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const snapshotDir = path.join(root, 'node_modules', '.cache', 'captivate-hub-rx-bench', 'dist');

/**
 * Copies the freshly built `dist/` (cjs and esm) aside and points the bench at the copy
 * (`BENCH_LIB_DIR`): `dist/` is shared with everyone working in this tree, and a rebuild
 * elsewhere (`npm run build` empties it first) must not pull the library out from under a run.
 * Returns the folder of the CommonJS copy, or `undefined` when there is no build to copy.
 */
export function snapshotBuiltLibrary(): string | undefined {
  const built = path.join(root, 'dist');
  if (!existsSync(path.join(built, 'cjs', 'index.js'))) return undefined;
  rmSync(snapshotDir, { recursive: true, force: true });
  for (const format of ['cjs', 'esm']) {
    cpSync(path.join(built, format), path.join(snapshotDir, format), {
      recursive: true,
      filter: (source) => !source.endsWith('.map') && !source.endsWith('.d.ts'),
    });
  }
  process.env.BENCH_LIB_DIR = path.join(snapshotDir, 'cjs');
  return process.env.BENCH_LIB_DIR;
}

/** The ESM entry of the snapshot (for the bundle scenario), if one was taken. */
export function snapshotEsmEntry(): string | undefined {
  const entry = path.join(snapshotDir, 'esm', 'index.js');
  return process.env.BENCH_LIB_DIR === path.join(snapshotDir, 'cjs') && existsSync(entry) ? entry : undefined;
}
