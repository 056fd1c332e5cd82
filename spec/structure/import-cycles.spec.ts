import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The architecture as folders (protocol, request, connection, conversation, hub, operators, …):
 * no import cycle between folders, nor between files. Read from the sources, type-only imports
 * included (they tie the layers as much as the others).
 */
const LIB = resolve(__dirname, '../../lib');
const IMPORT = /(?:import|export)\s[^'";]*?from\s+'(\.{1,2}\/[^']+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** file (relative to lib/) → the files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(LIB)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((match) =>
      relative(LIB, resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts'))),
    );
    graph.set(relative(LIB, file), targets);
  }
  return graph;
}

/** A cycle of `graph` as a path, or undefined. */
function findCycle(graph: Map<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

const folderOf = (file: string): string => (file.includes('/') ? file.split('/')[0]! : '(top)');

describe('import structure of lib/', () => {
  const files = importGraph();

  it('has no import cycle between files of the client (lib/ outside emulator/ and cli/)', () => {
    const client = new Map([...files].filter(([file]) => !/^(emulator|cli)\//.test(file)));
    expect(findCycle(client)).toBeUndefined();
  });

  it('has no import cycle between folders (files at the top of lib/ are shared leaves, not a layer)', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of files) {
      const from = folderOf(file);
      if (from === '(top)') continue;
      const edges = (folders.get(from) ?? []).concat(
        targets.map(folderOf).filter((to) => to !== from && to !== '(top)'),
      );
      folders.set(from, [...new Set(edges)]);
    }
    expect(findCycle(folders)).toBeUndefined();
  });

  it('keeps the emulator off the client: from lib/ it imports only protocol/ and top-level files', () => {
    const reached = new Set<string>();
    for (const [file, targets] of files) {
      if (!file.startsWith('emulator/')) continue;
      for (const to of targets)
        if (!['emulator', 'protocol', '(top)'].includes(folderOf(to))) reached.add(to);
    }
    expect([...reached]).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
  });
});
