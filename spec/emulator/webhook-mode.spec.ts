import { filter, firstValueFrom } from 'rxjs';
import { startHubEmulator, type EmulatorEvent, type HubEmulator } from '../../lib/emulator/index.js';
import { TestClient, TrackedClients } from './support/test-client.js';
import { startWebhook, type TestWebhook } from './support/webhook.js';

describe('hub emulator — a channel in Webhook mode', () => {
  let hub: HubEmulator;
  let webhook: TestWebhook | undefined;
  const clients = new TrackedClients();
  const open = () => clients.open(hub.urlWithKey());
  afterEach(async () => {
    await clients.closeAll(() => hub.stop());
    await webhook?.close();
    webhook = undefined;
  });

  /** What the socket got up to the answer of a request sent now: anything the hub wrote before it. */
  const socketTypesSoFar = async (client: TestClient, conversationId: string) => {
    client.send('metadata_request', { conversation_id: conversationId });
    await client.take('conversation_metadata');
    return client.events.map((e) => e.event_type);
  };

  it('POSTs bot replies to the webhook as wire events, not to the socket; requests are still answered', async () => {
    webhook = await startWebhook();
    hub = await startHubEmulator({ channelMode: 'webhook', webhookUrl: webhook.url });
    const client = await open();
    const greeting = webhook.next();
    const id = await client.start({ userId: 'hooked' });
    expect(await greeting).toMatchObject({
      event_type: 'bot_message',
      event_id: expect.any(String),
      event_payload: {
        conversation_id: id,
        content: expect.arrayContaining([{ type: 'text', text: expect.any(String) }]),
      },
    });

    const echo = webhook.next();
    client.say(id, 'anyone there?');
    expect(await echo).toMatchObject({
      event_type: 'bot_message',
      event_payload: { conversation_id: id, content: [{ type: 'text', text: 'You said: anyone there?' }] },
    });
    expect(await socketTypesSoFar(client, id)).toEqual([
      'socket_connected',
      'conversation_start_success',
      'conversation_metadata',
    ]);
  });

  it('switches at run time: back to the socket with setChannelMode("socket")', async () => {
    webhook = await startWebhook();
    hub = await startHubEmulator({ webhookUrl: webhook.url });
    const client = await open();
    const id = await client.start();
    await client.take('bot_message'); // the greeting, on the socket

    hub.setChannelMode('webhook');
    const diverted = webhook.next();
    hub.agentSays(id, 'hello from the agent');
    expect(await diverted).toMatchObject({ event_type: 'livechat_message' });

    hub.setChannelMode('socket');
    client.say(id, 'and now?');
    const reply = await client.take('bot_message');
    expect(reply.event_payload['content'][0].text).toBe('You said: and now?');
    expect(webhook.posts).toHaveLength(1);
  });

  it('without a webhook URL, replies vanish; the events$ feed still shows each one', async () => {
    hub = await startHubEmulator({ channelMode: 'webhook' });
    const feed: EmulatorEvent[] = [];
    hub.events$.subscribe((event) => feed.push(event));
    const client = await open();
    const greeted = firstValueFrom(hub.events$.pipe(filter((event) => event.type === 'webhook')));
    const id = await client.start();
    await greeted;
    hub.sendAction(id, [{ id: 'redirectToContactUs' }]);

    expect(await socketTypesSoFar(client, id)).toEqual([
      'socket_connected',
      'conversation_start_success',
      'conversation_metadata',
    ]);
    const diverted = feed.flatMap((event) => (event.type === 'webhook' ? [event] : []));
    expect(diverted.map((event) => [event.eventType, event.conversationId])).toEqual([
      ['bot_message', id],
      ['action', id],
    ]);
    expect(JSON.parse(diverted[1]!.text)).toMatchObject({
      event_payload: { actions: [{ id: 'redirectToContactUs', data: {} }] },
    });
  });
});
