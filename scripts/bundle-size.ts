import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';

/** What a web page pays for a bundle: esbuild for the browser, minified ESM, then gzip -9. */
export interface BundleSize {
  readonly minified: number;
  readonly gzipped: number;
  /** Each input's share of the minified output, largest first. */
  readonly inputs: ReadonlyArray<readonly [file: string, bytes: number]>;
}

/** rxjs is the app's own copy (a peerDependency), so it is left out of our budget. */
export const RXJS_EXTERNAL = ['rxjs', 'rxjs/*'];

/** The one way the package check and the benchmark measure a bundle. */
export async function bundleSize(options: BuildOptions): Promise<BundleSize> {
  const result = await build({
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    ...options,
  });
  const code = result.outputFiles?.[0]?.contents ?? new Uint8Array();
  const inputs = Object.entries(Object.values(result.metafile?.outputs ?? {})[0]?.inputs ?? {})
    .map(([file, input]) => [file, input.bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, inputs };
}
