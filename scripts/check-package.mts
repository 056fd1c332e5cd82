// Checks the package as users receive it: builds, packs the tarball npm would publish, lints it with
// publint, checks its type resolution with @arethetypeswrong/cli, and holds the client entry to a size
// budget (browser bundle, minified, rxjs external, gzipped). Exits 1 on any failure.
//
//   npm run check:package            (--skip-build reuses dist/; --size-only skips the tarball checks;
//                                     --sizes lists every input of the client bundle)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleSize, RXJS_EXTERNAL } from './bundle-size.js';

/** The budget of the client entry (gzipped, rxjs external), per-message delivery features included (docs/performance.md). */
const SIZE_TARGET_BYTES = 10 * 1024;
/**
 * What CI enforces while the entry is over its budget: the measured size plus a small margin, so
 * the entry can only shrink. docs/performance.md says what the bytes are and by how much it is over.
 */
const SIZE_CEILING_BYTES = 15_400;

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'inherit' });
const failures: string[] = [];
const step = (name: string, fn: () => void) => {
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

if (!process.argv.includes('--size-only')) checkTarball();

function checkTarball(): void {
  const packDir = mkdtempSync(join(tmpdir(), 'captivate-hub-pack-'));
  try {
    // `npm pack` builds first (prepack) unless the build was just checked (--skip-build).
    const noBuild = process.argv.includes('--skip-build') ? ['--ignore-scripts'] : [];
    run('npm', ['pack', '--silent', '--pack-destination', packDir, ...noBuild]);
    const tarball = join(
      packDir,
      readdirSync(packDir).find((name) => name.endsWith('.tgz')) ?? 'missing.tgz',
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
    // `./node-store` (the file store, for Node processes) is a subpath too: the same profile.
    step('attw: emulator and node-store entries, node16 + bundler', () =>
      run('npx', [
        'attw',
        tarball,
        '--entrypoints',
        './emulator',
        './node-store',
        '--profile',
        'node16',
        '--format',
        'table-flipped',
      ]),
    );
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

const client = await bundleSize({ entryPoints: ['dist/esm/index.js'], external: RXJS_EXTERNAL });
step('size: client entry (browser, minified, rxjs external, gzip -9)', () => {
  const { minified, gzipped } = client;
  const verdict = gzipped <= SIZE_TARGET_BYTES ? 'met' : `NOT met, ${gzipped - SIZE_TARGET_BYTES} B over`;
  console.log(`client entry: ${minified} B minified, ${gzipped} B gzipped`);
  console.log(`target ${SIZE_TARGET_BYTES} B: ${verdict}; CI ceiling ${SIZE_CEILING_BYTES} B`);
  const shown = process.argv.includes('--sizes') ? client.inputs : client.inputs.slice(0, 8);
  for (const [file, bytes] of shown) console.log(`${String(bytes).padStart(7)} B  ${file}`);
  if (gzipped > SIZE_CEILING_BYTES)
    throw new Error(`${gzipped} B gzipped is over the ${SIZE_CEILING_BYTES} B ceiling`);
});

if (failures.length > 0) {
  console.error(`\nPackage check failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\nPackage check passed.');
