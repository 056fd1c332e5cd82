/**
 * A short conversation with a local hub emulator, end to end:
 *   node --import tsx examples/node/chat.ts
 * Exits 0 when the bot greeted and answered, 1 otherwise (CI runs it). It never calls
 * `process.exit` on success: once the hub is closed, nothing keeps Node alive.
 */
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
// An app imports these as 'captivate-hub-rx' and 'captivate-hub-rx/emulator'.
import { connectHub, type ChatMessage } from '../../lib/index.js';
import { startHubEmulator } from '../../lib/emulator/index.js';

const API_KEY = 'example-key';

function show(message: ChatMessage): string {
  const parts = message.parts.map((part) => {
    if (part.type === 'text') return part.text;
    if (part.type === 'buttons') return `[${part.buttons.options.map((option) => option.label).join(' | ')}]`;
    return `<${part.type}>`;
  });
  return `${message.from}: ${parts.join(' ')}`;
}

async function main(): Promise<void> {
  // The emulator's default bot, like the production hub's, greets in answer to the start trigger
  // that `botFirst: true` sends right after the start.
  const emulator = await startHubEmulator({ apiKeys: [API_KEY] });
  const hub = connectHub({ url: emulator.url, apiKey: API_KEY });
  try {
    const conversation = await firstValueFrom(
      hub.startConversation$({ userId: 'example-user', botFirst: true }),
    );
    console.log(`conversation ${conversation.id}`);
    // Kept for the first subscriber, so the greeting is not lost to the await above.
    const [greeting] = await firstValueFrom(conversation.messages$.pipe(take(1), toArray(), timeout(5_000)));
    if (greeting) console.log(show(greeting));

    // The greeting's first button; the bot answers it with the opening hours.
    const question = 'opening hours';
    const reply = firstValueFrom(
      conversation.messages$.pipe(
        filter((message) => message.from === 'bot'),
        timeout(5_000),
      ),
    );
    await firstValueFrom(conversation.sendText(question));
    console.log(`user: ${question}`);
    console.log(show(await reply));
  } finally {
    hub.close();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error('chat failed:', error);
  process.exitCode = 1;
});
