// `npm start`: the CLI's `start` command straight from the TypeScript sources, bundled by esbuild in
// a fraction of a second (no two-pass tsc build), then run. The bundle goes to node_modules/.cache.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules', '.cache', 'captivate-hub-rx', 'cli.cjs');
mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, 'lib', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
process.argv.splice(2, 0, 'start');
createRequire(import.meta.url)(outfile);
