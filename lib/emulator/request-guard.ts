import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EmulatorLogger } from './logger.js';
import { redactKeys } from './logger.js';
import { rejectUpgrade } from './upgrade-gate.js';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;
type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

function describe(request: IncomingMessage, error: unknown): string {
  const why = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
  // The message of a URL error may echo the URL, key included.
  return `bad request ${request.method ?? '?'} ${redactKeys(request.url ?? '/')}: ${redactKeys(why)}`;
}

/**
 * No HTTP request can throw out of the emulator (which would end the process, or the test runner
 * of an in-process emulator): whatever a handler throws becomes a 400 (or ends a response
 * already started), logged with its key redacted.
 */
export function guardRequests(handler: RequestHandler, logger: EmulatorLogger): RequestHandler {
  return (request, response) => {
    try {
      handler(request, response);
    } catch (error) {
      logger.warn?.(describe(request, error));
      if (response.headersSent) return void response.destroy();
      response.writeHead(400, { 'content-type': 'application/json', connection: 'close' });
      response.end('{"error":"Bad request"}');
    }
  };
}

/** The same for upgrades: a throw becomes `HTTP 400` on the raw socket, which is then closed. */
export function guardUpgrades(handler: UpgradeHandler, logger: EmulatorLogger): UpgradeHandler {
  return (request, socket, head) => {
    try {
      handler(request, socket, head);
    } catch (error) {
      logger.warn?.(describe(request, error));
      if (socket.writable) rejectUpgrade(socket, 400);
      else socket.destroy();
    }
  };
}
