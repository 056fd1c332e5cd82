import { firstValueFrom } from 'rxjs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Conversation } from '../../lib/conversation/conversation.js';
import { MessageFetchError } from '../../lib/errors.js';
import { fakeHub, record } from '../client/support/fake-connection.js';
import { API_KEY, firstWhere, startLiveHub } from '../client/support/live-hub.js';
import { startForeignServer, type ForeignServer } from './support/foreign-server.js';

/**
 * A hostile (or compromised) hub on loopback points large-reply links elsewhere. Whatever it
 * tries, the foreign server — checked from its own side — never receives the API key, and what
 * it would answer is never shown as a bot message.
 */
describe('a hostile hub cannot make the client send its key elsewhere', () => {
  let foreign: ForeignServer;
  beforeEach(async () => (foreign = await startForeignServer()));
  afterEach(() => foreign.stop());

  const keyed = () => foreign.seen.filter((r) => r.headers['x-api-key'] !== undefined);

  /** Sends `general_error` 413 with `link` from the emulator, as a hostile hub would. */
  async function hostileLink(
    link: (emulatorHttpUrl: string) => string,
    httpHandler?: (req: IncomingMessage, res: ServerResponse) => boolean,
  ) {
    const live = await startLiveHub({}, httpHandler ? { httpHandler } : {});
    try {
      const conversation: Conversation = await firstValueFrom(live.hub.startConversation$());
      const messages = record(conversation.messages$);
      const failure = firstWhere(conversation.errors$, (e) => e.code === 'MESSAGE_FETCH_FAILED', 5_000);
      live.emulator.sendRaw({
        event_type: 'general_error',
        event_id: 'hostile-1',
        event_payload: {
          conversation_id: conversation.id,
          error_code: 413,
          error_desc: 'Payload too large',
          message_link: link(live.emulator.httpUrl),
        },
      });
      const error = await failure;
      return { error, shown: messages.values.filter((m) => m.source === 'link') };
    } finally {
      await live.stop();
    }
  }

  it('refuses a link to another port of the same host, without any request', async () => {
    const { error, shown } = await hostileLink(() => `${foreign.origin}/messages/1`);
    expect(error).toBeInstanceOf(MessageFetchError);
    expect(foreign.seen).toEqual([]);
    expect(shown).toEqual([]);
  });

  it('never follows a redirect from the hub’s own origin with the key', async () => {
    const redirect = (req: IncomingMessage, res: ServerResponse): boolean => {
      if (!req.url?.startsWith('/moved')) return false;
      res.writeHead(302, { location: `${foreign.origin}/stolen` }).end();
      return true;
    };
    const { error, shown } = await hostileLink((own) => `${own}/moved/1`, redirect);
    expect(error).toMatchObject({ code: 'MESSAGE_FETCH_FAILED', status: 302 });
    expect(keyed()).toEqual([]);
    expect(foreign.seen).toEqual([]); // not followed at all
    expect(shown).toEqual([]);
  });

  it('refuses a plain http link from a wss hub, even to the hub’s own host and port', async () => {
    const port = new URL(foreign.origin).port;
    const { hub, connection } = fakeHub({ url: `wss://127.0.0.1:${port}`, apiKey: API_KEY });
    const conversation = hub.conversation('c1');
    const messages = record(conversation.messages$);
    const failure = firstValueFrom(conversation.errors$);
    connection.receive('general_error', {
      conversation_id: 'c1',
      error_code: 413,
      message_link: `http://127.0.0.1:${port}/messages/1`,
    });
    expect(await failure).toMatchObject({ code: 'MESSAGE_FETCH_FAILED', status: undefined });
    expect(foreign.seen).toEqual([]);
    expect(messages.values).toEqual([]);
    hub.close();
  });

  it('sends the key to an origin the user added to trustedOrigins (and only there)', async () => {
    const live = await startLiveHub({ trustedOrigins: [foreign.origin] });
    try {
      const conversation = await firstValueFrom(live.hub.startConversation$());
      const message = firstWhere(conversation.messages$, (m) => m.source === 'link', 5_000);
      live.emulator.sendRaw({
        event_type: 'general_error',
        event_id: 'vendor-api-1',
        event_payload: {
          conversation_id: conversation.id,
          error_code: 413,
          message_link: `${foreign.origin}/m/1`,
        },
      });
      await expect(message).resolves.toMatchObject({ from: 'bot', source: 'link' });
      expect(foreign.seen.map((r) => [r.url, r.headers['x-api-key']])).toEqual([['/m/1', API_KEY]]);
    } finally {
      await live.stop();
    }
  });
});
