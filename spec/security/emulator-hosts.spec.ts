import { request } from 'node:http';
import { isIP } from 'node:net';
import fc from 'fast-check';
import { InvalidArgumentError } from '../../lib/errors.js';
import { startHubEmulator, type HubEmulator, type HubEmulatorOptions } from '../../lib/emulator/index.js';
import { describeHost, hostPolicy, isAllowedHost } from '../../lib/emulator/host-policy.js';
import { TestClient } from '../emulator/support/test-client.js';
import { rawRequest, statusOf } from './support/raw-http.js';
import { upgradeStatus } from './support/upgrade-status.js';

/** A GET on the emulator's port (127.0.0.1) with this `Host` header, as a rebinding page sends it. */
function getStatus(emulator: HubEmulator, path: string, host: string, apiKey?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      host,
      ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
    };
    const req = request(`${emulator.httpUrl}${path}`, { headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The link of a reply too large for the socket: another user's data, held for HTTP. */
async function largeMessagePath(emulator: HubEmulator): Promise<string> {
  const client = await TestClient.open(emulator.urlWithKey());
  try {
    const id = await client.start();
    client.say(id, 'big');
    const error = await client.take('general_error', undefined, 5_000);
    return new URL(String(error.event_payload['message_link'])).pathname;
  } finally {
    client.close();
  }
}

const HOSTILE = ['evil.example', 'localhost.evil.example', '127.0.0.1.evil.example', 'evil-localhost'];

describe('the emulator answers only its own Host names without apiKeys (DNS rebinding)', () => {
  let emulator: HubEmulator;
  const warnings: string[] = [];
  const start = async (options: HubEmulatorOptions = {}) =>
    (emulator = await startHubEmulator({ logger: { warn: (m) => warnings.push(m) }, ...options }));
  afterEach(async () => {
    warnings.length = 0;
    await emulator.stop();
  });

  it('refuses a GET of a message link and an upgrade with a hostile Host', async () => {
    await start();
    const path = await largeMessagePath(emulator);
    expect(await getStatus(emulator, path, `127.0.0.1:${emulator.port}`)).toBe(200);
    const rejected: string[] = [];
    const seen = emulator.events$.subscribe((e) => e.type === 'rejected' && rejected.push(e.reason));
    for (const name of HOSTILE) {
      const host = `${name}:${emulator.port}`;
      expect([name, await getStatus(emulator, path, host)]).toEqual([name, 403]);
      expect([name, await getStatus(emulator, '/healthz', host)]).toEqual([name, 403]);
      expect([name, await upgradeStatus(emulator.urlWithKey(), { host })]).toEqual([name, 403]);
    }
    seen.unsubscribe();
    expect(rejected).toEqual(HOSTILE.map(() => 'host not allowed'));
    expect(emulator.connections()).toHaveLength(0);
    expect(warnings.join('\n')).toContain(`refused GET request: Host "evil.example:${emulator.port}"`);
    expect(warnings.join('\n')).toContain('refused upgrade /?apikey=***: 403 host not allowed');
  });

  it('refuses a request without Host (HTTP/1.0) and keeps serving', async () => {
    await start();
    const answer = await rawRequest(emulator.port, 'GET /healthz HTTP/1.0\r\n\r\n');
    expect(statusOf(answer.replace(/^HTTP\/1\.0/, 'HTTP/1.1'))).toBe(403);
    expect(warnings.join('\n')).toContain('refused GET request: no Host header');
    expect(await getStatus(emulator, '/healthz', 'localhost')).toBe(200);
  });

  it.each([
    'localhost',
    'LocalHost.',
    'app.localhost',
    '127.0.0.1',
    '127.42.0.7',
    '[::1]',
    '192.168.1.20',
    '[fe80::1]',
  ])('answers loopback names and IP literals: %s, with and without a port', async (name) => {
    await start();
    for (const host of [name, `${name}:${emulator.port}`]) {
      expect([host, await getStatus(emulator, '/healthz', host)]).toEqual([host, 200]);
      expect([host, await upgradeStatus(emulator.urlWithKey(), { host })]).toEqual([host, 101]);
    }
  });

  it('answers allowedHosts: exact names and .domain entries with their subdomains', async () => {
    await start({ allowedHosts: ['My-Laptop.lan', '.dev.example'] });
    for (const host of ['my-laptop.lan', 'MY-LAPTOP.LAN:8787', 'dev.example', 'a.b.dev.example:443']) {
      expect([host, await getStatus(emulator, '/healthz', host)]).toEqual([host, 200]);
      expect([host, await upgradeStatus(emulator.urlWithKey(), { host })]).toEqual([host, 101]);
    }
    for (const host of ['other.lan', 'my-laptop.lan.evil.example', 'evildev.example', 'dev.example.evil']) {
      expect([host, await getStatus(emulator, '/healthz', host)]).toEqual([host, 403]);
      expect([host, await upgradeStatus(emulator.urlWithKey(), { host })]).toEqual([host, 403]);
    }
  });

  it('answers any Host with allowedHosts: true', async () => {
    await start({ allowedHosts: true });
    expect(await getStatus(emulator, '/healthz', 'evil.example')).toBe(200);
    expect(await upgradeStatus(emulator.urlWithKey(), { host: 'evil.example' })).toBe(101);
  });

  it('with apiKeys, the key is the guard: any Host with the key, none without', async () => {
    await start({ apiKeys: ['k'] });
    expect(await upgradeStatus(emulator.urlWithKey('k'), { host: 'evil.example' })).toBe(101);
    expect(await upgradeStatus(emulator.urlWithKey('wrong'), { host: 'evil.example' })).toBe(401);
    expect(await getStatus(emulator, '/healthz', 'evil.example')).toBe(200);
    expect(await getStatus(emulator, '/messages/m-1', 'evil.example')).toBe(401);
    expect(await getStatus(emulator, '/messages/m-1', 'evil.example', 'k')).toBe(404);
  });

  it.each([
    ['a URL', 'http://hub.local'],
    ['a port', 'hub.local:8787'],
    ['a wildcard', '*'],
    ['nothing', ''],
    ['a space', 'a b'],
    ['a name over 253 characters', 'a'.repeat(254)],
  ])('refuses an allowedHosts entry with %s: InvalidArgumentError', async (_name, entry) => {
    await expect(startHubEmulator({ allowedHosts: [entry] })).rejects.toThrow(InvalidArgumentError);
  });
});

describe('host policy', () => {
  it('answers the name the emulator listens on, not its look-alikes', () => {
    const policy = hostPolicy(undefined, 'my-laptop.lan');
    expect(isAllowedHost('my-laptop.lan:8787', policy)).toBe(true);
    expect(isAllowedHost('my-laptop.lan.evil.example:8787', policy)).toBe(false);
    expect(isAllowedHost(undefined, policy)).toBe(false);
    for (const malformed of ['evil.example:80:80', 'user@localhost', 'localhost/x', '[::1', '[evil]', ''])
      expect([malformed, isAllowedHost(malformed, policy)]).toEqual([malformed, false]);
  });

  it('answers a DNS name only when it is loopback, listed, or under a listed domain (property)', () => {
    const policy = hostPolicy(undefined, '127.0.0.1', ['hub.lan', '.dev.example']);
    const port = fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined });
    fc.assert(
      fc.property(fc.domain(), port, (name, p) => {
        const host = p === undefined ? name : `${name}:${p}`;
        const lower = name.toLowerCase();
        const ours =
          lower === 'localhost' ||
          lower.endsWith('.localhost') ||
          lower === 'hub.lan' ||
          lower === 'dev.example' ||
          lower.endsWith('.dev.example');
        expect(isAllowedHost(host, policy)).toBe(ours);
        // A rebinding name ending in an allowed one is still refused; a subdomain of a listed domain is not.
        expect(isAllowedHost(`${name}.evil.example`, policy)).toBe(false);
        expect(isAllowedHost(`${name}.dev.example`, policy)).toBe(true);
      }),
    );
  });

  it('answers a Host built of look-alike pieces only when it is loopback or an IP literal (property)', () => {
    const policy = hostPolicy(undefined, '127.0.0.1');
    const pieces = [
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '::1',
      '[',
      ']',
      'evil',
      '.',
      ':',
      '80',
      '@',
      '/',
      ' ',
      '\x1b',
    ];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(''));
    let answered = 0;
    fc.assert(
      fc.property(text, (host) => {
        if (!isAllowedHost(host, policy)) return;
        answered++;
        const name = host
          .toLowerCase()
          .replace(/:\d+$/, '')
          .replace(/^\[(.*)\]$/, '$1')
          .replace(/\.$/, '');
        expect([host, isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')]).toEqual([
          host,
          true,
        ]);
      }),
      { numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(0); // the generator does reach accepted hosts
  });

  it('describes a hostile Host for a log line escaped, quoted and short', () => {
    const line = describeHost(`evil"\\\x1b[31m\r\n${'x'.repeat(200)}`);
    expect(line).toMatch(/^Host "evil\\"\\\\\\x1b\[31m\\x0d\\x0ax+"…$/);
    expect(line.length).toBeLessThan(110);
    expect(line).not.toMatch(/[^\x20-\x7e…]/);
  });
});
