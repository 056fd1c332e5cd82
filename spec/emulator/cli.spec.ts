import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { TestClient } from './support/test-client.js';
import { startWebhook } from './support/webhook.js';
import { upgradeStatus } from '../security/support/upgrade-status.js';

const root = resolve(__dirname, '../..');

function startCli(args: string[]): {
  child: ChildProcess;
  url: Promise<string>;
  exit: Promise<number | null>;
  stdout: () => string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'emulator', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (ws:\/\/\S+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once('exit', () => reject(new Error(`CLI exited before printing its URL: ${out}`)));
  });
  url.catch(() => undefined); // the bad-option test never reads the URL
  child.stderr!.resume();
  const exit = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, url, exit, stdout: () => out };
}

describe('captivate-hub emulator (CLI)', () => {
  it('prints the ws URL without the key, serves it, and exits 0 on SIGTERM', async () => {
    const cli = startCli([
      '--port',
      '0',
      '--api-key',
      'cli key',
      '--shape',
      'wrapped',
      '--latency',
      '1-3',
      '--quiet',
    ]);
    try {
      const url = await cli.url;
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const client = await TestClient.open(`${url}/?apikey=cli%20key`);
      await client.start();
      expect((await client.take('bot_message')).wrapped).toBe(true);
      cli.child.kill('SIGTERM');
      expect(await cli.exit).toBe(0);
      expect((await client.closed).code).toBe(1001);
      // Nothing printed holds the key, raw or URL-encoded; a line says where it comes from.
      expect(cli.stdout()).not.toMatch(/cli( |%20|\+)key/);
      expect(cli.stdout()).toContain('--api-key, not shown');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('runs a channel in Webhook mode: the greeting is POSTed to --webhook-url', async () => {
    const webhook = await startWebhook();
    const cli = startCli([
      '--port',
      '0',
      '--channel-mode',
      'webhook',
      '--webhook-url',
      webhook.url,
      '--quiet',
    ]);
    try {
      const client = await TestClient.open(await cli.url);
      const greeting = webhook.next();
      const id = await client.start();
      expect(await greeting).toMatchObject({
        event_type: 'bot_message',
        event_payload: { conversation_id: id },
      });
      cli.child.kill('SIGTERM');
      expect(await cli.exit).toBe(0);
    } finally {
      cli.child.kill('SIGKILL');
      await webhook.close();
    }
  });

  it('lets pages of each --allowed-origin connect without a key, and no other page', async () => {
    const cli = startCli([
      '--port',
      '0',
      '--allowed-origin',
      'http://lan.example:4200',
      '--allowed-origin',
      'http://other.example:8080',
      '--quiet',
    ]);
    try {
      const url = await cli.url;
      expect(await upgradeStatus(url, { origin: 'http://lan.example:4200' })).toBe(101);
      expect(await upgradeStatus(url, { origin: 'http://other.example:8080' })).toBe(101);
      expect(String(await upgradeStatus(url, { origin: 'http://evil.example:4200' }))).toMatch(/^4\d\d$/);
      cli.child.kill('SIGTERM');
      expect(await cli.exit).toBe(0);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('answers each --allowed-host without a key (and loopback names), no other Host', async () => {
    const cli = startCli(['--port', '0', '--allowed-host', 'lan.example', '--quiet']);
    try {
      const url = await cli.url;
      const port = new URL(url).port;
      expect(await upgradeStatus(url, { host: `lan.example:${port}` })).toBe(101);
      expect(await upgradeStatus(url, { host: `localhost:${port}` })).toBe(101);
      expect(await upgradeStatus(url, { host: `evil.example:${port}` })).toBe(403);
      cli.child.kill('SIGTERM');
      expect(await cli.exit).toBe(0);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('refuses an --allowed-host that is not a host name as a usage error (exit 2)', async () => {
    expect(await startCli(['--allowed-host', 'http://lan.example:8787']).exit).toBe(2);
  });

  it('rejects a bad option value', async () => {
    const cli = startCli(['--latency', 'soon']);
    expect(await cli.exit).not.toBe(0);
  });
});
