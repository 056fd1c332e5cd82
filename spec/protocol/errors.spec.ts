import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import * as errors from '../../lib/errors';

type ErrorModule = typeof errors;

/** One instance of every error class, built from `module` (the source or a minified bundle). */
function everyError(module: ErrorModule): Array<[string, Error]> {
  return [
    ['HubError', new module.HubError('HUB_ERROR', 'm')],
    ['HubProtocolError', new module.HubProtocolError('m', 'x')],
    ['PayloadTooLargeError', new module.PayloadTooLargeError(2, 1)],
    ['HubResponseError', new module.HubResponseError(400, 'bad')],
    ['TimeoutError', new module.TimeoutError('REQUEST_TIMEOUT', 'x', 1)],
    ['AuthRejectedError', new module.AuthRejectedError(401)],
    ['ConnectionError', new module.ConnectionError('CONNECTION_LOST', 'm')],
    ['QueueFullError', new module.QueueFullError(1)],
    ['MessageFetchError', new module.MessageFetchError('c', 500)],
    ['InvalidArgumentError', new module.InvalidArgumentError('m')],
  ];
}

/** lib/errors.ts as a user's bundler would ship it: minified, class names mangled. */
function minifiedErrors(): { module: ErrorModule; code: string } {
  const result = buildSync({
    entryPoints: [resolve(__dirname, '../../lib/errors.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const module = { exports: {} as ErrorModule };
  new Function('module', 'exports', code)(module, module.exports);
  return { module: module.exports, code };
}

describe('error names', () => {
  it.each(everyError(errors))('new %s().name is its class name', (name, error) => {
    expect(error.name).toBe(name);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });

  it('survive minification (no class-name reflection)', () => {
    const { module, code } = minifiedErrors();
    // The minifier did rename the classes, so `new.target.name` would be wrong here.
    expect(module.QueueFullError.name).not.toBe('QueueFullError');
    expect(code).not.toMatch(/class QueueFullError/);
    const names = everyError(module).map(([name, error]) => [name, error.name]);
    expect(names).toEqual(names.map(([name]) => [name, name]));
    expect(new module.QueueFullError(1)).toBeInstanceOf(module.HubError);
  });
});
