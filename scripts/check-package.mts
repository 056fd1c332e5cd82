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

/**
 * The budget of what a page pays for the client (gzipped, rxjs external): an app importing
 * `connectHub` and `ofType`, per-message delivery included (docs/performance.md). Opt-in features
 * the app imports (the store through `persist`) come on top and are listed beside it.
 */
const SIZE_TARGET_BYTES = 10 * 1024;
/**
 * What CI enforces while the app figure is over its budget: the measured size plus a small margin,
 * so it can only shrink. docs/performance.md says what the bytes are and by how much it is over.
 */
const SIZE_CEILING_BYTES = 15_350;
/** Every export of the client entry together (codec, stores, defaults): a ceiling, so exports cannot grow unnoticed. */
const ENTRY_CEILING_BYTES = 16_850; // 16 837 B with the tab claims of the store, ended by hub.close() (docs/reconnection.md)

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

const entry = JSON.stringify(join(process.cwd(), 'dist/esm/index.js'));
const app = (names: string) =>
  bundleSize({
    stdin: { contents: `export { ${names} } from ${entry};`, resolveDir: process.cwd(), loader: 'js' },
    external: RXJS_EXTERNAL,
  });
const client = await app('connectHub, ofType');
const withStore = await app('connectHub, ofType, persist, localStorageStore');
const whole = await bundleSize({ entryPoints: ['dist/esm/index.js'], external: RXJS_EXTERNAL });
step('size: app importing connectHub + ofType (browser, minified, rxjs external, gzip -9)', () => {
  const { minified, gzipped } = client;
  const verdict = gzipped <= SIZE_TARGET_BYTES ? 'met' : `NOT met, ${gzipped - SIZE_TARGET_BYTES} B over`;
  console.log(`connectHub + ofType: ${minified} B minified, ${gzipped} B gzipped`);
  console.log(`target ${SIZE_TARGET_BYTES} B: ${verdict}; CI ceiling ${SIZE_CEILING_BYTES} B`);
  console.log(`with the store (+ persist, localStorageStore): ${withStore.gzipped} B gzipped`);
  console.log(`every export of the entry: ${whole.gzipped} B gzipped (ceiling ${ENTRY_CEILING_BYTES} B)`);
  const shown = process.argv.includes('--sizes') ? client.inputs : client.inputs.slice(0, 8);
  for (const [file, bytes] of shown) console.log(`${String(bytes).padStart(7)} B  ${file}`);
  if (gzipped > SIZE_CEILING_BYTES)
    throw new Error(`${gzipped} B gzipped is over the ${SIZE_CEILING_BYTES} B ceiling`);
  if (whole.gzipped > ENTRY_CEILING_BYTES)
    throw new Error(
      `the whole entry, ${whole.gzipped} B gzipped, is over its ${ENTRY_CEILING_BYTES} B ceiling`,
    );
});

if (failures.length > 0) {
  console.error(`\nPackage check failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\nPackage check passed.');
