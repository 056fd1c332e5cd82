import { filter, firstValueFrom } from 'rxjs';
import type { HubEmulator } from '../../lib/emulator/index.js';
import type { Hub } from '../../lib/hub/hub.js';
import { startLiveHub } from './support/live-hub.js';

/**
 * The hub stalls (the socket stays up, frames wait unread) while one user's request times out; the
 * next user's request must get its own answer, never the late answer of the first. Checked from
 * the hub's side: the emulator's ledger names the conversation each start created.
 */
describe('a stalled hub never hands one user the answer meant for another', () => {
  let emulator: HubEmulator;
  let hub: Hub;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    ({ emulator, hub, stop } = await startLiveHub({ requestTimeoutMs: 300 }));
  });
  afterEach(() => stop());

  /** The conversation the emulator created for `userId`'s start. */
  const createdFor = (userId: string): (string | undefined)[] =>
    emulator.received
      .ofType('conversation_start')
      .filter((entry) => entry.payload['userId'] === userId)
      .map((entry) => entry.conversationId);

  it("bob's start gets bob's conversation after alice's start timed out on the stalled hub", async () => {
    const held = hub.events$.subscribe(); // the socket stays up
    await firstValueFrom(hub.status$.pipe(filter((status) => status.state === 'connected')));
    emulator.freeze();
    await expect(firstValueFrom(hub.startConversation$({ userId: 'alice' }))).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
    });
    const bob = firstValueFrom(hub.startConversation$({ userId: 'bob' }));
    emulator.unfreeze();
    const conversation = await bob;
    expect(conversation.id.startsWith('bob-')).toBe(true);
    expect(createdFor('bob')).toEqual([conversation.id]);
    expect(createdFor('alice')).toHaveLength(1);
    expect(createdFor('alice')[0]).not.toBe(conversation.id);
    held.unsubscribe();
  });

  it("carol's list gets carol's conversations after dave's list timed out on the stalled hub", async () => {
    const daves = await firstValueFrom(hub.startConversation$({ userId: 'dave' }));
    const carols = await firstValueFrom(hub.startConversation$({ userId: 'carol' }));
    emulator.freeze();
    await expect(firstValueFrom(hub.userConversations$({ userId: 'dave' }))).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
    });
    const carol = firstValueFrom(hub.userConversations$({ userId: 'carol' }));
    emulator.unfreeze();
    const { conversations } = await carol;
    expect(conversations.map((c) => c.conversationId)).toEqual([carols.id]);
    expect(conversations.map((c) => c.conversationId)).not.toContain(daves.id);
    expect(emulator.received.ofType('get_user_conversations').map((e) => e.payload['userId'])).toEqual([
      'dave',
      'carol',
    ]);
  });
});
