import { get } from 'node:http';
import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { redactKeys } from '../../lib/emulator/logger.js';
import { rawRequest, statusOf } from './support/raw-http.js';

/** `GET /healthz` over a fresh connection; resolves with its status. */
const healthz = (port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });

describe('the emulator survives malformed requests (raw TCP)', () => {
  let emulator: HubEmulator;
  const warnings: string[] = [];
  beforeEach(async () => {
    warnings.length = 0;
    emulator = await startHubEmulator({ apiKeys: ['secret-key'], logger: { warn: (m) => warnings.push(m) } });
  });
  afterEach(() => emulator.stop());

  it.each([
    [
      'a broken %-escape in a path',
      'GET /messages/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ],
    [
      'an upgrade to a URL that does not parse',
      'GET //x:99999 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    ],
  ])('answers %s with 400 and keeps serving', async (_name, request) => {
    expect(statusOf(await rawRequest(emulator.port, request))).toBe(400);
    expect(await healthz(emulator.port)).toBe(200);
  });

  it('logs a refused upgrade with its key redacted, also when the parameter name is %-encoded', async () => {
    const request =
      'GET /?api%6Bey=secret-leak&apiKey=other-leak HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n' +
      'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    expect(statusOf(await rawRequest(emulator.port, request))).toBe(401);
    expect(warnings.join('\n')).toContain('refused upgrade');
    expect(warnings.join('\n')).not.toMatch(/secret-leak|other-leak/);
  });
});

describe('redactKeys', () => {
  it.each([
    '/?apikey=SECRET',
    '/dev?x=1&apiKey=SECRET&y=2',
    '/?api%6Bey=SECRET',
    '/?%61pi_key=SECRET',
    '/?API-KEY=SECRET',
    '/?x-api-key=SECRET#frag',
    '/?api%4Bey=SECRET&api%ZZkey=kept',
  ])('hides the key of %s', (url) => {
    const redacted = redactKeys(url);
    expect(redacted).not.toContain('SECRET');
    expect(redacted).toContain('***');
  });

  it('keeps other parameters', () => {
    expect(redactKeys('/?apikeys=1&key=2&api=3')).toBe('/?apikeys=1&key=2&api=3');
  });
});
