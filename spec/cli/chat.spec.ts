import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { runCli, type CliProcess } from './support/cli-process.js';

describe('captivate-hub chat', () => {
  let emulator: HubEmulator;
  let cli: CliProcess | undefined;

  beforeEach(async () => {
    // The default bot, like the production hub's, greets only in answer to the start trigger that
    // `chat` sends right after the start.
    emulator = await startHubEmulator({ port: 0, apiKeys: ['chat-key'] });
  });

  afterEach(async () => {
    if (cli && cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await cli?.exited;
    cli = undefined;
    await emulator.stop();
  });

  it('sends typed lines and picked buttons, prints replies and agent messages, exits 0 at end of input', async () => {
    cli = runCli(['chat', '--user-id', 'cli-user'], {
      CAPTIVATE_HUB_URL: emulator.url,
      CAPTIVATE_HUB_API_KEY: 'chat-key',
    });
    await cli.waitForStdout(/conversation cli-user\S*/);
    await cli.waitForStdout(/bot> Hello, I am the emulator bot\./);
    await cli.waitForStdout(/\[1\] Opening hours/);

    cli.child.stdin.write('hello there\n');
    await cli.waitForStdout(/bot> You said: hello there/);
    cli.child.stdin.write('2\n'); // the greeting's second button: "Talk to a person"
    await cli.waitForStdout(/agent> Hi, this is Sam/);
    cli.child.stdin.end();

    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toMatch(/· connected/);
    expect(cli.stdout()).toMatch(/· action escalateToHuman\n· livechatAgentConnected\n/);
  });

  it('reports a lost connection and carries on in the same conversation', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--api-key', 'chat-key']);
    const conversation = await cli.waitForStdout(/conversation \S+/);
    await cli.waitForStdout(/bot> Hello/);

    emulator.dropConnections();
    await cli.waitForStdout(/· reconnected/);
    cli.child.stdin.write('after the drop\n');
    await cli.waitForStdout(/bot> You said: after the drop/);
    cli.child.stdin.end();

    expect(await cli.exited).toBe(0);
    expect(cli.stdout().match(/conversation \S+/g)).toEqual([conversation]);
  });

  it('sends the start trigger once (the hub holds it), so the default bot greets first', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--api-key', 'chat-key']);
    const conversation = (await cli.waitForStdout(/conversation \S+/)).slice('conversation '.length);
    await cli.waitForStdout(/bot> Hello, I am the emulator bot\./);
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);
    const sent = emulator.received.ofType('user_message').filter((e) => e.conversationId === conversation);
    expect(sent.map((entry) => entry.payload['content'])).toEqual([{ type: 'text', text: '' }]);
  });

  it('with --user-first sends no trigger: the default bot speaks only once the user has', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--api-key', 'chat-key', '--user-first']);
    const conversation = (await cli.waitForStdout(/conversation \S+/)).slice('conversation '.length);
    cli.child.stdin.write('hours\n');
    await cli.waitForStdout(/bot> /);
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).not.toContain('Hello, I am the emulator bot');
    const sent = emulator.received.ofType('user_message').filter((e) => e.conversationId === conversation);
    expect(sent.map((entry) => entry.payload['content'])).toEqual([{ type: 'text', text: 'hours' }]);
  });

  it('exits 3 when the hub rejects the API key', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--api-key', 'nope']);
    expect(await cli.exited).toBe(3);
  });

  it('exits 2 on a usage error', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--api-key', 'chat-key', '--no-such-flag']);
    expect(await cli.exited).toBe(2);
  });

  it('strips control characters (but not newlines and tabs) from bot text, button labels and errors', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--api-key', 'chat-key']);
    const conversation = (await cli.waitForStdout(/conversation \S+/)).slice('conversation '.length);
    await cli.waitForStdout(/\[3\] Contact us/);

    emulator.botSays(conversation, [
      { type: 'text', text: 'clear\x1b[2J\x1b]0;pwned\x07 screen\rforged\ttab\nnext line\x9b1m' },
      {
        type: 'buttons',
        buttons: { title: 'Pick\x1b[31m', options: [{ label: 'evil\x1b[Klabel\x08', value: 'v' }] },
      },
    ]);
    await cli.waitForStdout(/\[1\] evil/);
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);

    const out = cli.stdout();
    expect(out).toContain('bot> clear[2J]0;pwned screenforged\ttab\nnext line1m');
    expect(out).toContain('[1] evil[Klabel\n');
    expect(out).toContain('bot> Pick[31m\n');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});
