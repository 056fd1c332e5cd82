import { firstValueFrom } from 'rxjs';
import { firstWhere, startLiveHub } from '../client/support/live-hub.js';
import { record } from '../client/support/fake-connection.js';
import { HUB_LIMITS } from '../../lib/protocol/limits.js';
import { createHubConnection } from '../../lib/connection/create-hub-connection.js';
import { fakeSockets } from '../connection/support/fake-websocket.js';

const textOf = (m: { parts: readonly { type: string; text?: string }[] }) =>
  m.parts.map((p) => p.text ?? '').join('');

describe('inbound frame cap (Node, ws maxPayload)', () => {
  it('never delivers an 8 MB frame: INBOUND_TOO_LARGE on errors$, then the connection recovers', async () => {
    const live = await startLiveHub();
    try {
      const { hub, emulator } = live;
      const conversation = await firstValueFrom(hub.startConversation$());
      const events = record(hub.events$);
      const statuses = record(hub.status$);
      const allErrors = record(hub.errors$);
      const error = firstWhere(hub.errors$, (e) => e.code === 'INBOUND_TOO_LARGE', 5_000);
      const huge = 'x'.repeat(8 * 1024 * 1024);
      emulator.sendRaw({
        event_type: 'bot_message',
        event_id: 'huge',
        event_payload: { conversation_id: conversation.id, content: [{ type: 'text', text: huge }] },
      });
      await expect(error).resolves.toMatchObject({ limitBytes: HUB_LIMITS.maxMessageBytes });
      // Recovers: a new socket, and the conversation carries on.
      await firstWhere(hub.status$, (s) => s.state === 'connected' && s.generation > 1, 5_000);
      const echo = firstWhere(conversation.messages$, (m) => textOf(m) === 'You said: after', 5_000);
      conversation.sendText('after');
      await echo;
      expect(events.values.some((e) => e.eventId === 'huge')).toBe(false);
      expect(statuses.values.some((s) => s.state === 'reconnecting')).toBe(true);
      // Our own 1009 close is not mistaken for the gateway refusing an outbound frame.
      expect(allErrors.values.map((e) => e.code)).toEqual(['INBOUND_TOO_LARGE']);
    } finally {
      await live.stop();
    }
  });
});

describe('inbound frame cap where the socket cannot refuse (browsers)', () => {
  it('drops a received frame over maxInboundFrameBytes undecoded, reports it, and keeps the socket', () => {
    const { Ctor, sockets } = fakeSockets();
    const connection = createHubConnection({
      url: 'wss://hub.test',
      apiKey: 'k',
      WebSocketCtor: Ctor,
      heartbeat: false,
      maxInboundFrameBytes: 1_000,
    });
    const events = record(connection.events$);
    const errors = record(connection.errors$);
    const socket = sockets[0]!;
    socket.greet('s1');
    const frame = (text: string) => ({
      event_type: 'bot_message',
      event_payload: { conversation_id: 'c1', content: [{ type: 'text', text }] },
    });
    socket.receive(frame('é'.repeat(600))); // 600 characters, over 1 000 bytes in UTF-8
    socket.receive(frame('small'));
    expect(errors.values).toMatchObject([{ code: 'INBOUND_TOO_LARGE', limitBytes: 1_000 }]);
    expect((errors.values[0] as unknown as { bytes: number }).bytes).toBeGreaterThan(1_000);
    expect(events.values.map((e) => e.type)).toEqual(['socket_connected', 'bot_message']);
    expect(socket.readyState).toBe(1);
    connection.close();
  });
});
