/**
 * Summarises `.cpuprofile` files (from BENCH_CPU_PROF=<dir> npm run bench, or node --cpu-prof):
 * self time by function and by file, so docs/performance.md can say what dominates.
 * Usage: node --import tsx bench/profile-summary.ts <dir-or-file>… [--top 25]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function files(args: readonly string[]): string[] {
  return args.flatMap((arg) =>
    statSync(arg).isDirectory()
      ? readdirSync(arg)
          .filter((name) => name.endsWith('.cpuprofile'))
          .map((name) => path.join(arg, name))
      : [arg],
  );
}

function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const marker = url.lastIndexOf('node_modules/');
  if (marker >= 0) return url.slice(marker + 'node_modules/'.length);
  const lib = url.indexOf('/dist-cjs/');
  if (lib >= 0) return `lib/${url.slice(lib + '/dist-cjs/'.length)}`;
  const dist = url.indexOf('/dist/cjs/');
  if (dist >= 0) return `lib/${url.slice(dist + '/dist/cjs/'.length)}`;
  return url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
}

function main(): void {
  const args = process.argv.slice(2);
  const topIndex = args.indexOf('--top');
  const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
  const inputs = files(topIndex >= 0 ? args.slice(0, topIndex) : args);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const file of inputs) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const delta = profile.timeDeltas[i] ?? 0;
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)' || functionName === '(program)') return;
      total += delta;
      const where = shortUrl(url);
      const fn = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
      byFile.set(where, (byFile.get(where) ?? 0) + delta);
    });
  }
  const print = (title: string, table: Map<string, number>): void => {
    console.log(`\n${title} (self time, % of busy samples across ${inputs.length} profile(s))`);
    for (const [name, time] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  print('by function', byFunction);
  print('by file', byFile);
}

main();
