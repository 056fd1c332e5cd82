import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireObject } from '../protocol/wire.js';
import type { EmulatorConnection } from './connection.js';
import type { HubCore } from './hub-core.js';
import { excerpt } from './logger.js';
import { transcriptPayload } from './transcript.js';
import { stringField } from './safe-object.js';
import { isRejected, parseClientFrame } from './wire-frames.js';
import { isAcceptedKey } from './upgrade-gate.js';

/**
 * Where the vendor's current client posts its events. Answers to the sender come back in the response
 * body (`{ok: true, event_type, …payload}`); bot replies and the start confirmation come on the socket.
 */
export const COMPAT_MESSAGE_PATH = '/api/custom-channel/sockets/message';

/** Where the vendor's `getTranscript` reads a transcript: `GET …?conversation_id=ID` → `{transcript}`. */
export const TRANSCRIPT_PATH = '/api/transcript';

// `access-control-allow-origin` is set per request by the server: only allowed origins (origin-policy.ts).
const CORS = {
  'access-control-allow-headers': 'content-type, x-api-key',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function headerKey(req: IncomingMessage): string | undefined {
  const value = req.headers['x-api-key'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The emulator's plain HTTP side: `GET /healthz`, `GET /messages/:id` (large replies behind a
 * `message_link`), `POST /api/custom-channel/sockets/message` (the vendor client's send path) and
 * `GET /api/transcript` (the vendor client's transcript).
 */
export function createRequestHandler(hub: HubCore, apiKeys: readonly string[] | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
    } else if (req.method === 'GET' && path === '/healthz') {
      json(res, 200, {
        status: 'ok',
        connections: hub.connections.size,
        conversations: hub.conversations.size,
      });
    } else if (req.method === 'GET' && path.startsWith('/messages/')) {
      serveLargeMessage(hub, apiKeys, req, res, decodeURIComponent(path.slice('/messages/'.length)));
    } else if (req.method === 'POST' && path === COMPAT_MESSAGE_PATH) {
      receivePost(hub, apiKeys, req, res);
    } else if (req.method === 'GET' && path === TRANSCRIPT_PATH) {
      serveTranscript(hub, apiKeys, req, res);
    } else {
      json(res, 404, { error: 'Not found' });
    }
  };
}

function serveLargeMessage(
  hub: HubCore,
  apiKeys: readonly string[] | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): void {
  const key = headerKey(req);
  if (!isAcceptedKey(apiKeys, key)) return json(res, 401, { error: 'Unauthorized' });
  // With apiKeys, another channel's reply is as unknown as a forgotten one.
  const otherChannel = apiKeys !== undefined && hub.largeMessages.apiKeyOf(id) !== key;
  if (!hub.largeMessages.has(id) || otherChannel) return json(res, 404, { error: 'Not found' });
  json(res, 200, { botMessage: { content: hub.largeMessages.get(id) } });
}

function receivePost(
  hub: HubCore,
  apiKeys: readonly string[] | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (!isAcceptedKey(apiKeys, headerKey(req))) {
    req.resume();
    return json(res, 401, { error: 'Unauthorized' });
  }
  const limit = hub.settings.limits.maxMessageBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    if (size > limit) return json(res, 413, { error: 'Payload too large' });
    const text = Buffer.concat(chunks).toString('utf8');
    const frame = parseClientFrame(text);
    if (isRejected(frame)) {
      hub.settings.logger.warn?.(`ignored HTTP post: ${frame.reason}: ${excerpt(text)}`);
      return json(res, 400, { error: `Bad request: ${frame.reason}` });
    }
    const key = headerKey(req);
    const connection =
      frame.socketId === undefined
        ? connectionWithoutSocketId(hub, frame.payload, key)
        : hub.connections.get(frame.socketId);
    // With apiKeys, a socket of another key is as unknown as a missing one (socket ids are sequential).
    const otherChannel = apiKeys !== undefined && connection?.apiKey !== key;
    if (!connection || otherChannel) return json(res, 404, { error: 'Unknown socket_id' });
    let answer: { eventType: string; payload: WireObject } | undefined;
    hub.receiveText(connection, text, 'http', (eventType, payload) => (answer = { eventType, payload }));
    const [status, body] = answerBody(answer);
    json(res, status, body);
  });
}

/**
 * A post without `socket_id` (the vendor's multi-key manager re-creates conversations without one):
 * handled for the socket its conversation is bound to, else any open socket of the same key.
 */
function connectionWithoutSocketId(
  hub: HubCore,
  payload: WireObject,
  key: string | undefined,
): EmulatorConnection | undefined {
  const conversation = hub.conversations.get(stringField(payload, 'conversation_id'));
  const sameChannel = (c: EmulatorConnection | undefined) => c?.open && c.apiKey === key;
  const bound = conversation?.boundConnectionId;
  const candidate = bound === undefined ? undefined : hub.connections.get(bound);
  if (sameChannel(candidate)) return candidate;
  for (const connection of hub.connections.values()) if (sameChannel(connection)) return connection;
  return undefined;
}

/**
 * The response body of a post: `{ok: true}` plus the answer's fields (`metadata` for
 * `conversation_metadata`, which the vendor's `getMetadata` reads); a `general_error` becomes an HTTP
 * error with its code.
 */
function answerBody(answer: { eventType: string; payload: WireObject } | undefined): [number, WireObject] {
  if (!answer) return [200, { ok: true }];
  const { eventType, payload } = answer;
  if (eventType === 'general_error') {
    const code = payload['error_code'];
    return [typeof code === 'number' && code >= 400 && code < 600 ? code : 400, { ok: false, ...payload }];
  }
  if (eventType === 'conversation_metadata') {
    const { content, ...rest } = payload;
    return [200, { ok: true, event_type: eventType, ...rest, metadata: content }];
  }
  return [200, { ok: true, event_type: eventType, ...payload }];
}

/** `GET /api/transcript?conversation_id=ID` with header `x-api-key`: `{conversation_id, transcript}`. */
function serveTranscript(
  hub: HubCore,
  apiKeys: readonly string[] | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const key = headerKey(req);
  if (!isAcceptedKey(apiKeys, key)) return json(res, 401, { error: 'Unauthorized' });
  const query = new URL(req.url ?? '/', 'http://emulator.invalid').searchParams;
  const id = query.get('conversation_id');
  if (!id) return json(res, 400, { error: 'Missing conversation_id' });
  const conversation = hub.conversations.get(id);
  // Another channel's conversation is as unknown as a missing one: its existence is not revealed.
  const otherChannel = conversation?.apiKey !== undefined && conversation.apiKey !== key;
  if (!conversation || otherChannel) return json(res, 404, { error: 'Invalid conversation_id' });
  const payload = transcriptPayload(conversation, hub.settings.transcriptShape);
  json(res, 200, { conversation_id: id, transcript: payload['transcript'] ?? payload['messages'] });
}
