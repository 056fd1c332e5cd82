// Checks the package as users receive it: builds, packs the tarball npm would publish, lints it with
// publint, checks its type resolution with @arethetypeswrong/cli, and holds the client entry to a size
// budget (browser bundle, minified, rxjs external, gzipped). Exits 1 on any failure.
//
//   npm run check:package            (add --skip-build to reuse dist/)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Budget for the client entry, gzipped, rxjs excluded (issue 7). */
const SIZE_BUDGET_BYTES = 8 * 1024;

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
const failures = [];
const step = (name, fn) => {
  console.log(`\n== ${name}`);
  try {
    fn();
  } catch (error) {
    failures.push(name);
    console.error(`✗ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
};

if (!process.argv.includes('--skip-build')) {
  try {
    run('npm', ['run', 'build']);
  } catch {
    console.error('\nPackage check failed: the build failed (see above).');
    process.exit(1);
  }
}

const packDir = mkdtempSync(join(tmpdir(), 'captivate-hub-pack-'));
try {
  run('npm', ['pack', '--silent', '--pack-destination', packDir]);
  const tarball = join(
    packDir,
    readdirSync(packDir).find((name) => name.endsWith('.tgz')),
  );

  step('publint (warnings are errors)', () => run('npx', ['publint', 'run', '--strict', tarball]));

  // The client entry must resolve for every resolution mode (node10, node16 CJS/ESM, bundler).
  step('attw: client entry, all resolution modes', () =>
    run('npx', ['attw', tarball, '--entrypoints', '.', '--format', 'table-flipped']),
  );
  // The emulator is Node only. Its export maps `"browser": null`, so bundlers building for browsers
  // refuse it with a clear error, while Node (node16) and TypeScript's `bundler` mode (users' tests
  // under vitest, tsx…) resolve it. A `"node"` condition would hide its types from `bundler` mode.
  // `node10` resolution predates "exports" and cannot see subpaths at all: profile node16 skips it.
  step('attw: emulator entry, node16 + bundler', () =>
    run('npx', [
      'attw',
      tarball,
      '--entrypoints',
      './emulator',
      '--profile',
      'node16',
      '--format',
      'table-flipped',
    ]),
  );
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

const result = await build({
  entryPoints: ['dist/esm/index.js'],
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  external: ['rxjs', 'rxjs/*'],
  logLevel: 'warning',
});
step('size budget: client entry (browser, minified, rxjs external, gzip)', () => {
  const code = result.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).byteLength;
  console.log(
    `client entry: ${code.byteLength} B minified, ${gzipped} B gzipped (budget ${SIZE_BUDGET_BYTES} B)`,
  );
  if (gzipped > SIZE_BUDGET_BYTES)
    throw new Error(`${gzipped} B gzipped is over the ${SIZE_BUDGET_BYTES} B budget`);
});

if (failures.length > 0) {
  console.error(`\nPackage check failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\nPackage check passed.');
