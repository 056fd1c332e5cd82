import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import { runCli, type CliProcess } from './support/cli-process.js';

// `printf 'a\nb\n' | captivate-hub chat …`: stdin is a pipe that may end before the socket opens.
describe('captivate-hub chat with piped input', () => {
  let emulator: HubEmulator;
  let cli: CliProcess | undefined;

  beforeEach(async () => {
    // The default bot, like the production hub's, greets only in answer to the start trigger that
    // `chat` sends right after the start.
    emulator = await startHubEmulator({ port: 0, apiKeys: ['pipe-key'] });
  });

  afterEach(async () => {
    if (cli && cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await cli?.exited;
    cli = undefined;
    await emulator.stop();
  });

  /** The bot-first start trigger: an empty text, not one of the piped lines. */
  const isTrigger = (payload: Record<string, unknown>) =>
    JSON.stringify(payload['content']) === JSON.stringify({ type: 'text', text: '' });
  const userTexts = () =>
    emulator.received
      .all()
      .filter((event) => event.eventType === 'user_message')
      .filter((event) => !isTrigger(event.payload))
      .map((event) => JSON.stringify(event.payload));

  it('sends every line in order, prints each reply, then exits 0', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--user-id', 'piped'], {
      CAPTIVATE_HUB_API_KEY: 'pipe-key',
    });
    cli.child.stdin.end('first line\nsecond line\n\nthird line\n');

    expect(await cli.exited).toBe(0);
    const out = cli.stdout();
    const replies = ['first line', 'second line', 'third line'].map((text) =>
      out.indexOf(`bot> You said: ${text}`),
    );
    expect(replies.every((at) => at >= 0)).toBe(true);
    expect([...replies].sort((a, b) => a - b)).toEqual(replies);
    const sent = userTexts();
    expect(sent).toHaveLength(3);
    expect(sent.map((payload) => /first|second|third/.exec(payload)?.[0])).toEqual([
      'first',
      'second',
      'third',
    ]);
  });

  it('picks a button by its number from the previous reply', async () => {
    cli = runCli(['chat', '--url', emulator.url], { CAPTIVATE_HUB_API_KEY: 'pipe-key' });
    cli.child.stdin.end('1\n');
    expect(await cli.exited).toBe(0);
    expect(userTexts()).toHaveLength(1);
    expect(userTexts()[0]).toContain('hours');
  });

  it('exits 3 with piped input when the key is rejected, without a misleading send error', async () => {
    cli = runCli(['chat', '--url', emulator.url, '--api-key', 'wrong-key']);
    cli.child.stdin.end('hello\n');
    expect(await cli.exited).toBe(3);
    const printed = cli.stdout() + cli.stderr();
    expect(printed).not.toMatch(/Closed before it was sent/);
    expect(printed).toMatch(/refused the API key/);
    expect(printed).not.toContain('wrong-key');
  });

  it('exits 3 with piped input when nothing listens at the URL', async () => {
    const url = emulator.url;
    await emulator.stop();
    cli = runCli(['chat', '--url', url, '--api-key', 'pipe-key']);
    cli.child.stdin.end('hello\n');
    expect(await cli.exited).toBe(3);
  });

  it('exits 1 and says so when a piped line gets no reply within --reply-timeout', async () => {
    const silent = await startHubEmulator({
      port: 0,
      apiKeys: ['pipe-key'],
      bot: (input, ctx) =>
        input.kind === 'conversation_start' ? ctx.reply('hello, I never answer') : undefined,
    });
    try {
      // This bot greets at the start by itself, so the chat sends no start trigger.
      cli = runCli(['chat', '--url', silent.url, '--user-first', '--reply-timeout', '300'], {
        CAPTIVATE_HUB_API_KEY: 'pipe-key',
      });
      cli.child.stdin.end('anyone there?\n');
      expect(await cli.exited).toBe(1);
      expect(cli.stdout()).toContain('! no reply within 300 ms');
      expect(silent.received.ofType('user_message')).toHaveLength(1);
    } finally {
      await silent.stop();
    }
  });
});
