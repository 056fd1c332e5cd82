import { firstValueFrom } from 'rxjs';
import type { ChatMessage } from '../../lib/conversation/chat-message.js';
import type { HubEmulator } from '../../lib/emulator/index.js';
import { HubProtocolError, HubResponseError } from '../../lib/errors.js';
import type { Hub } from '../../lib/hub/hub.js';
import { firstN, firstWhere, startLiveHub } from './support/live-hub.js';

const textOf = (message: ChatMessage): string =>
  message.parts.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join(' ');

describe('Conversation against the emulator (loopback)', () => {
  let emulator: HubEmulator;
  let hub: Hub;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    ({ emulator, hub, stop } = await startLiveHub());
  });
  afterEach(() => stop());

  it('starts, receives the greeting with buttons, sends text and gets the echo', async () => {
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'user-1' }));
    expect(conversation.id.startsWith('user-1-')).toBe(true);
    // Subscribing after an await still gets the greeting (kept for the first subscriber).
    const [greeting] = await firstN(conversation.messages$, 1);
    expect(greeting).toMatchObject({ from: 'bot', source: 'socket' });
    expect(greeting?.parts.map((p) => p.type)).toEqual(['text', 'buttons']);
    const reply = firstWhere(conversation.messages$, (m) => textOf(m) === 'You said: hello');
    const { clientMsgId } = await firstValueFrom(conversation.sendText('hello'));
    await reply;
    expect(emulator.received.withClientMsgId(clientMsgId)).toHaveLength(1);
  });

  it('receives actions, conversation updates and agent messages', async () => {
    const conversation = await firstValueFrom(hub.startConversation$());
    const contact = firstValueFrom(conversation.actions$);
    conversation.sendText('contact');
    expect((await contact).payload.actions).toEqual([
      { id: 'redirectToContactUs', data: { url: '/contact' } },
    ]);

    const update = firstWhere(conversation.updates$, (u) => u.payload.type === 'livechatAgentConnected');
    const agent = firstWhere(conversation.messages$, (m) => m.from === 'agent');
    await firstValueFrom(conversation.sendAction('escalateToHuman'));
    await update;
    expect(textOf(await agent)).toContain('Sam');

    const pushed = firstWhere(conversation.messages$, (m) => textOf(m) === 'pushed by the agent');
    emulator.agentSays(conversation.id, 'pushed by the agent');
    await expect(pushed).resolves.toMatchObject({ from: 'agent' });
  });

  it('sets and reads metadata, reads the transcript and edits a message', async () => {
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'meta' }));
    await firstValueFrom(conversation.setMetadata({ plan: 'pro' }, 'bot'));
    await expect(firstValueFrom(conversation.metadata$())).resolves.toMatchObject({ plan: 'pro' });
    const { clientMsgId } = await firstValueFrom(conversation.sendText('first words'));
    await firstValueFrom(conversation.editMessage(clientMsgId, 'edited words'));
    const entries = await firstValueFrom(conversation.transcript$());
    expect(
      entries.some(
        (e) => e.from === 'user' && e.parts.some((p) => p.type === 'text' && p.text === 'edited words'),
      ),
    ).toBe(true);
    expect(entries.some((e) => e.from === 'bot')).toBe(true);
  });

  it('fails a request with the hub error (400 Invalid conversation_id) for an unknown conversation', async () => {
    const ghost = hub.conversation('does-not-exist-0000');
    const failure = firstValueFrom(ghost.metadata$());
    await expect(failure).rejects.toBeInstanceOf(HubResponseError);
    await expect(failure).rejects.toMatchObject({
      code: 'HUB_ERROR',
      hubCode: 400,
      hubDescription: 'Invalid conversation_id',
    });
    // An edit of an unknown message fails with the hub's own text too.
    const real = await firstValueFrom(hub.startConversation$());
    await expect(firstValueFrom(real.editMessage('no-such-message', 'x'))).rejects.toMatchObject({
      hubDescription: 'Invalid message_id',
    });
  });

  it('deletes a conversation, which closes it and makes the hub refuse it afterwards', async () => {
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'del' }));
    await firstValueFrom(conversation.delete$());
    expect(emulator.conversation(conversation.id)).toBeUndefined();
    await expect(firstValueFrom(conversation.metadata$())).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    });
    await expect(firstValueFrom(hub.conversation(conversation.id).metadata$())).rejects.toMatchObject({
      hubCode: 400,
    });
  });

  it('fetches a large reply (413 + message_link) and emits it as the bot message', async () => {
    const conversation = await firstValueFrom(hub.startConversation$());
    const big = firstWhere(conversation.messages$, (m) => m.source === 'link', 5_000);
    conversation.sendText('big');
    const message = await big;
    expect(message.from).toBe('bot');
    expect(textOf(message).length).toBeGreaterThan(128 * 1024);
  });

  it('survives garbage frames: errors$ reports them, the conversation carries on', async () => {
    const conversation = await firstValueFrom(hub.startConversation$());
    const errors = firstN(hub.errors$, 1);
    emulator.sendGarbage({ kinds: ['not-json'] });
    expect((await errors)[0]).toBeInstanceOf(HubProtocolError);
    const echo = firstWhere(conversation.messages$, (m) => textOf(m) === 'You said: still here');
    conversation.sendText('still here');
    await echo;
  });

  it('recovers messages sent while the socket was down (recover$)', async () => {
    const conversation = await firstValueFrom(hub.startConversation$({ userId: 'rec' }));
    await firstN(conversation.messages$, 1); // the greeting, seen live
    const reconnected = firstN(conversation.id$, 2, 5_000);
    emulator.dropConnections();
    await reconnected;
    // The conversation is still bound to the dead socket on the hub: this message is never delivered.
    emulator.botSays(conversation.id, 'said while you were away');
    const recovered = await firstValueFrom(conversation.recover$());
    expect(recovered.map((m) => [m.from, m.source, textOf(m)])).toEqual([
      ['bot', 'transcript', 'said while you were away'],
    ]);
    await expect(firstValueFrom(conversation.recover$())).resolves.toEqual([]);
  });
});
