// The demo of `npm start`: the emulator plus the chat widget of examples/widget, bundled with esbuild
// when the demo starts and served on the emulator's own port through its `httpHandler` option.
// esbuild is a development dependency: load this module lazily, only for `start` in a clone.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startHubEmulator, type HubEmulator } from '../emulator/index.js';
import { isSameOriginRequest } from '../emulator/origin-policy.js';
import { HubError } from '../errors.js';

/** The key the demo emulator accepts; it is written into the page, so it is a demo key only. */
export const DEMO_API_KEY = 'demo-key';

export interface DemoOptions {
  /** @default 8787 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface Demo {
  /** The page to open, e.g. `http://127.0.0.1:8787/`. */
  readonly pageUrl: string;
  /** The key the page uses (the emulator accepts only this one). */
  readonly apiKey: string;
  readonly emulator: HubEmulator;
  stop(): Promise<void>;
}

interface Asset {
  readonly type: string;
  readonly body: string | Uint8Array;
}

/** Starts the emulator and serves the widget: `/`, `/widget.js`, `/widget.css`, `/favicon.ico` and `POST /demo/drop`. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const widgetDir = findWidgetDir();
  const [html, css, script] = await Promise.all([
    readFile(join(widgetDir, 'index.html'), 'utf8'),
    readFile(join(widgetDir, 'widget.css'), 'utf8'),
    bundleWidget(join(widgetDir, 'main.ts')),
  ]);
  const assets = new Map<string, Asset>([
    ['/widget.js', { type: 'text/javascript', body: script }],
    ['/widget.css', { type: 'text/css', body: css }],
  ]);
  // The handler must exist before the emulator it serves; it reads the emulator once started.
  const live: { emulator?: HubEmulator } = {};
  const httpHandler = (request: IncomingMessage, response: ServerResponse): boolean => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'POST' && path === '/demo/drop') {
      // Only the demo page itself: another site must not be able to drop its users (a "simple" POST
      // needs no preflight, so CORS alone would not stop it).
      if (!isSameOriginRequest(request)) {
        response.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"Cross-site request"}');
        return true;
      }
      // 1012 "Service Restart" is not one of the gateway's routine closes, so the widget shows a
      // visible reconnect with backoff rather than an instant one.
      live.emulator?.dropConnections({ code: 1012, reason: 'Dropped by the demo' });
      return send(response, { type: 'application/json', body: '{"dropped":true}' });
    }
    if (request.method !== 'GET') return false;
    // The page has an inline icon; an explicit request still gets an empty answer, not a 404.
    if (path === '/favicon.ico') return noContent(response);
    if (path === '/' && live.emulator)
      return send(response, { type: 'text/html', body: page(html, live.emulator) });
    const asset = assets.get(path ?? '');
    return asset ? send(response, asset) : false;
  };
  const emulator = await startHubEmulator({
    port: options.port ?? 8787,
    host: options.host ?? '127.0.0.1',
    apiKeys: [DEMO_API_KEY],
    // The default bot, as the production hub's: the widget starts bot-first and is greeted in answer
    // to its start trigger, as the vendor's client is.
    httpHandler,
  });
  live.emulator = emulator;
  return { pageUrl: `${emulator.httpUrl}/`, apiKey: DEMO_API_KEY, emulator, stop: () => emulator.stop() };
}

function send(response: ServerResponse, asset: Asset): true {
  response.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'no-store' });
  response.end(asset.body);
  return true;
}

function noContent(response: ServerResponse): true {
  response.writeHead(204, { 'cache-control': 'max-age=86400' });
  response.end();
  return true;
}

/** The page with the hub's URL and key; `<` is escaped so the JSON cannot close its script tag. */
function page(html: string, emulator: HubEmulator): string {
  const config = JSON.stringify({ url: emulator.url, apiKey: DEMO_API_KEY }).replace(/</g, '\\u003c');
  return html.replace('__HUB_CONFIG__', config);
}

async function bundleWidget(entry: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no widget bundle');
  return output.contents;
}

/** examples/widget of the repository this file runs from (lib/cli or dist/<format>/cli). */
function findWidgetDir(): string {
  const from = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'examples', 'widget');
    if (existsSync(join(candidate, 'main.ts'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new HubError(
    'INVALID_ARGUMENT',
    'The demo widget (examples/widget) is only available in a clone of the repository',
  );
}
