import { firstValueFrom } from 'rxjs';
import { defaultBot } from '../../lib/emulator/index.js';
import type { HubEmulator } from '../../lib/emulator/index.js';
import type { Hub } from '../../lib/hub/hub.js';
import { firstWhere, startLiveHub } from './support/live-hub.js';

/**
 * Against the emulator's default bot, which behaves as the production hub does: silent at the
 * start, greeting in answer to the empty start trigger. Checked on the hub's side too: the ledger
 * holds the trigger, and nothing else the client did not send.
 */
describe('startConversation$ with botFirst', () => {
  let emulator: HubEmulator;
  let hub: Hub;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    ({ emulator, hub, stop } = await startLiveHub({}, { bot: defaultBot }));
  });
  afterEach(() => stop());

  const userMessagesOf = (conversationId: string) =>
    emulator.received.ofType('user_message').filter((entry) => entry.conversationId === conversationId);

  it('sends the start trigger once and the bot greets first', async () => {
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'ann', botFirst: true }));
    const greeting = await firstWhere(conversation.messages$, (message) => message.from === 'bot');
    expect(greeting.parts.length).toBeGreaterThan(0);
    const triggers = userMessagesOf(conversation.id);
    expect(triggers).toHaveLength(1);
    expect(triggers[0]?.payload['content']).toEqual({ type: 'text', text: '' });
  });

  it('sends nothing without it: the hub holds no user message and the bot stays silent', async () => {
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'ben' }));
    await firstValueFrom(conversation.sendText('hello').pipe());
    const reply = await firstWhere(conversation.messages$, (message) => message.from === 'bot');
    // The first bot message answers the user's text, not a greeting to a trigger.
    expect(JSON.stringify(reply.parts)).toContain('hello');
    expect(userMessagesOf(conversation.id)).toHaveLength(1);
  });
});
