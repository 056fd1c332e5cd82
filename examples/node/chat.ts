/**
 * A short conversation with a local hub emulator, end to end:
 *   node -r esbuild-register examples/node/chat.ts
 * Exits 0 when the bot greeted and answered, 1 otherwise (CI runs it).
 */
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import type { ChatMessage } from '../../lib/index.js';

const API_KEY = 'example-key';

/**
 * esbuild-register runs TypeScript but does not map the sources' `./x.js` imports (module
 * nodenext) to the `./x.ts` files; this does, before the library is loaded below. An app using
 * the published package (`import { connectHub } from 'captivate-hub-rx'`) needs none of it.
 */
function resolveTsSources(): void {
  type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
  const loader = Module as unknown as { _resolveFilename: Resolve };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, ...rest) {
    if (request.startsWith('.') && request.endsWith('.js') && parent?.filename) {
      const candidate = resolve(dirname(parent.filename), `${request.slice(0, -3)}.ts`);
      if (existsSync(candidate)) return candidate;
    }
    return original.call(this, request, parent, ...rest);
  };
}

function show(message: ChatMessage): string {
  const parts = message.parts.map((part) => {
    if (part.type === 'text') return part.text;
    if (part.type === 'buttons') return `[${part.buttons.options.map((option) => option.label).join(' | ')}]`;
    return `<${part.type}>`;
  });
  return `${message.from}: ${parts.join(' ')}`;
}

async function main(): Promise<void> {
  if (__filename.endsWith('.ts')) resolveTsSources();
  const load = createRequire(__filename);
  const { startHubEmulator } = load(
    '../../lib/emulator/index.js',
  ) as typeof import('../../lib/emulator/index.js');
  const { connectHub } = load('../../lib/index.js') as typeof import('../../lib/index.js');

  const emulator = await startHubEmulator({ apiKeys: [API_KEY] });
  const hub = connectHub({ url: emulator.url, apiKey: API_KEY });
  try {
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'example-user' }));
    console.log(`conversation ${conversation.id}`);
    // Kept for the first subscriber, so the greeting is not lost to the await above.
    const [greeting] = await firstValueFrom(conversation.messages$.pipe(take(1), toArray(), timeout(5_000)));
    if (greeting) console.log(show(greeting));

    const question = 'What are your opening hours?';
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('chat failed:', error);
    process.exit(1);
  },
);
