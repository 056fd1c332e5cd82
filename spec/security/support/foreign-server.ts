import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a foreign server saw: what a hostile hub hoped to harvest. */
export interface SeenRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface ForeignServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly seen: SeenRequest[];
  stop(): Promise<void>;
}

/**
 * A plain HTTP server on 127.0.0.1:0 that records every request and answers like a large-reply
 * endpoint (or as `answer` says): the server a hostile hub points links at.
 */
export async function startForeignServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ botMessage: { content: [{ type: 'text', text: 'forged by a foreign server' }] } }),
    );
  },
): Promise<ForeignServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
