import { firstValueFrom } from 'rxjs';
import type { MessageStatus } from '../../lib/delivery/message-state.js';
import type { HubError } from '../../lib/errors.js';
import { firstWhere, startLiveHub, virtualTime } from '../client/support/live-hub.js';
import { userTextsOf } from '../emulator/support/user-texts.js';

/**
 * A chatty sender on a healthy socket: every message reaches the hub (the emulator's ledger) and
 * none fails with `UNCONFIRMED_LIMIT`. The probe's timer never fires here (virtual time): the
 * confirmations come from the outbox asking the hub once half its limit is unconfirmed.
 */
describe('a fast sender on a healthy socket', () => {
  it('sends three times maxUnconfirmed, one reply at a time: all confirmed or written, none failed', async () => {
    const { scheduler } = virtualTime();
    const live = await startLiveHub({ maxUnconfirmed: 10 }, {}, { scheduler });
    try {
      const conversation = await firstValueFrom(live.hub.startConversation$({ userId: 'chatty' }));
      const outcomes: { states: string[]; error?: HubError }[] = [];
      for (let i = 0; i < 30; i++) {
        const outcome: { states: string[]; error?: HubError } = { states: [] };
        outcomes.push(outcome);
        conversation.sendText(`m${i}`).subscribe({
          next: (status: MessageStatus) => outcome.states.push(status.state),
          error: (error: HubError) => (outcome.error = error),
        });
        await firstWhere(conversation.messages$, (m) =>
          m.parts.some((p) => p.type === 'text' && p.text === `You said: m${i}`),
        );
      }
      expect(outcomes.filter((o) => o.error).map((o) => o.error?.code)).toEqual([]);
      expect(userTextsOf(live.emulator, conversation.id)).toEqual(
        Array.from({ length: 30 }, (_, i) => `m${i}`),
      );
      // At most half the limit is left unconfirmed: the rest was confirmed by the hub's answers.
      const confirmed = outcomes.filter((o) => o.states.at(-1) === 'confirmed').length;
      expect(confirmed).toBeGreaterThanOrEqual(25);
    } finally {
      await live.stop();
    }
  });
});
