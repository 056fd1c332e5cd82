import { randomUUID } from 'node:crypto';
import type { WireObject } from '../protocol/wire.js';
import type { BotAction, BotContext } from './bot.js';
import type { ConversationRecord, Speaker } from './conversation-store.js';
import type { HubCore } from './hub-core.js';

function toParts(content: string | readonly WireObject[]): readonly WireObject[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** The {@link BotContext} of one conversation; also what the emulator's test hooks use. */
export class BotContextImpl implements BotContext {
  constructor(
    private readonly hub: HubCore,
    private readonly conversation: ConversationRecord,
  ) {}

  get conversationId(): string {
    return this.conversation.id;
  }

  get userId(): string {
    return this.conversation.userId ?? 'anon';
  }

  get metadata(): WireObject {
    return this.conversation.metadata;
  }

  get state(): Record<string, unknown> {
    return this.conversation.botState;
  }

  get maxMessageBytes(): number {
    return this.hub.settings.limits.maxMessageBytes;
  }

  reply(content: string | readonly WireObject[]): void {
    const parts = toParts(content);
    this.remember('bot', parts, []);
    this.hub.deliver(this.conversation, 'bot_message', {
      type: 'message_create',
      ch_msg_id: randomUUID(),
      conversation_id: this.conversation.id,
      bot: {},
      content: parts,
    });
  }

  sendActions(actions: readonly BotAction[]): void {
    const wire = actions.map((a) => ({ id: a.id, data: a.data ?? {} }));
    this.remember('bot', [], wire);
    this.hub.deliver(this.conversation, 'action', { conversation_id: this.conversation.id, actions: wire });
  }

  updateConversation(type: string, data: WireObject = {}): void {
    this.hub.deliver(this.conversation, 'conversation_update', {
      type,
      conversation_id: this.conversation.id,
      data,
    });
  }

  agentSays(content: string | readonly WireObject[]): void {
    const parts = toParts(content);
    this.remember('agent', parts, []);
    this.hub.deliver(this.conversation, 'livechat_message', {
      type: 'message_create',
      conversation_id: this.conversation.id,
      content: parts,
    });
  }

  private remember(from: Speaker, parts: readonly WireObject[], actions: readonly WireObject[]): void {
    this.conversation.transcript.push({
      from,
      eventId: this.hub.nextEventId(),
      at: this.hub.settings.clock.now(),
      parts,
      actions,
      files: [],
    });
  }
}
