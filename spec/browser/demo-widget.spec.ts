// The demo widget of `npm start` in a real Chromium, with the browser's own WebSocket: start a
// conversation, pick a quick reply, chat, lose the connection, recover, and carry on in the same
// conversation (checked in the emulator's ledger), then reach an agent.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDemo, type Demo } from '../../lib/cli/demo-server.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const SCREENSHOT = join('artifacts', 'demo-widget.png');

jest.setTimeout(20_000);

describe('demo widget in Chromium', () => {
  let demo: Demo;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    }
    demo = await startDemo({ port: 0 });
    profileDir = mkdtempSync(join(tmpdir(), 'captivate-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 520, height: 720 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(5_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await demo?.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  const status = () => page.getByTestId('status');
  const conversationId = () => page.getByTestId('conversation-id');
  const botLine = (text: string) => page.locator('.log li.bot', { hasText: text });
  const note = (text: string) => page.locator('.log li.note', { hasText: text });
  const choice = (label: string) => page.locator('.log .choices button', { hasText: label });

  async function send(text: string): Promise<void> {
    await page.locator('.composer input').fill(text);
    await page.locator('.composer input').press('Enter');
  }

  /** Every text the status pill shows, recorded in the page as it changes. */
  async function recordStatusTexts(): Promise<() => Promise<string[]>> {
    await page.evaluate(() => {
      const pill = document.querySelector('[data-testid="status"]')!;
      const seen: string[] = [pill.textContent ?? ''];
      new MutationObserver(() => seen.push(pill.textContent ?? '')).observe(pill, {
        childList: true,
        characterData: true,
        subtree: true,
      });
      (window as unknown as { statusTexts: string[] }).statusTexts = seen;
    });
    return () => page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
  }

  /** The user messages the hub received with this text, from the emulator's ledger. */
  const received = (text: string) =>
    demo.emulator.received
      .ofType('user_message')
      .filter((event) => (event.payload['content'] as { text?: unknown } | undefined)?.text === text);

  it('chats in words a user understands, survives a dropped connection in the same conversation, reaches an agent', async () => {
    const failedRequests: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(demo.pageUrl);
    const statusTexts = await recordStatusTexts();
    await page.getByRole('button', { name: 'Start conversation' }).click();

    await expectText(conversationId(), /^demo/);
    await botLine('Hello, I am the emulator bot.').waitFor();
    await expectAttribute(status(), 'data-state', 'connected');
    await expectText(status(), /^Online$/);
    const [start] = demo.emulator.received.ofType('conversation_start');
    expect(await conversationId().textContent()).toBe(start?.conversationId);

    // A quick reply shows its label, the hub gets its value, the bot answers, and the choice is spent.
    await choice('Opening hours').click();
    await page.locator('.log li.user', { hasText: 'Opening hours' }).waitFor();
    await botLine('We are open').waitFor();
    expect(received('hours')).toHaveLength(1);
    expect(await page.locator('.log li.user', { hasText: /^hours$/ }).count()).toBe(0);
    for (const label of ['Opening hours', 'Talk to a person', 'Contact us']) {
      expect(await choice(label).isDisabled()).toBe(true);
    }

    await send('hello from chromium');
    await botLine('You said: hello from chromium').waitFor();

    // One drop: one note, rewritten in place when the link is back; the pill never shows a count
    // or a code (the library's attempt counter only resets after 10 s of stable connection).
    await page.getByRole('button', { name: 'Drop connection' }).click();
    await note('Connection lost and restored').waitFor();
    await expectAttribute(status(), 'data-state', 'connected');
    expect(await note('Connection lost').count()).toBe(1);
    const texts = await statusTexts();
    expect(texts).toContain('Reconnecting…');
    for (const text of texts)
      expect(['Not connected yet', 'Connecting…', 'Online', 'Reconnecting…']).toContain(text);

    // The conversation carries on: checked on the hub's side, the next message arrives on a new
    // socket and reaches the same conversation.
    await send('still there?');
    await botLine('You said: still there?').waitFor();
    const [before] = received('hello from chromium');
    const [after] = received('still there?');
    expect(after?.conversationId).toBe(start?.conversationId);
    expect(after?.connectionId).not.toBe(before?.connectionId);
    expect(demo.emulator.connections()).toHaveLength(1);

    await page.getByRole('button', { name: 'Talk to a human' }).click();
    await page.locator('.log li.agent', { hasText: 'this is Sam' }).waitFor();
    await note('Sam joined the conversation.').waitFor();
    expect(await page.locator('.log li.note.error').count()).toBe(0);
    expect(await page.locator('.log').textContent()).not.toMatch(/[A-Z]+_[A-Z_]+/); // no raw error codes
    expect(pageErrors).toEqual([]);
    expect(failedRequests).toEqual([]);

    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp): Promise<void> {
    await page.waitForFunction(({ element, source }) => new RegExp(source).test(element?.textContent ?? ''), {
      element: await locator.elementHandle(),
      source: pattern.source,
    });
  }

  async function expectAttribute(
    locator: ReturnType<Page['locator']>,
    name: string,
    value: string,
  ): Promise<void> {
    await page.waitForFunction(({ element, name, value }) => element?.getAttribute(name) === value, {
      element: await locator.elementHandle(),
      name,
      value,
    });
  }
});
