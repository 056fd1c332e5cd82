import { request } from 'node:http';
import { startDemo } from '../../lib/cli/demo-server.js';
import { startHubEmulator, type HubEmulator, type HubEmulatorOptions } from '../../lib/emulator/index.js';
import { TestClient } from '../emulator/support/test-client.js';
import { upgradeStatus } from './support/upgrade-status.js';

/** An HTTP request on loopback; resolves with the status and headers. */
function http(
  url: string,
  method: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('emulator defaults without apiKeys', () => {
  let emulator: HubEmulator;
  const start = async (options: HubEmulatorOptions = {}) => (emulator = await startHubEmulator(options));
  afterEach(() => emulator.stop());

  it('accepts upgrades only from loopback origins (or none), and from allowedOrigins', async () => {
    await start({ allowedOrigins: ['http://192.168.1.20:4200'] });
    const url = emulator.urlWithKey();
    expect(await upgradeStatus(url)).toBe(101);
    expect(await upgradeStatus(url, { origin: 'http://localhost:4200' })).toBe(101);
    expect(await upgradeStatus(url, { origin: 'http://127.0.0.1:8080' })).toBe(101);
    expect(await upgradeStatus(url, { origin: 'http://192.168.1.20:4200' })).toBe(101);
    expect(await upgradeStatus(url, { origin: 'https://evil.test' })).toBe(403);
    expect(await upgradeStatus(url, { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(url, { origin: 'http://127.0.0.1.evil.test' })).toBe(403);
  });

  it('refuses POSTs from other origins and never answers CORS with *', async () => {
    await start();
    const post = `${emulator.httpUrl}/api/custom-channel/sockets/message`;
    const foreign = await http(post, 'POST', { origin: 'https://evil.test' }, '{}');
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const local = await http(`${emulator.httpUrl}/healthz`, 'GET', { origin: 'http://localhost:3000' });
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const preflight = await http(post, 'OPTIONS', { origin: 'https://evil.test' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('with apiKeys, any origin may connect with a valid key', async () => {
    await start({ apiKeys: ['k'] });
    expect(await upgradeStatus(emulator.urlWithKey('k'), { origin: 'https://widget.example' })).toBe(101);
    expect(await upgradeStatus(emulator.urlWithKey('wrong'), { origin: 'https://widget.example' })).toBe(401);
  });

  it('warns loudly when bound to every interface without a key; links then use the Host a client used', async () => {
    const warnings: string[] = [];
    await start({ host: '0.0.0.0', logger: { warn: (m) => warnings.push(m) } });
    expect(warnings.join('\n')).toMatch(/WARNING.*0\.0\.0\.0.*apiKeys/);
    const client = await TestClient.open(`ws://127.0.0.1:${emulator.port}/?apikey=k`);
    try {
      const id = await client.start();
      client.say(id, 'big');
      const error = await client.take('general_error', undefined, 5_000);
      expect(error.event_payload['message_link']).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${emulator.port}/messages/`),
      );
    } finally {
      client.close();
    }
  });

  it('uses publicUrl for links when given', async () => {
    await start({ publicUrl: 'https://hub.local:8443/' });
    const client = await TestClient.open(emulator.urlWithKey());
    try {
      const id = await client.start();
      client.say(id, 'big');
      const error = await client.take('general_error', undefined, 5_000);
      expect(error.event_payload['message_link']).toMatch(/^https:\/\/hub\.local:8443\/messages\//);
    } finally {
      client.close();
    }
  });
});

describe('the demo’s POST /demo/drop', () => {
  it('refuses cross-site requests; the page itself may drop', async () => {
    const demo = await startDemo({ port: 0 });
    try {
      const drop = `${demo.emulator.httpUrl}/demo/drop`;
      const host = new URL(drop).host;
      const crossSite = await http(drop, 'POST', { origin: 'https://evil.test' });
      const fetchMetadata = await http(drop, 'POST', { 'sec-fetch-site': 'cross-site' });
      expect([crossSite.status, fetchMetadata.status]).toEqual([403, 403]);
      const own = await http(drop, 'POST', { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
      expect(own.status).toBe(200);
    } finally {
      await demo.stop();
    }
  });
});
