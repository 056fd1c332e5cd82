import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubEmulator } from '../../lib/emulator/index.js';
import { runCli } from './support/cli-process.js';

const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};

describe('captivate-hub usage', () => {
  it('prints its version with --version and exits 0', async () => {
    const cli = runCli(['--version']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout().trim()).toBe(version);
  });

  it('lists the chat commands and recommends the key file or the environment in the help', async () => {
    const cli = runCli(['chat', '--help']);
    expect(await cli.exited).toBe(0);
    const help = cli.stdout();
    expect(help).toMatch(/\/agent/);
    expect(help).toMatch(/\/quit/);
    expect(help).toMatch(/number/i);
    expect(help).toMatch(/--api-key-file <path>/);
    expect(help).toMatch(/CAPTIVATE_HUB_API_KEY/);
    expect(help).toMatch(/--api-key <key>.*(discouraged|visible)/is);
    expect(help).toMatch(/Exit codes:.*2.*usage.*3.*refused/s);
  });

  it('makes `emulator --port abc` a usage error (exit 2) that talks about ports', async () => {
    const cli = runCli(['emulator', '--port', 'abc']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(/port/i);
    expect(cli.stderr()).not.toMatch(/milliseconds/);
  });

  it('masks the key only as a whole value, never inside a host name', async () => {
    const cli = runCli(['chat', '--url', 'ws://host-with-key.invalid', '--api-key', 'key']);
    cli.child.stdin.end();
    expect(await cli.exited).toBe(3);
    const printed = cli.stdout() + cli.stderr();
    expect(printed).toContain('host-with-key.invalid');
    expect(printed).not.toContain('***');
  });

  it('reads the key from --api-key-file (one trailing newline ignored)', async () => {
    const emulator = await startHubEmulator({ port: 0, apiKeys: ['file-key'] });
    try {
      const keyFile = join(mkdtempSync(join(tmpdir(), 'captivate-key-')), 'key');
      writeFileSync(keyFile, 'file-key\n');
      const cli = runCli(['chat', '--url', emulator.url, '--api-key-file', keyFile]);
      cli.child.stdin.end('hi\n');
      expect(await cli.exited).toBe(0);
      expect(cli.stdout()).toContain('bot> You said: hi');
    } finally {
      await emulator.stop();
    }
  });

  it('makes an unreadable --api-key-file a usage error (exit 2)', async () => {
    const cli = runCli(['chat', '--url', 'ws://127.0.0.1:9', '--api-key-file', '/nonexistent/key']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(/api-key-file/);
  });
});
