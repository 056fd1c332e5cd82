// Prints the client entry's browser bundle size (minified, rxjs external, gzip -9) and what each
// source file contributes, largest first. Run after `npm run build`: node scripts/size-report.mjs
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['dist/esm/index.js'],
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  external: ['rxjs', 'rxjs/*'],
  logLevel: 'warning',
});
const code = result.outputFiles[0].contents;
console.log(`client entry: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzipped`);
const inputs = Object.values(result.metafile.outputs)[0].inputs;
for (const [file, { bytesInOutput }] of Object.entries(inputs).sort(
  (a, b) => b[1].bytesInOutput - a[1].bytesInOutput,
)) {
  console.log(String(bytesInOutput).padStart(7), file);
}
