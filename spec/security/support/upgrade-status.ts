import WebSocket from 'ws';

/**
 * A WebSocket upgrade to `url` with these extra headers (e.g. `origin`, `host`; none: as Node
 * clients send it); resolves with 101 or the refusal's status.
 */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', reject);
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
  });
}
