// The demo widget of `npm start` in a real Chromium, with the browser's own WebSocket: start a
// conversation, chat, lose the connection, recover, and carry on in the same conversation.
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

  async function send(text: string): Promise<void> {
    await page.locator('.composer input').fill(text);
    await page.locator('.composer input').press('Enter');
  }

  it('chats, survives a dropped connection, carries on in the same conversation, reaches an agent', async () => {
    await page.goto(demo.pageUrl);
    await page.getByRole('button', { name: 'Start conversation' }).click();

    await expectText(conversationId(), /^demo/);
    await botLine('Hello, I am the emulator bot.').waitFor();
    await expectAttribute(status(), 'data-state', 'connected');
    const id = await conversationId().textContent();

    await send('hello from chromium');
    await botLine('You said: hello from chromium').waitFor();

    await page.getByRole('button', { name: 'Drop connection' }).click();
    await page.locator('.log li.note', { hasText: 'reconnecting' }).waitFor();
    await page.locator('.log li.note', { hasText: 'Reconnected' }).waitFor();
    await expectAttribute(status(), 'data-state', 'connected');

    await send('still there?');
    await botLine('You said: still there?').waitFor();
    expect(await conversationId().textContent()).toBe(id);
    expect(demo.emulator.connections()).toHaveLength(1);

    // A quick-reply button of the greeting: the bot hands over to a (simulated) human agent.
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await page.locator('.log li.agent', { hasText: 'this is Sam' }).waitFor();
    await page.locator('.log li.note', { hasText: 'livechatAgentConnected' }).waitFor();
    expect(pageErrors).toEqual([]);

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
