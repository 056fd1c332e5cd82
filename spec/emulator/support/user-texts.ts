import type { HubEmulator } from '../../../lib/emulator/index.js';

/** The texts of the user messages the hub received for one conversation, in order (from its ledger). */
export const userTextsOf = (emulator: HubEmulator, conversationId: string): Array<string | undefined> =>
  emulator.received
    .forConversation(conversationId)
    .filter((e) => e.eventType === 'user_message')
    .map((e) => (e.payload['content'] as { text?: string }).text);
