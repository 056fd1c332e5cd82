import { filter, firstValueFrom } from 'rxjs';
import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { TestClient } from '../emulator/support/test-client.js';
import { runCli, type CliProcess } from './support/cli-process.js';

describe('captivate-hub tail', () => {
  let emulator: HubEmulator;
  let cli: CliProcess | undefined;

  beforeEach(async () => {
    emulator = await startHubEmulator({ port: 0, apiKeys: ['tail-key'] });
  });

  afterEach(async () => {
    if (cli && cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await cli?.exited;
    cli = undefined;
    await emulator.stop();
  });

  it('prints every inbound event as one JSON line, logs on stderr, and exits 0 on SIGTERM', async () => {
    cli = runCli(['tail', '--url', emulator.url], { CAPTIVATE_HUB_API_KEY: 'tail-key' });
    await cli.waitForStdout(/"socket_connected"[^\n]*\n/);
    emulator.sendRaw({
      event_type: 'conversation_update',
      event_payload: { conversation_id: 'c-1', type: 'x' },
    });
    emulator.sendRaw({ event_type: 'brand_new_event', event_payload: {} });
    await cli.waitForStdout(/brand_new_event[^\n]*\n/);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const lines = cli
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.map((event) => event.type)).toEqual(['socket_connected', 'conversation_update', 'unknown']);
    expect(cli.stderr()).toContain('connected');
    expect(cli.stderr()).not.toContain('tail-key');
  });

  it('keeps only one conversation with --conversation', async () => {
    const connected = firstValueFrom(emulator.events$.pipe(filter((event) => event.type === 'connect')));
    cli = runCli(['tail', '--url', emulator.url, '--api-key', 'tail-key', '--conversation', 'c-2']);
    await connected;
    for (const id of ['c-1', 'c-2', 'c-3']) {
      emulator.sendRaw({
        event_type: 'conversation_update',
        event_payload: { conversation_id: id, type: id },
      });
    }
    await cli.waitForStdout(/"c-2"[^\n]*\n/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const lines = cli.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ type: 'conversation_update', conversationId: 'c-2' });
  });

  it('watches a conversation another socket uses, on an emulator, with --conversation', async () => {
    const chat = await TestClient.open(emulator.urlWithKey('tail-key'));
    try {
      const id = await chat.start({ userId: 'watched' }, { userFirst: true });
      const connected = firstValueFrom(emulator.events$.pipe(filter((event) => event.type === 'connect')));
      cli = runCli(['tail', '--url', emulator.url, '--api-key', 'tail-key', '--conversation', id]);
      await connected;
      chat.say(id, 'seen by tail');
      await cli.waitForStdout(/You said: seen by tail[^\n]*\n/);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      const lines = cli.stdout().trimEnd().split('\n');
      expect(lines.map((line) => JSON.parse(line) as object)).toEqual([
        expect.objectContaining({ type: 'bot_message', conversationId: id }),
      ]);
    } finally {
      chat.close();
    }
  });

  it('exits 3 when the hub rejects the API key', async () => {
    cli = runCli(['tail', '--url', emulator.url, '--api-key', 'wrong-key']);
    expect(await cli.exited).toBe(3);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).not.toContain('wrong-key');
  });

  it('exits 2 without a URL', async () => {
    cli = runCli(['tail', '--api-key', 'tail-key']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(/--url/);
  });

  it('prints a placeholder for a frame nested 5 000 deep and carries on', async () => {
    cli = runCli(['tail', '--url', emulator.url, '--api-key', 'tail-key']);
    await cli.waitForStdout(/"socket_connected"[^\n]*\n/);
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    emulator.sendRaw(`{"event_type":"brand_new_event","event_payload":${deep}}`);
    emulator.sendRaw(
      `{"event_type":"bot_message","event_payload":{"conversation_id":"c-1","content":${deep}}}`,
    );
    emulator.sendRaw({
      event_type: 'conversation_update',
      event_payload: { conversation_id: 'c-9', type: 'after' },
    });
    await cli.waitForStdout(/"c-9"[^\n]*\n/);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const lines = cli.stdout().trimEnd().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as { type: string; placeholder?: string });
    expect(parsed[0]?.type).toBe('socket_connected');
    expect(parsed.at(-1)).toMatchObject({ type: 'conversation_update', conversationId: 'c-9' });
    expect(parsed.slice(1, -1).length).toBeGreaterThanOrEqual(1);
    for (const placeholder of parsed.slice(1, -1)) expect(placeholder.placeholder).toMatch(/could not/i);
    expect(cli.stderr()).not.toMatch(/RangeError|Maximum call stack/);
  });
});
