// Builds the package twice from one source: CommonJS (dist/cjs) and ESM (dist/esm).
// Each output folder gets its own package.json "type" so Node and TypeScript read
// the .js and .d.ts files in it as the right module format.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

const tsc = (...args) =>
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', ...args], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
tsc('--outDir', 'dist/cjs');
tsc('--outDir', 'dist/esm', '--module', 'es2022', '--moduleResolution', 'bundler');
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module' }) + '\n');
