import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version of the installed package, read from its package.json: from source (lib/cli) it is two
 * folders up, from the build (dist/cjs/cli) three, and dist/cjs has a package.json of its own.
 */
export function packageVersion(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 5; depth++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'captivate-hub-rx' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json at this level: keep going up.
    }
  }
  return 'unknown';
}
