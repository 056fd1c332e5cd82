import { Subject } from 'rxjs';
import { forConversation } from '../../lib/operators/for-conversation.js';
import { ofType } from '../../lib/operators/of-type.js';
import { decodeWireEvent } from '../../lib/protocol/decode.js';
import type { BotMessageEvent, HubEvent, LivechatMessageEvent } from '../../lib/protocol/inbound.js';
import { record } from './support/fake-connection.js';

const event = (type: string, conversationId?: string): HubEvent =>
  decodeWireEvent({
    event_type: type,
    event_payload: conversationId ? { conversation_id: conversationId, content: [] } : { content: [] },
  });

describe('operators', () => {
  it('ofType keeps the given types and narrows the element type', () => {
    const events$ = new Subject<HubEvent>();
    const bots = record(events$.pipe(ofType('bot_message')));
    const chats = record(events$.pipe(ofType('bot_message', 'livechat_message')));
    for (const type of ['bot_message', 'action', 'livechat_message', 'socket_connected'])
      events$.next(event(type, 'c'));
    const narrowed: BotMessageEvent[] = bots.values;
    const either: (BotMessageEvent | LivechatMessageEvent)[] = chats.values;
    expect(narrowed.map((e) => e.type)).toEqual(['bot_message']);
    expect(either.map((e) => e.type)).toEqual(['bot_message', 'livechat_message']);
  });

  it('forConversation keeps one conversation and drops events without an id', () => {
    const events$ = new Subject<HubEvent>();
    const mine = record(events$.pipe(forConversation('c1')));
    events$.next(event('bot_message', 'c1'));
    events$.next(event('bot_message', 'c2'));
    events$.next(event('bot_message'));
    expect(mine.values.map((e) => e.conversationId)).toEqual(['c1']);
  });
});
