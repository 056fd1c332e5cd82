import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook on loopback that keeps every POSTed body, parsed. */
export interface TestWebhook {
  readonly url: string;
  readonly posts: readonly unknown[];
  /** The next body POSTed from now on. */
  next(): Promise<unknown>;
  close(): Promise<void>;
}

export async function startWebhook(): Promise<TestWebhook> {
  const posts: unknown[] = [];
  let waiting: ((body: unknown) => void) | undefined;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const parsed: unknown = JSON.parse(body);
      posts.push(parsed);
      waiting?.(parsed);
      waiting = undefined;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    next: () => new Promise((resolve) => (waiting = resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
