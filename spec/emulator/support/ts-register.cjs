/* eslint-disable @typescript-eslint/no-require-imports */
/* global require */
// Preload for spawning TypeScript sources (the CLI test): esbuild-register, plus mapping our
// `./x.js` imports (module nodenext) to the `./x.ts` files on disk, which esbuild-register lacks.
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

require('esbuild-register/dist/node').register({ target: 'node20' });

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveTsForJs(request, parent, ...rest) {
  if (request.startsWith('.') && request.endsWith('.js') && parent && parent.filename) {
    const candidate = path.resolve(path.dirname(parent.filename), request.slice(0, -3) + '.ts');
    if (fs.existsSync(candidate)) return candidate;
  }
  return originalResolve.call(this, request, parent, ...rest);
};
