import { firstValueFrom, filter, take, timeout } from 'rxjs';
import fc from 'fast-check';
import { connectHub } from '../../lib/hub/connect-hub.js';
import { startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';
import type { HubError } from '../../lib/errors.js';
import { textOf } from './support/reliable-chat.js';
import { userTextsOf } from '../emulator/support/user-texts.js';

describe('fuzz: garbage frames interleaved with a live conversation', () => {
  let emulator: HubEmulator;
  beforeAll(async () => (emulator = await startHubEmulator({ port: 0, frameShape: 'mixed' })));
  afterAll(() => emulator.stop());

  it('no conversation notices: every message arrives once, every reply comes, only errors$ hears the garbage', async () => {
    const hub = connectHub({ url: emulator.url, apiKey: 'fuzz', heartbeat: false });
    const protocolErrors: HubError[] = [];
    hub.errors$.subscribe((error) => protocolErrors.push(error));
    const conversations = await Promise.all(
      [0, 1, 2].map((n) => firstValueFrom(hub.startConversation$({ userId: `fuzz${n}` }))),
    );
    const conversationErrors: HubError[] = [];
    conversations.forEach((c) => c.errors$.subscribe((error) => conversationErrors.push(error)));

    // Arbitrary bytes and arbitrary JSON, sent raw between the conversation's own frames.
    const junk = fc.sample(
      fc.oneof(
        fc.string(),
        fc.json(),
        fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      ),
      { numRuns: 60, seed: 42 },
    );
    let sentJunk = 0;
    for (let round = 0; round < 20; round += 1) {
      emulator.sendGarbage();
      for (const frame of junk.slice(round * 3, round * 3 + 3)) sentJunk += emulator.sendRaw(frame);
      await Promise.all(
        conversations.map(async (conversation, n) => {
          const text = `fuzz ${n} round ${round}`;
          const reply = firstValueFrom(
            conversation.messages$.pipe(
              filter((m) => textOf(m) === `You said: ${text}`),
              take(1),
              timeout(2000),
            ),
          );
          conversation.sendText(text).subscribe();
          await reply;
        }),
      );
    }

    for (const [n, conversation] of conversations.entries()) {
      expect(userTextsOf(emulator, conversation.id)).toEqual(
        Array.from({ length: 20 }, (_, round) => `fuzz ${n} round ${round}`),
      );
    }
    expect(conversationErrors).toEqual([]);
    expect(sentJunk).toBeGreaterThan(0);
    expect(protocolErrors.length).toBeGreaterThanOrEqual(20 * 5);
    expect(protocolErrors.every((e) => e.code === 'MALFORMED_FRAME')).toBe(true);
    expect(emulator.connections()).toHaveLength(1); // the socket never died
    hub.close();
  });
});
