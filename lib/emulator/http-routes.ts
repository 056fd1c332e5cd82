import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubCore } from './hub-core.js';
import { excerpt } from './logger.js';
import { isRejected, parseClientFrame } from './wire-frames.js';
import { isAcceptedKey } from './upgrade-gate.js';

/** Where the vendor's current client posts its events (then reads answers on the socket). */
export const COMPAT_MESSAGE_PATH = '/api/custom-channel/sockets/message';

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
 * `message_link`) and `POST /api/custom-channel/sockets/message` (the vendor client's send path).
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
  if (!isAcceptedKey(apiKeys, headerKey(req))) return json(res, 401, { error: 'Unauthorized' });
  if (!hub.largeMessages.has(id)) return json(res, 404, { error: 'Not found' });
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
    const connection = frame.socketId === undefined ? undefined : hub.connections.get(frame.socketId);
    if (!connection) return json(res, 404, { error: 'Unknown socket_id' });
    hub.receiveText(connection, text, 'http');
    json(res, 200, { ok: true });
  });
}
