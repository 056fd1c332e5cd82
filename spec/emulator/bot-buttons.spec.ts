// Every quick-reply button the default bot offers must lead somewhere: a widget that shows the
// greeting's buttons gets a real answer for each, never just an echo of the button's value.
import { defaultBot, startHubEmulator, type BotContext, type HubEmulator } from '../../lib/emulator/index.js';
import type { WireObject } from '../../lib/protocol/wire.js';
import { TrackedClients, type SeenEvent, type TestClient } from './support/test-client.js';

interface Option {
  readonly label: string;
  readonly value: string;
}

/**
 * The buttons of the default bot's greeting, read from the bot itself. It greets on the empty
 * start trigger of a bot-first start (as the production hub does), not on the start itself.
 */
function greetingOptions(): Option[] {
  const replies: (string | readonly WireObject[])[] = [];
  const ctx = { state: {}, reply: (content) => replies.push(content) } as Partial<BotContext> as BotContext;
  // The default bot is bot-first: it greets on the client's empty start trigger.
  void defaultBot(
    { kind: 'user_message', text: '', content: { type: 'text', text: '' }, clientMsgId: undefined },
    ctx,
  );
  return replies
    .flatMap((content) => (typeof content === 'string' ? [] : content))
    .flatMap((part) => (part['buttons'] as { options?: Option[] } | undefined)?.options ?? []);
}

const texts = (event: SeenEvent): string[] =>
  (event.event_payload['content'] as WireObject[]).flatMap((part) =>
    typeof part['text'] === 'string' ? [part['text']] : [],
  );
const hasButtons = (event: SeenEvent) =>
  (event.event_payload['content'] as WireObject[]).some((part) => part['type'] === 'buttons');

/** The first bot or agent message after the greeting. */
function answer(client: TestClient): Promise<SeenEvent> {
  return Promise.any([
    client.take('bot_message', (event) => !hasButtons(event)),
    client.take('livechat_message'),
  ]);
}

describe('hub emulator — default bot buttons', () => {
  let hub: HubEmulator;
  const clients = new TrackedClients();
  beforeEach(async () => {
    hub = await startHubEmulator({ apiKeys: ['k'] });
  });
  afterEach(() => clients.closeAll(() => hub.stop()));

  const options = greetingOptions();

  it('offers buttons in its greeting', () => {
    expect(options.map((option) => option.value)).toEqual(['hours', 'agent', 'contact']);
  });

  it.each(options)('answers the "$label" button (value $value) with more than an echo', async ({ value }) => {
    const client = await clients.open(hub.urlWithKey('k'));
    const id = await client.start();
    client.say(id, value);
    const reply = texts(await answer(client));
    expect(reply.length).toBeGreaterThan(0);
    expect(reply.join(' ')).not.toMatch(/^You said/);
  });
});
